"""Reading plans: the documents a strategy's versions hold, who is responsible for an item, the latest published
report on each item, the review queue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from algoscope.accounts.models import Organisation
from algoscope.plans.engine.capacity import Course, Practice, capacity_from_data
from algoscope.plans.engine.document import Item, strategy_from_dict
from algoscope.plans.engine.document import Strategy as Document
from algoscope.plans.engine.harmonisation import Matrix, matrix
from algoscope.plans.engine.pilots import Pilot as PilotDocument
from algoscope.plans.engine.pilots import pilots_from_data
from algoscope.plans.engine.progress import Reported, roll_up
from algoscope.plans.engine.taxonomy import builtin
from algoscope.plans.models import (
    CatalogueEntry,
    Pilot,
    PilotVersion,
    ProgressUpdate,
    Strategy,
    StrategyVersion,
    TagText,
    TrainingFigure,
)
from algoscope.register.selectors import algorithm_public_queryset

# A published version's document, parsed once per process: versions never change. Keyed by the row and its
# publication time, so that a row id used again (a test's rolled-back transaction, a restored backup) is not confused.
_documents: dict[tuple[int, str], Document] = {}
MAX_KEPT = 256


def known_tags() -> frozenset[str]:
    return frozenset(builtin().tags)


def document(content: dict[str, Any]) -> Document:
    """The document stored content describes (stored content was checked when it was imported)."""
    return strategy_from_dict(content, "stored", known_tags())[0]


def version_document(version: StrategyVersion) -> Document:
    key = (version.pk, version.published_at.isoformat())
    if key not in _documents:
        if len(_documents) >= MAX_KEPT:
            _documents.clear()
        _documents[key] = document(version.content)
    return _documents[key]


def published_document(strategy: Strategy) -> Document | None:
    return version_document(strategy.published) if strategy.published is not None else None


def published_strategies() -> list[tuple[Strategy, Document]]:
    strategies = Strategy.objects.filter(published__isnull=False).select_related("published")
    return [(s, version_document(s.published)) for s in strategies if s.published is not None]


def strategy_get_public(key: str) -> Strategy | None:
    return Strategy.objects.filter(key=key, published__isnull=False).select_related("published").first()


def describe_changes(before: Document | None, after: Document) -> str:
    """``"3 items added, 1 removed, 2 changed"`` (``"26 items"`` for a new plan)."""
    if before is None:
        return f"{len(after.items)} items"
    old = {item.key: item for item in before.items}
    new = {item.key: item for item in after.items}
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    changed = [k for k in new if k in old and new[k] != old[k]]
    parts = [f"{len(added)} items added", f"{len(removed)} removed", f"{len(changed)} changed"]
    if (before.title, before.summary, before.extra) != (after.title, after.summary, after.extra):
        parts.append("the plan's own fields changed")
    return ", ".join(parts)


def item_changes(before: Document | None, after: Document) -> list[dict[str, Any]]:
    """Item by item, what a draft changes against the published version: added, removed, or which fields changed."""
    from algoscope.plans.engine.document import item_to_dict

    old = {item.key: item_to_dict(item) for item in before.items} if before is not None else {}
    new = {item.key: item_to_dict(item) for item in after.items}
    changes: list[dict[str, Any]] = []
    for key, item in new.items():
        if key not in old:
            changes.append({"change": "added", "key": key, "title": item["title"], "fields": []})
        elif item != old[key]:
            fields = sorted(name for name in set(item) | set(old[key]) if item.get(name) != old[key].get(name))
            changes.append({"change": "changed", "key": key, "title": item["title"], "fields": fields})
    changes += [
        {"change": "removed", "key": key, "title": item["title"], "fields": []}
        for key, item in old.items()
        if key not in new
    ]
    return changes


def responsible_refs(doc: Document, key: str) -> tuple[str, ...]:
    """The organisations responsible for an item: its own bodies on the platform, else its nearest ancestor's."""
    item = doc.item(key)
    seen: set[str] = set()
    while item is not None and item.key not in seen:
        seen.add(item.key)
        refs = item.organisations()
        if refs:
            return refs
        item = doc.item(item.parent) if item.parent else None
    return ()


