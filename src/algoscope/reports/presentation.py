"""How a report reads, in one language: its chapters in their fixed numbering (the same in every language), the
words for the snapshot's codes, its key figures and charts. A report's figures come from its snapshot only; this
module only chooses the words around them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from algoscope.aiact.engine.texts import texts_for
from algoscope.common.charts import bar_chart, narrow_bar_chart
from algoscope.participation.models import Question
from algoscope.plans.engine.progress import CONFIDENCE_LABELS, RAG_LABELS, STATUS_LABELS
from algoscope.plans.presentation import JURISDICTION_LABELS, KIND_LABELS
from algoscope.plans.views_pilots import DOMAIN_LABELS, LEGAL_BASIS_LABELS, ROLE_LABELS
from algoscope.plans.views_pilots import STATUS_LABELS as PILOT_STATUS_LABELS
from algoscope.reports.engine import texts
from algoscope.reports.engine.figures import flatten
from algoscope.reports.engine.periods import PeriodError, parse_period
from algoscope.reports.engine.scope import BENELUX
from algoscope.reports.sections import BY_KEY
from algoscope.sortition.models import RecommendationResponse

NOT_REPORTED = _("Not reported")
# Each grade's bar colour, dark enough against white (3:1 at least, WCAG 1.4.11); the table beside says it in words.
RAG_COLOURS: Final = {"green": "#2e7d32", "amber_green": "#5f7d12", "amber": "#a35f00", "amber_red": "#b8461b",
                      "red": "#b3261e", "not_reported": "#6b7280"}  # fmt: skip
SCOPE_LABELS: Final = {BENELUX: _("Benelux"), "BE": _("Belgium"), "NL": _("Netherlands"), "LU": _("Luxembourg")}
COUNTRY_LABELS: Final = {"BE": _("Belgium"), "NL": _("Netherlands"), "LU": _("Luxembourg"), "BENELUX": _("Benelux")}

LABELS: Final[dict[str, dict[str, Any]]] = {
    "status": {**STATUS_LABELS, "not_reported": NOT_REPORTED},
    "rag": {**RAG_LABELS, "not_reported": NOT_REPORTED},
    "confidence": CONFIDENCE_LABELS,
    "kind": KIND_LABELS,
    "jurisdiction": JURISDICTION_LABELS,
    "country": COUNTRY_LABELS,
    "domain": DOMAIN_LABELS,
    "pilot_status": PILOT_STATUS_LABELS,
    "legal_basis": LEGAL_BASIS_LABELS,
    "role": ROLE_LABELS,
    "channel": dict(Question.Channel.choices),
    "response": dict(RecommendationResponse.Status.choices),
}


def label(kind: str, value: Any) -> str:
    if kind == "ai_act_class":
        return (
            str(_("Not assessed"))
            if value == "not_assessed"
            else texts_for(translation.get_language() or "en")(f"categories.{value}")
        )
    found = LABELS.get(kind, {}).get(value)
    return gettext(found) if isinstance(found, str) else str(found) if found is not None else str(value)


@dataclass(frozen=True)
class Chapter:
    number: str
    key: str
    title: Any
    sections: tuple[str, ...]


CHAPTERS: Final = (
    Chapter("1", "summary", _("Executive summary"), ()),
    Chapter("2", "status", _("Status and RAG per country, strategy and objective"), ("status",)),
    Chapter("3", "results", _("Concrete results"), ("results",)),
    Chapter("4", "bottlenecks", _("Bottlenecks needing political attention"), ("bottlenecks",)),
    Chapter("5", "commitments", _("Commitments and their dates"), ("commitments",)),
    Chapter("6", "harmonisation", _("Harmonisation: what the strategies leave uncovered"), ("harmonisation",)),
    Chapter("7", "testbed", _("The AI Act test-bed"), ("testbed",)),
    Chapter("8", "transparency", _("Transparency"), ("records", "audits", "questions")),
    Chapter("9", "participation", _("Citizen participation"), ("consultations", "panels")),
    Chapter("10", "training", _("Training"), ("training",)),
    Chapter("A", "annex", _("Annex: the full action table"), ("annex",)),
)

# The figures the executive summary puts beside the coordinator's text: (figure id, words).
KEY_FIGURES: Final = (
    ("annex.items", _("items followed")),
    ("results.completed", _("actions completed in the period")),
    ("bottlenecks.rag.red", _("actions graded red")),
    ("bottlenecks.rag.amber_red", _("actions graded amber/red")),
    ("bottlenecks.rag.amber", _("actions graded amber")),
    ("bottlenecks.escalated", _("bottlenecks escalated")),
    ("commitments.overdue", _("commitments overdue")),
    ("testbed.pilots", _("pilots and sandboxes")),
    ("records.published", _("records in the register")),
    ("audits.published", _("published audits")),
    ("questions.received", _("questions received in the period")),
    ("questions.answered", _("of which answered")),
    ("consultations.proposals", _("proposals received")),
    ("consultations.adopted", _("proposals adopted")),
    ("panels.recommendations", _("panel recommendations")),
    ("training.participants", _("training participants")),
)


@dataclass
class Document:
    """What a report page or PDF shows: a published report, a draft, or the live dashboard's figures."""

    snapshot: dict[str, Any]
    language: str
    languages: list[str]
    number: int | None = None
    state: str = "live"
    summary: dict[str, str] = field(default_factory=dict)
    asks: dict[str, str] = field(default_factory=dict)
    correction_note: dict[str, str] = field(default_factory=dict)
    corrects: int | None = None
    published_at: Any = None
    snapshot_sha256: str = ""

    @property
    def sections(self) -> dict[str, Any]:
        found: dict[str, Any] = self.snapshot.get("sections", {})
        return found

    @property
    def period(self) -> str:
        return str(self.snapshot.get("period", {}).get("label", ""))

    @property
    def scope(self) -> str:
        return str(self.snapshot.get("scope", ""))

    def own_text(self, values: dict[str, str]) -> tuple[str, str]:
        """A text the coordinator wrote: in the page's language, or (marked) in one of the report's."""
        return texts.pick({"i18n": values}, self.language)


