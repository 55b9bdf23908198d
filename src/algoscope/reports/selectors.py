"""Reading reports: the published ones (public), drafts (coordinators), the live figures, and what moved between
two reports."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

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
    return Report.objects.filter(state=Report.State.DRAFT).select_related("corrects", "built_by").order_by("-built_at")


def live(scope: Scope) -> dict[str, Any]:
    """The same figures as a report, now: the current quarter so far, every published progress report counted."""
    now = timezone.now()
    return snapshots.take(Window(current_quarter(timezone.localdate()), scope, now, live=True), None)


ACTION_FIELDS = ("status", "rag", "progress", "end")


def compare(before: Report, after: Report) -> dict[str, Any]:
    """Figure by figure and action by action, what moved from ``before`` to ``after``."""
    a, b = before.snapshot.get("sections", {}), after.snapshot.get("sections", {})
    return {
        "figures": compare_figures(flatten(a), flatten(b)),
        "actions": compare_rows(a.get("annex", {}).get("rows", []), b.get("annex", {}).get("rows", []), ACTION_FIELDS),
    }