def organisation_ref_matches(organisation: Organisation, ref: str) -> bool:
    """``kbo:0671.516.647`` (scheme and identifier) or the organisation's slug."""
    scheme, _sep, identifier = ref.partition(":")
    return ref == organisation.slug or (
        scheme == organisation.identifier_scheme and identifier == organisation.identifier
    )


def organisation_is_responsible(organisation: Organisation, doc: Document, key: str) -> bool:
    return any(organisation_ref_matches(organisation, ref) for ref in responsible_refs(doc, key))


def responsible_organisations(doc: Document, key: str) -> list[Organisation]:
    refs = responsible_refs(doc, key)
    return [o for o in Organisation.objects.all() if any(organisation_ref_matches(o, ref) for ref in refs)]


def items_owned_by(doc: Document, organisation_ids: Iterable[int]) -> list[tuple[Item, Organisation]]:
    """The items an organisation among ``organisation_ids`` records progress on."""
    organisations = list(Organisation.objects.filter(pk__in=list(organisation_ids)))
    owned = []
    for item in doc.items:
        refs = responsible_refs(doc, item.key)
        for organisation in organisations:
            if any(organisation_ref_matches(organisation, ref) for ref in refs):
                owned.append((item, organisation))
                break
    return owned


def unknown_records(public_ids: list[str]) -> list[str]:
    if not public_ids:
        return []
    found = set(algorithm_public_queryset().filter(public_id__in=public_ids).values_list("public_id", flat=True))
    return [i for i in public_ids if i not in found]


def _current_key(doc: Document, key: str) -> str:
    item = doc.item(key)
    return item.key if item is not None else key


def published_updates(strategy: Strategy) -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.filter(strategy=strategy, state=ProgressUpdate.State.PUBLISHED)
        .select_related("period", "organisation", "corrects")
        .prefetch_related("grades")
        .order_by("-created_at", "-pk")
    )


def latest_reports(strategy: Strategy, doc: Document) -> dict[str, Reported]:
    """The newest published update on each item (a correction is newer than what it corrects); updates recorded under
    a provisional id count for the item that replaced it."""
    latest: dict[str, Reported] = {}
    for update in (
        ProgressUpdate.objects.filter(strategy=strategy, state=ProgressUpdate.State.PUBLISHED)
        .order_by("-created_at", "-pk")
        .values("item_key", "progress", "status", "method")
    ):
        key = _current_key(doc, update["item_key"])
        if key not in latest:
            value = update["progress"]
            latest[key] = Reported(float(value) if value is not None else None, update["status"], update["method"])
    return latest


def latest_updates(strategy: Strategy, doc: Document) -> dict[str, ProgressUpdate]:
    latest: dict[str, ProgressUpdate] = {}
    for update in published_updates(strategy):
        latest.setdefault(_current_key(doc, update.item_key), update)
    return latest


def item_updates(strategy: Strategy, doc: Document, key: str) -> list[ProgressUpdate]:
    """Every published update on an item (and on the provisional ids it replaced), newest first."""
    item = doc.item(key)
    keys = {key, *(item.aliases if item is not None else ())}
    return list(published_updates(strategy).filter(item_key__in=keys))


def review_queue() -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.filter(state=ProgressUpdate.State.SUBMITTED)
        .select_related("strategy", "period", "organisation", "author")
        .order_by("created_at")
    )


def harmonisation(scheme: str) -> tuple[Matrix, list[Document], dict[str, dict[str, float]]]:
    """The matrix of the published strategies mapped to ``scheme`` (those with no item mapped to it apart: they have
    no gaps to show), and each strategy's reported items' progress."""
    pairs = published_strategies()
    in_scheme = builtin().in_scheme(scheme)
    refs = {tag.ref for tag in in_scheme}
    documents = [d for _s, d in pairs if any(refs & set(item.tags) for item in d.items)]
    unmapped = [d for _s, d in pairs if d not in documents]
    progress: dict[str, dict[str, float]] = {}
    for strategy, document in pairs:
        rolled, _overall = roll_up(document, latest_reports(strategy, document))
        progress[document.key] = {k: r.progress for k, r in rolled.items() if r.method != "not_reported"}
    return matrix(documents, in_scheme), unmapped, progress


