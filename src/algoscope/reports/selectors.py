"""Reading reports: the published ones (public), drafts (coordinators), the live figures, and what moved between
two reports."""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.db.models import QuerySet
from django.utils import timezone

from algoscope.common.public_cache import generation
from algoscope.reports import snapshot as snapshots
from algoscope.reports.engine.figures import compare_figures, compare_rows, flatten
from algoscope.reports.engine.periods import current_quarter
from algoscope.reports.engine.scope import Scope
from algoscope.reports.models import Report
from algoscope.reports.sections.base import Window


def published() -> QuerySet[Report]:
    return Report.objects.filter(state=Report.State.PUBLISHED).select_related("corrects").order_by("-number")


def published_get(number: int) -> Report | None:
    return published().filter(number=number).first()


def corrected_by(report: Report) -> list[Report]:
    return list(published().filter(corrects=report).order_by("number"))


def drafts() -> QuerySet[Report]:
    """Drafts, and reports being laid out."""
    return (
        Report.objects.exclude(state=Report.State.PUBLISHED)
        .select_related("corrects", "built_by")
        .order_by("-built_at")
    )


def live(scope: Scope) -> dict[str, Any]:
    """The same figures as a report, now: the current quarter so far, every published progress report counted.
    Kept a minute per scope until what the public sees changes (``common.public_cache``): taking them costs
    a fraction of a second, and the page is public."""
    key = f"reports-live:{scope.key}:{generation()}"
    cached: dict[str, Any] | None = caches[PAGES].get(key)
    if cached is None:
        cached = _live(scope)
        caches[PAGES].set(key, cached, LIVE_SECONDS)
    return cached


LIVE_SECONDS = 60
PAGES = "pages"  # the public pages' cache (``config/storage.py``)


def _live(scope: Scope) -> dict[str, Any]:
    previous = published().filter(scope=scope.key).order_by("-ends_on", "-number").first()  # for what moved since
    return snapshots.take(Window(current_quarter(timezone.localdate()), scope, timezone.now(), live=True), previous)


ACTION_FIELDS = ("status", "rag", "progress", "end")


def compare(before: Report, after: Report) -> dict[str, Any]:
    """Figure by figure and action by action, what moved from ``before`` to ``after``."""
    a, b = before.snapshot.get("sections", {}), after.snapshot.get("sections", {})
    return {
        "figures": compare_figures(flatten(a), flatten(b)),
        "actions": compare_rows(a.get("annex", {}).get("rows", []), b.get("annex", {}).get("rows", []), ACTION_FIELDS),
    }
