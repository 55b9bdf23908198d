"""The plans' actions and objectives as targets other apps link to (``common.references``): a consultation about
them, a proposal that became one. Key: ``<plan id>/<item id>``; an item's provisional id finds its official one."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from algoscope.common.references import Target, TargetKind, register_target_kind
from algoscope.plans import selectors
from algoscope.plans.presentation import shown

KIND = "plan-item"


def resolve(key: str, language: str) -> Target | None:
    plan, _sep, item_key = key.partition("/")
    strategy = selectors.strategy_get_public(plan) if plan and item_key else None
    if strategy is None or strategy.published is None:
        return None
    document = selectors.version_document(strategy.published)
    item = document.item(item_key)
    if item is None:
        return None
    title = shown(item.title, language)
    return Target(
        reference=f"{KIND}:{plan}/{item.key}",
        title=title.text or item.key,
        url=reverse("public:plan_item", args=[plan, item.key]),
        language=title.lang,
        note=plan,
    )


def choices(language: str) -> list[Target]:
    targets = []
    for strategy, document in selectors.published_strategies():
        for item in document.items:
            title = shown(item.title, language)
            targets.append(
                Target(
                    reference=f"{KIND}:{strategy.key}/{item.key}",
                    title=title.text or item.key,
                    url=reverse("public:plan_item", args=[strategy.key, item.key]),
                    language=title.lang,
                    note=strategy.key,
                )
            )
    return targets


def resolve_pilot(key: str, language: str) -> Target | None:
    row = selectors.pilot_get_public(key)
    if row is None or row.published is None:
        return None
    title = shown(selectors.pilot_document(row.published).title, language)
    return Target(
        reference=f"pilot:{key}", title=title.text or key, url=reverse("public:pilot", args=[key]), language=title.lang
    )


def pilot_choices(language: str) -> list[Target]:
    return [t for _row, pilot in selectors.published_pilots() if (t := resolve_pilot(pilot.key, language))]


def register() -> None:
    register_target_kind(TargetKind(KIND, _("Plan action or objective"), resolve, choices))
    register_target_kind(TargetKind("pilot", _("Pilot of the AI Act test-bed"), resolve_pilot, pilot_choices))