PERIOD_NAMES: Final = {
    "Q1": _("first quarter of %(year)s"), "Q2": _("second quarter of %(year)s"),
    "Q3": _("third quarter of %(year)s"), "Q4": _("fourth quarter of %(year)s"),
    "H1": _("first half of %(year)s"), "H2": _("second half of %(year)s"),
}  # fmt: skip


def period_name(code: str) -> str:
    """A period's code (``2026-Q3``, ``2026-H1``, ``2026``, ``2026-09``) in the active language; the code itself when
    it is none of these."""
    try:
        period = parse_period(code)
    except PeriodError:
        return code
    year, _sep, part = period.label.partition("-")
    if not part:
        return year
    if part in PERIOD_NAMES:
        return str(PERIOD_NAMES[part]) % {"year": year}
    return date_format(period.starts_on, "F Y")


def scope_label(scope: str) -> str:
    if scope in SCOPE_LABELS:
        return str(SCOPE_LABELS[scope])
    return scope  # a plan's id


def chapters(document: Document) -> list[dict[str, Any]]:
    out = []
    for chapter in CHAPTERS:
        parts = [
            {"key": key, "template": BY_KEY[key].template, "data": document.sections.get(key, {})}
            for key in chapter.sections
        ]
        out.append({"number": chapter.number, "key": chapter.key, "title": chapter.title, "parts": parts})
    return out


def key_figures(document: Document) -> list[dict[str, Any]]:
    flat = flatten(document.sections)
    return [{"id": ident, "label": words, "value": flat[ident]} for ident, words in KEY_FIGURES if ident in flat]


