"""The public pages of the reports to Parliament: the published reports and their files, one report in any of the
four languages, the live figures between reports, and the comparison of two reports."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, gettext_noop

from algoscope.common.errors import InvalidInput
from algoscope.common.ratelimits import anonymous_limit
from algoscope.common.translation import page_language
from algoscope.reports import files, selectors
from algoscope.reports.engine.scope import BENELUX
from algoscope.reports.models import Report
from algoscope.reports.presentation import Document, context, scope_label
from algoscope.reports.services import scope_of

logger = logging.getLogger(__name__)
NUMBER = re.compile(r"[0-9]{1,9}")
FILE_LABELS = {
    "annex.json": gettext_noop("Open data: every figure and table, with stable ids (JSON)"),
    "figures.csv": gettext_noop("The figures, one per line (CSV)"),
    "actions.csv": gettext_noop("The full action table (CSV)"),
}
LANGUAGE_NAMES = {"nl": gettext_noop("Dutch"), "fr": gettext_noop("French"), "de": gettext_noop("German"),
                  "en": gettext_noop("English")}  # fmt: skip


def _report(number: int) -> Report:
    report = selectors.published_get(number)
    if report is None:
        raise Http404("no published report with this number")
    return report


def report_list(request: HttpRequest) -> HttpResponse:
    rows = [
        {"report": r, "scope": scope_label(r.scope), "pdfs": [name for name in r.files if name.endswith(".pdf")]}
        for r in selectors.published()
    ]
    return render(request, "reports/list.html", {"rows": rows})


def report_detail(request: HttpRequest, number: int) -> HttpResponse:
    report = _report(number)
    language = page_language()
    document = files.document_of(report, language)
    downloads = [{"name": name, "label": file_label(name), **entry} for name, entry in report.files.items()]
    return render(request, "reports/detail.html", {
        **context(document), "report": report, "downloads": downloads,
        "corrected_by": selectors.corrected_by(report),
    })  # fmt: skip


def file_label(name: str) -> str:
    """``report-nl.pdf`` → "The report in Dutch (PDF)"; the annex's files by what they hold."""
    if name.startswith("report-") and name.endswith(".pdf"):
        language = LANGUAGE_NAMES.get(name[7:9], name[7:9])
        return gettext("The report in %(language)s (PDF)") % {"language": gettext(language)}
    return gettext(FILE_LABELS.get(name, name))


def report_file(request: HttpRequest, number: int, name: str) -> HttpResponse:
    report = _report(number)
    if name not in report.files:
        raise Http404("this report has no such file")
    data = files.read(report, name)
    if data is None:
        logger.error("report No. %s: the stored file %s is missing or does not match its SHA-256", number, name)
        refusal = gettext("This file does not match the SHA-256 published with the report, so it is not served. "
                          "The operator has been told.")  # fmt: skip
        return HttpResponse(refusal, status=503, content_type="text/plain")
    response = HttpResponse(data, content_type=report.files[name]["type"])
    disposition = "inline" if name.endswith(".pdf") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="algoscope-report-{number}-{name}"'
    response["Cache-Control"] = "public, max-age=31536000, immutable"  # a published file never changes
    return response


def _scope(request: HttpRequest) -> Any:
    try:
        return scope_of(request.GET.get("scope", BENELUX)[:80])
    except InvalidInput:  # an unknown scope: the page says so rather than guessing
        raise Http404("no such scope") from None


@anonymous_limit("live-figures")
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    document = Document(snapshot=selectors.live(scope), language=page_language(), languages=[page_language()])
    scopes = [(key, scope_label(key)) for key in (BENELUX, "BE", "NL", "LU")]
    return render(request, "reports/dashboard.html", {**context(document), "scope": scope.key, "scopes": scopes})


def report_compare(request: HttpRequest) -> HttpResponse:
    reports = list(selectors.published())
    picked: dict[str, Report | None] = {"from": None, "to": None}
    for name in picked:
        value = request.GET.get(name, "")
        if value:
            if not NUMBER.fullmatch(value):
                raise Http404("a report number")
            picked[name] = _report(int(value))
    changes, refusal = None, ""
    before, after = picked["from"], picked["to"]
    if before is not None and after is not None:
        if before.pk == after.pk:
            refusal = gettext("Choose two different reports.")
        else:
            changes = selectors.compare(before, after)
    return render(request, "reports/compare.html", {
        "reports": reports, "before": before, "after": after, "changes": changes, "refusal": refusal,
        "other_scopes": before is not None and after is not None and before.scope != after.scope,
        "report_language": page_language(),
    })  # fmt: skip


class ReportsFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def title(self) -> str:
        return "Algoscope: reports to Parliament"

    def link(self) -> str:
        return reverse("public:reports")

    def items(self) -> list[Report]:
        return list(selectors.published()[:50])

    def item_title(self, item: Report) -> str:
        return f"No. {item.number} · {item.period} · {scope_label(item.scope)}"

    def item_description(self, item: Report) -> str:
        return ", ".join(f"{name} SHA-256 {entry['sha256']}" for name, entry in item.files.items())

    def item_link(self, item: Report) -> str:
        return reverse("public:report", args=[item.number])

    def item_pubdate(self, item: Report) -> Any:
        return item.published_at

    def item_updateddate(self, item: Report) -> Any:
        return item.published_at  # a published report never changes

    def author_name(self) -> str:
        return "Algoscope"
