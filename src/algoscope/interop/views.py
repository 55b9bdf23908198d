"""The editor's import page: upload a file of a standard, see what will be created or changed, then import.

The web process only stores the file: the worker reads and plans it (a preview job, ``interop.jobs``), and the page
of the job shows its progress, then the plan. Confirming queues the import of the same stored file, which plans
again and writes; the preview's file waits a day for the confirmation. Only the person who uploaded sees the job.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.common.errors import DomainError
from algoscope.common.messages import stored_text
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.translation import error_text
from algoscope.interop.jobs import import_confirm, import_submit
from algoscope.interop.models import ImportJob
from algoscope.interop.presentation import finding_field_label
from algoscope.interop.reports import report_from_json
from algoscope.interop.services import RecordPlan
from algoscope.interop.standards import STANDARDS
from algoscope.interop.standards.files import DEFAULT_MAX_BYTES
from algoscope.interop.standards.model import Finding
from algoscope.register.presentation import change_rows

MAX_BYTES = DEFAULT_MAX_BYTES
STAGES = {
    "": gettext_lazy("Waiting for the worker"),
    "reading": gettext_lazy("Reading the file"),
    "planning": gettext_lazy("Matching and checking the records"),
    "writing": gettext_lazy("Writing the drafts"),
    "done": gettext_lazy("Done"),
    "failed": gettext_lazy("Failed"),
}


def _organisations(request: HttpRequest) -> tuple[Actor, list[Organisation]]:
    actor = Actor.for_request(request)
    orgs = list(Organisation.objects.filter(pk__in=actor.organisation_ids("algorithm.import")).order_by("slug"))
    if not orgs:  # an operator imports from the command line; the page is for an organisation's editors
        raise DjangoPermissionDenied(_("You are not an editor of any organisation."))
    return actor, orgs


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    actor, orgs = _organisations(request)
    context: dict[str, Any] = {
        "standards": STANDARDS.values(),
        "organisations": orgs,
        "max_mb": MAX_BYTES // 1_048_576,
        "language_choices": settings.LANGUAGES,
        "recent": ImportJob.objects.filter(created_by_id=request.user.pk, via_api=False).select_related("organisation")[
            :5
        ],
        "stages": STAGES,
    }
    if request.method != "POST":
        return render(request, "interop/import.html", context)
    upload = request.FILES.get("file")
    org = next((o for o in orgs if o.slug == request.POST.get("organisation")), None)
    standard = request.POST.get("standard", "")
    language = request.POST.get("language")
    context["selected"] = {
        "standard": standard,
        "organisation": org.slug if org else "",
        "valid_only": bool(request.POST.get("valid_only")),
        "language": language if language in LANGUAGES else None,
    }
    if upload is None or org is None or standard not in STANDARDS:
        context["form_error"] = _("Choose a standard, an organisation and a file.")
        return render(request, "interop/import.html", context, status=422)
    if upload.size and upload.size > MAX_BYTES:
        context["form_error"] = _("The file is %(size).1f MB; the limit is %(limit)d MB.") % {
            "size": upload.size / 1_048_576,
            "limit": MAX_BYTES // 1_048_576,
        }
        return render(request, "interop/import.html", context, status=422)
    try:
        job = import_submit(
            actor=actor,
            organisation=org,
            standard=standard,
            data=b"".join(upload.chunks()),
            filename=upload.name or "upload",
            language=context["selected"]["language"],
            dry_run=True,
            valid_only=context["selected"]["valid_only"],
        )
    except DomainError as exc:
        context["form_error"] = error_text(exc)
        return render(request, "interop/import.html", context, status=422)
    return redirect("editor:import_job", job.pk)


@login_required
def import_job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    """A job's progress, then its plan (a preview, with the button that imports it) or what it imported."""
    actor, _orgs = _organisations(request)
    job = ImportJob.objects.select_related("organisation").filter(pk=job_id, created_by_id=request.user.pk).first()
    if job is None:
        raise Http404
    if request.method == "POST":
        try:
            imported = import_confirm(actor=actor, preview=job)
        except DomainError as exc:
            messages.error(request, error_text(exc))
            return redirect("editor:import_job", job.pk)
        return redirect("editor:import_job", imported.pk)
    context: dict[str, Any] = {
        "job": job,
        "stage": STAGES.get(job.progress_stage, job.progress_stage),
        "errors": [stored_text(error, gettext) for error in job.errors],
    }
    if job.status == ImportJob.Status.READY and job.report:
        report = report_from_json(job.report)
        counts = report.counts()
        context.update(
            report=report,
            rows=[_row(report.standard, plan) for plan in report.records],
            importable=sum(1 for plan in report.records if plan.action in ("create", "update") and not plan.errors),
            can_import=bool(
                job.dry_run
                and job.upload
                and (report.ok or report.valid_only)
                and any(r.action in ("create", "update") for r in report.records)
            ),
            imported_text=_imported_text(counts) if report.written else "",
            imported_by=job.imports.order_by("-pk").first() if job.dry_run else None,
        )
    return render(request, "interop/import_job.html", context)


def _imported_text(counts: dict[str, int]) -> str:
    created = ngettext("%(n)d new draft", "%(n)d new drafts", counts["create"]) % {"n": counts["create"]}
    updated = ngettext("%(n)d draft updated", "%(n)d drafts updated", counts["update"]) % {"n": counts["update"]}
    return _("Imported: %(created)s, %(updated)s.") % {"created": created, "updated": updated}


def _row(standard: str, plan: RecordPlan) -> dict[str, Any]:
    """One record of the preview as the editor reads it: fields by label, an update's changes as old → new."""

    def labelled(findings: list[Finding]) -> list[dict[str, Any]]:
        return [{"finding": f, "label": finding_field_label(standard, f.field)} for f in findings]

    return {
        "plan": plan,
        "errors": labelled(plan.errors),
        "warnings": labelled(plan.warnings),
        "changes": change_rows(plan.changes),
    }
