"""``/api/v1/reports/``: the published reports (their files and SHA-256, their figures by stable id) and the live
figures. Read-only: reports are built and published by the coordinators on their pages or the operator's CLI."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from algoscope.common.errors import NotFound
from algoscope.common.ratelimits import check_anonymous_limit
from algoscope.reports import selectors
from algoscope.reports.engine.figures import flatten
from algoscope.reports.engine.scope import BENELUX
from algoscope.reports.models import Report
from algoscope.reports.services import scope_of

reports = Router(tags=["Reports"])


class ReportFileOut(Schema):
    name: str
    url: str
    sha256: str
    bytes: int
    type: str


class ReportOut(Schema):
    number: int
    period: str
    starts_on: str
    ends_on: str
    scope: str
    languages: list[str]
    published_at: str
    corrects: int | None
    corrected_by: list[int]
    snapshot_sha256: str
    taken_at: str
    files: list[ReportFileOut]


class ReportDetailOut(ReportOut):
    figures: dict[str, float | int | None]


class LiveOut(Schema):
    live: bool
    scope: str
    period: str
    taken_at: str
    figures: dict[str, float | int | None]


class ReportsLiveQuery(Schema):
    scope: str = BENELUX


def _report(report: Report) -> dict[str, Any]:
    return {
        "number": report.number, "period": report.period, "starts_on": report.starts_on.isoformat(),
        "ends_on": report.ends_on.isoformat(), "scope": report.scope, "languages": report.languages,
        "published_at": report.published_at.isoformat() if report.published_at else "",
        "corrects": report.corrects.number if report.corrects else None,
        "corrected_by": [r.number for r in selectors.corrected_by(report) if r.number is not None],
        "snapshot_sha256": report.snapshot_sha256, "taken_at": report.taken_at.isoformat(),
        "files": [
            {"name": name, "url": reverse("public:report_file", args=[report.number, name]), "sha256": entry["sha256"],
             "bytes": entry["bytes"], "type": entry["type"]}
            for name, entry in report.files.items()
        ],
    }  # fmt: skip


@reports.get("/", response=list[ReportOut], operation_id="reports_list", url_name="reports_list")
def report_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every published report, newest first."""
    return [_report(r) for r in selectors.published()]


@reports.get("/live", response=LiveOut, operation_id="reports_live", url_name="reports_live")
def live(request: HttpRequest, query: Query[ReportsLiveQuery]) -> dict[str, Any]:
    """The same figures as a report, now (the current quarter so far): live, not a report."""
    check_anonymous_limit(request, "live-figures")
    scope = scope_of(query.scope)
    data = selectors.live(scope)
    return {"live": True, "scope": scope.key, "period": data["period"]["label"], "taken_at": data["taken_at"],
            "figures": flatten(data["sections"])}  # fmt: skip


@reports.get("/{number}", response=ReportDetailOut, operation_id="reports_get", url_name="reports_get")
def report_get(request: HttpRequest, number: int) -> dict[str, Any]:
    """One published report and its figures (the same ids as its ``figures.csv``)."""
    report = selectors.published_get(number)
    if report is None:
        raise NotFound("no published report with this number")
    return {**_report(report), "figures": flatten(report.snapshot.get("sections", {}))}
