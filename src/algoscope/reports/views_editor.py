"""The coordinators' workspace for reports to Parliament: build a draft from the closed period's data, read it as it
will be published (and its PDF), write its summary and what Parliament is asked, rebuild, publish (another
coordinator), or discard it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from algoscope.accounts.permissions import Actor, can
from algoscope.common import jobs
from algoscope.common.actions import perform, perform_form
from algoscope.common.messages import stored_text
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.pdf import cached_pdf, pdf_response
from algoscope.common.translation import localized, page_language
from algoscope.reports import files, selectors, services
from algoscope.reports.forms import LANGUAGE_NAMES, BuildForm, TextsForm
from algoscope.reports.models import Report
from algoscope.reports.presentation import context, missing_texts

ACTIONS = ("rebuild", "publish", "discard", "retry")


def _coordinator(request: HttpRequest) -> Actor:
    actor = Actor.for_request(request)
    if not is_coordinator(actor):
        raise Http404("coordinators only")
    return actor


def is_coordinator(actor: Actor) -> bool:
    """The pages are the coordinators' (the operator builds and publishes from the command line only)."""
    return can(actor, "report.build") and "coordinator" in actor.site_roles


def _draft(pk: int) -> Report:
    """A draft, or a report being laid out (frozen; its layout's progress or failure is shown)."""
    return get_object_or_404(Report, pk=pk, state__in=[Report.State.DRAFT, Report.State.PUBLISHING])


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    actor = Actor.for_request(request)
    coordinator = is_coordinator(actor)
    form = BuildForm(request.POST or None) if coordinator else None
    if request.method == "POST":
        if form is None:
            raise Http404("coordinators only")
        built: list[Report] = []
        if form.is_valid() and perform_form(
            request, form,
            lambda: built.append(services.report_build(
                actor, form.cleaned_data["period"], form.cleaned_data["scope"], form.cleaned_data["languages"],
                corrects=form.cleaned_data["corrects"],
            )),
            success=_("The draft report is built from the data as the period closed."),
        ):  # fmt: skip
            return redirect("editor:report", built[0].pk)
    return render(request, "reports/workspace.html", {
        "coordinator": coordinator, "form": form, "drafts": selectors.drafts() if coordinator else [],
        "published": selectors.published()[:20],
    })  # fmt: skip


@login_required
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _coordinator(request)
    report = _draft(pk)
    form = TextsForm(
        request.POST or None, languages=report.languages, correction=report.corrects_id is not None,
        initial={f"{name}_{lang}": value for name in services.TEXT_FIELDS
                 for lang, value in getattr(report, name).items()},
    )  # fmt: skip
    saved = _("The texts are saved.")
    written = request.method == "POST" and form.is_valid()
    if written and perform_form(
        request, form, lambda: services.report_write(actor, report, form.texts()), success=saved
    ):
        return redirect("editor:report", report.pk)
    language = request.GET.get("lang", "")
    language = language if language in LANGUAGES else page_language()
    document = files.document_of(report, language)
    if report.state == Report.State.PUBLISHING:
        jobs.housekeeping()  # a layout whose process died is failed with the reason, to be retried
        report.refresh_from_db()
    return render(request, "reports/draft.html", {
        **context(document), "report": report, "form": form, "shown_language": language,
        "to_write": [localized(p) for p in services.missing_texts(report)],
        "missing_by_language": [
            (lang, LANGUAGE_NAMES[lang], len(missing_texts(files.document_of(report, lang))))
            for lang in report.languages
        ],
        "language_names": [(lang, LANGUAGE_NAMES[lang]) for lang in report.languages],
        "own_build": actor.person_id in report.contributors or report.built_by_id == actor.person_id,
        "reviewed": report.content_sha256(),
        "layout_errors": [stored_text(e, gettext) for e in report.errors],
    })  # fmt: skip


@login_required
def draft_pdf(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    _coordinator(request)
    report = _draft(pk)
    if language not in LANGUAGES:
        raise Http404("not a language of the site")
    content = {"report": report.content_sha256(), "language": language, "software": report.snapshot.get("software")}
    data = cached_pdf("report-previews", content, lambda: files.pdf(report, language))  # laid out once per content
    return pdf_response(data, f"draft-report-{report.period}-{report.scope}-{language}.pdf")


@login_required
@require_POST
def draft_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = _coordinator(request)
    report = _draft(pk)
    if action not in ACTIONS:
        raise Http404("no such action")
    if action == "rebuild":
        rebuilt = _("The draft is rebuilt from the data as it stands now.")
        errors = perform(request, lambda: services.report_rebuild(actor, report), success=rebuilt,
                         forbidden_is_not_found=False)  # fmt: skip
    elif action == "discard":
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Tick the box to discard the draft: its texts are lost with it."))
            return redirect("editor:report", report.pk)
        errors = perform(request, lambda: services.report_discard(actor, report), success=_("The draft is discarded."))
        if not errors:
            return redirect("editor:reports")
    elif action == "retry":
        errors = perform(request, lambda: services.report_retry(actor, report), forbidden_is_not_found=False,
                         success=_("The report's files are being laid out again."))  # fmt: skip
    else:
        final = _("The report is final: its files are being laid out, and it is public once they are stored.")
        reviewed = request.POST.get("reviewed", "")[:64]
        errors = perform(request, lambda: services.report_publish(actor, report, reviewed=reviewed), success=final,
                         forbidden_is_not_found=False)  # fmt: skip
        report.refresh_from_db()
        if not errors and report.state == Report.State.PUBLISHED:  # laid out already (jobs run at once)
            return redirect("public:report", report.number)
    for error in errors:
        messages.error(request, error)
    return redirect("editor:report", report.pk)