def status_charts(document: Document) -> list[dict[str, Any]]:
    """Per country, a bar chart of its actions by RAG grade (the table beside it has the same counts)."""
    out = []
    for country in document.sections.get("status", {}).get("countries", []):
        rows = [(label("rag", rag), int(n)) for rag, n in country["rag"].items()]
        name = label("country", country["id"])
        title = gettext("Actions by RAG grade: %(country)s") % {"country": name}
        description = "; ".join(f"{words}: {n}" for words, n in rows)
        colours = [RAG_COLOURS.get(rag, "") for rag in country["rag"]]
        out.append({"country": country, "name": name, "svg": bar_chart(title, description, rows, colours=colours),
                    "narrow": narrow_bar_chart(title, description, rows, colours=colours)})  # fmt: skip
    return out


FIELD_LABELS: Final = {
    "title": _("title"), "text": _("text"), "description": _("bottleneck"), "mitigation": _("mitigation"),
    "comment": _("independent grade"), "findings": _("findings"), "lessons": _("lessons learned"),
    "response": _("response"), "reason": _("reason"), "name": _("indicator"),
}  # fmt: skip
LANGUAGE_NAMES: Final = {"nl": _("Dutch"), "fr": _("French"), "de": _("German"), "en": _("English")}


def readable(row: dict[str, str]) -> dict[str, str]:
    """``status › plans › BE-BRU-AI-FARI › objectives › BRU-O1 › title`` as a reader finds it: the chapter, the
    item's ids, which text, and the languages named."""
    parts = row["where"].split(" › ")
    chapter = next((c for c in CHAPTERS if parts and parts[0] in c.sections), None)
    ids = [p for p in parts[1:-1] if p != p.lower() or any(ch.isdigit() for ch in p)]
    languages = [str(LANGUAGE_NAMES.get(code.strip(), code.strip())) for code in row["languages"].split(",")]
    return {
        "chapter": f"{chapter.number}. {chapter.title}" if chapter else str(row["where"]),
        "item": " › ".join(ids),
        "field": str(FIELD_LABELS.get(parts[-1], parts[-1])) if chapter else "",
        "languages": ", ".join(languages),
    }


def missing_texts(document: Document) -> list[dict[str, str]]:
    """The texts of the report not written in its language (annex B): the coordinator's first, then the data's,
    an item's text listed once (at its first chapter) however many chapters show it."""
    missing: list[dict[str, str]] = []
    for name, words in ((document.summary, _("Executive summary")), (document.asks, _("What Parliament is asked")),
                        (document.correction_note, _("What this report corrects"))):  # fmt: skip
        if name and not name.get(document.language):
            languages = ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in sorted(name))
            missing.append({"chapter": str(words), "item": "", "field": "", "languages": languages})
    seen = set()
    for row in texts.missing(document.sections, document.language):
        shown = readable(row)
        key = (shown["item"], shown["field"], shown["languages"])
        if not shown["item"] or key not in seen:
            seen.add(key)
            missing.append(shown)
    return missing


def context(document: Document) -> dict[str, Any]:
    missing = missing_texts(document)
    taken_at = document.snapshot.get("taken_at")
    period_end = document.snapshot.get("period", {}).get("to")
    period_start = document.snapshot.get("period", {}).get("from")
    return {
        "period_end": dt.date.fromisoformat(period_end) if period_end else None,
        "period_start": dt.date.fromisoformat(period_start) if period_start else None,
        "taken_at": timezone.localtime(dt.datetime.fromisoformat(taken_at)) if taken_at else None,
        "doc": document,
        "report_language": document.language,
        "scope_label": scope_label(document.scope),
        "chapters": chapters(document),
        "key_figures": key_figures(document),
        "status_charts": status_charts(document),
        "missing": missing,
        "summary": document.own_text(document.summary) if document.summary else ("", ""),
        "asks": document.own_text(document.asks) if document.asks else ("", ""),
        "correction_note": document.own_text(document.correction_note) if document.correction_note else ("", ""),
    }
