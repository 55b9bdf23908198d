"""How plans read on a page: texts in the reader's language (with the language they are in when it differs), tag
and jurisdiction names, and one row per item with its progress."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from algoscope.common.multilingual import resolve_text
from algoscope.plans import selectors
from algoscope.plans.engine.document import Item
from algoscope.plans.engine.document import Strategy as Document
from algoscope.plans.engine.progress import METHOD_LABELS, RAG_LABELS, STATUS_LABELS, Rolled
from algoscope.plans.engine.taxonomy import builtin
from algoscope.plans.models import ProgressUpdate

JURISDICTION_LABELS = {
    "BE-FED": _("Belgium (federal)"),
    "BE-VLG": _("Flanders"),
    "BE-WAL": _("Wallonia"),
    "BE-BRU": _("Brussels-Capital"),
    "NL": _("Netherlands"),
    "LU": _("Luxembourg"),
    "BENELUX": _("Benelux"),
}
KIND_LABELS = {
    "strategy": _("Strategy"),
    "vision": _("Vision"),
    "recommendation": _("Recommendation"),
    "objective": _("Objective"),
    "action": _("Action"),
    "action_line": _("Action line"),
    "principle": _("Principle"),
    "ambition": _("Ambition"),
    "aim": _("Aim"),
    "enabler": _("Enabler"),
    "goal": _("Goal"),
    "request": _("Request"),
}
VERIFICATION_LABELS = {
    "official_text": _("Official text"),
    "official_summary": _("Official summary"),
    "secondary_summary": _("Secondary source"),
    "unverified": _("Unverified"),
}
VERIFICATION_TONES = {
    "official_text": "safe",
    "official_summary": "safe",
    "secondary_summary": "warning",
    "unverified": "danger",
}


@dataclass(frozen=True)
class Shown:
    """A text in the reader's language, or in another one (``lang`` set: the page marks it)."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text


def shown(texts: Mapping[str, str] | None, language: str) -> Shown:
    resolved = resolve_text(texts, language, "en")
    return Shown(resolved.text, resolved.language if resolved.fallback else "")


def tag_label(ref: str, language: str) -> Shown:
    tag = builtin().tags.get(ref)
    return shown(tag.title, language) if tag is not None else Shown(ref)


def jurisdiction(code: str) -> str:
    return str(JURISDICTION_LABELS.get(code, code))


def short_label(document: Document) -> str:
    """``Belgium (federal) 2022``: a column heading."""
    year = document.adopted_on[:4]
    return f"{jurisdiction(document.jurisdiction)} {year}".strip()


def depth(document: Document, item: Item) -> int:
    level, seen, parent = 0, {item.key}, item.parent
    while parent and parent not in seen:
        seen.add(parent)
        level += 1
        found = document.item(parent)
        parent = found.parent if found is not None else ""
    return level


def item_row(
    document: Document, item: Item, language: str, rolled: Rolled | None, update: ProgressUpdate | None
) -> dict[str, Any]:
    return {
        "item": item,
        "title": shown(item.title, language),
        "kind": KIND_LABELS.get(item.kind, item.kind),
        "depth": min(depth(document, item), 3),
        "verification": VERIFICATION_LABELS.get(item.verification, item.verification),
        "verification_tone": VERIFICATION_TONES.get(item.verification, "neutral"),
        "rolled": rolled,
        "update": update,
        "tags": [tag_label(ref, language) for ref in item.tags],
        "bodies": item.bodies,
    }


def status_label(value: str) -> str:
    return gettext(STATUS_LABELS.get(value, value))


def rag_label(value: str) -> str:
    return gettext(RAG_LABELS.get(value, value))


def method_label(value: str) -> str:
    if value == "not_reported":
        return gettext("not reported yet")
    return gettext(METHOD_LABELS.get(value, value))


def plan_item_links(links: Iterable[str], language: str) -> list[dict[str, Any]]:
    """``PLAN-ID:ITEM-ID`` links with the item's title when the plan and item are published (else the bare id)."""
    out = []
    for link in links:
        strategy_key, _sep, item_key = link.partition(":")
        strategy = selectors.strategy_get_public(strategy_key)
        document = selectors.published_document(strategy) if strategy is not None else None
        item = document.item(item_key) if document is not None else None
        out.append(
            {
                "link": link,
                "strategy": strategy_key,
                "item": item.key if item else item_key,
                "title": shown(item.title, language) if item else None,
            }
        )
    return out