def harmonisation_data(
    scheme: str, grid: Matrix, unmapped: list[Document], progress: dict[str, dict[str, float]]
) -> dict[str, Any]:
    """The matrix as data (the JSON download and the API): stable ids only."""
    return {
        "scheme": scheme,
        "strategies": [d.key for d in grid.strategies],
        "not_mapped": [d.key for d in unmapped],
        "rows": [
            {"tag": row.tag.ref, "cells": [
                {"strategy": c.strategy, "items": list(c.items), "gap": c.gap, "possible_duplication": c.overlap,
                 "progress": {k: progress[c.strategy][k] for k in c.items if k in progress[c.strategy]}}
                for c in row.cells]}
            for row in grid.rows
        ],
    }  # fmt: skip


def pilot_document(version: PilotVersion) -> PilotDocument:
    pilots, _problems = pilots_from_data("stored", {"algoscope_pilots": 1, "pilots": [version.content]})
    return pilots[0]


def published_pilots() -> list[tuple[Pilot, PilotDocument]]:
    rows = Pilot.objects.filter(published__isnull=False).select_related("published")
    return [(row, pilot_document(row.published)) for row in rows if row.published is not None]


def published_pilot_keys() -> set[str]:
    return set(Pilot.objects.filter(published__isnull=False).values_list("key", flat=True))


def pilot_get_public(key: str) -> Pilot | None:
    return Pilot.objects.filter(key=key, published__isnull=False).select_related("published").first()


def record_classes(public_ids: Iterable[str]) -> dict[str, list[str]]:
    """The AI Act class(es) of published register records, as the register's facet shows them."""
    from algoscope.register.facets import facet_by_key
    from algoscope.register.models import AlgorithmFacet

    rows = AlgorithmFacet.objects.filter(algorithm__public_id__in=list(public_ids), facet="ai_act_class").values_list(
        "algorithm__public_id", "value"
    )
    facet = facet_by_key("ai_act_class")
    found: dict[str, list[str]] = {}
    for public_id, value in rows:
        label = facet.labels([value]).get(value, value) if facet is not None else value
        found.setdefault(public_id, []).append(str(label))
    return found


def published_entry_keys(kind: str) -> set[str]:
    return set(CatalogueEntry.objects.filter(kind=kind, published__isnull=False).values_list("key", flat=True))


def published_courses() -> list[tuple[CatalogueEntry, Course]]:
    rows = CatalogueEntry.objects.filter(kind="course", published__isnull=False).select_related("published")
    return [(row, course_document(row.published.content)) for row in rows if row.published is not None]


def published_practices() -> list[tuple[CatalogueEntry, Practice]]:
    rows = CatalogueEntry.objects.filter(kind="practice", published__isnull=False).select_related("published")
    return [(row, practice_document(row.published.content)) for row in rows if row.published is not None]


def course_document(content: dict[str, Any]) -> Course:
    courses, _practices, _problems = capacity_from_data(
        "stored", {"algoscope_capacity": 1, "courses": [content]}, known_tags()
    )
    return courses[0]


def practice_document(content: dict[str, Any]) -> Practice:
    _courses, practices, _problems = capacity_from_data(
        "stored", {"algoscope_capacity": 1, "practices": [content]}, known_tags()
    )
    return practices[0]


def current_figures() -> list[TrainingFigure]:
    """The published training figures, the newest one for each course, administration and period: a later figure
    for the same three corrects the earlier one, which stays on record but no longer counts."""
    seen: set[tuple[str, int, str]] = set()
    current = []
    published = TrainingFigure.objects.filter(state=TrainingFigure.State.PUBLISHED).select_related("organisation")
    for figure in published.order_by("-created_at", "-pk"):
        key = (figure.course_key, figure.organisation_id, figure.period)
        if key not in seen:
            seen.add(key)
            current.append(figure)
    return sorted(current, key=lambda f: (f.course_key, f.organisation.slug, f.period))


def figure_totals() -> dict[str, tuple[int, int]]:
    """Per course: participants and completions of the current published figures."""
    totals: dict[str, tuple[int, int]] = {}
    for figure in current_figures():
        participants, completions = totals.get(figure.course_key, (0, 0))
        totals[figure.course_key] = (participants + figure.participants, completions + figure.completions)
    return totals


def tag_texts() -> dict[str, TagText]:
    return {t.ref: t for t in TagText.objects.all()}
