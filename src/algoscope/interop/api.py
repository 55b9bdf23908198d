"""The interop API: import a file of another standard as drafts (an organisation's API token), export the register
in a standard (public: published records; with a token: the organisation's working copies)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from algoscope.accounts.api_auth import token_actor, token_auth
from algoscope.common.errors import NotFound
from algoscope.common.messages import stored_text
from algoscope.common.ratelimits import check_anonymous_limit
from algoscope.interop.export import ExportFile, interop_export
from algoscope.interop.jobs import import_submit
from algoscope.interop.models import ImportJob
from algoscope.interop.reports import report_from_json
from algoscope.interop.services import interop_import, organisation_by_ref
from algoscope.interop.standards import EXPORT_ONLY, STANDARDS
from algoscope.interop.standards.files import MEDIA_TYPES

interop = Router(tags=["interop"])


class StandardOut(Schema):
    key: str
    label: str
    formats: list[str]
    can_import: bool


class ImportForm(Schema):
    format: str | None = Field(None, description="json or csv; by default the file name's extension")
    dry_run: bool = Field(False, description="Plan only: report what would be created or changed, write nothing")
    valid_only: bool = Field(False, description="Import the valid records and list the others (default: all or none)")
    language: str | None = Field(
        None,
        description="nl, fr, de or en: the language of the file's texts (default: as the file says, else detected)",
    )


class ImportQuery(Schema):
    dry_run: bool = Field(False, description="As the form field (a client may send it here instead)")
    valid_only: bool = Field(False, description="As the form field")


class ExportQuery(Schema):
    format: str | None = Field(None, description="csv, json or jsonld, as the standard allows; default its first")
    organisation: str | None = Field(None, description="Only this organisation's records (its id)")
    language: str | None = Field(None, description="The language to write (default: the standard's)")
    report: bool = Field(False, description="Return what the export leaves out (per record and field), not the file")


@interop.get("/standards", response=list[StandardOut], operation_id="interop_standards")
def standards(request: HttpRequest) -> list[dict[str, Any]]:
    """The standards the register reads and writes."""
    out = [
        {"key": key, "label": mapper.label, "formats": list(mapper.formats), "can_import": True}
        for key, mapper in STANDARDS.items()
    ]
    labels = {"ai-act-annex-viii": "AI Act Annex VIII (EU database)", "dcat-ap": "DCAT-AP catalogue"}
    out += [
        {"key": key, "label": labels[key], "formats": list(fmts), "can_import": False}
        for key, fmts in EXPORT_ONLY.items()
    ]
    return out


class ImportJobOut(Schema):
    id: int
    url: str = Field(description="This job's address: ask it again until ``status`` is ``ready`` or ``failed``")
    status: str = Field(description="queued, running, ready or failed")
    stage: str = Field(description="reading, planning, writing, done or failed")
    progress: float = Field(description="0 to 1")
    standard: str
    file: str
    dry_run: bool
    valid_only: bool
    created_at: str
    finished_at: str | None
    errors: list[str] = Field(description="Why the job failed")
    report: dict[str, Any] | None = Field(description="The import's report once ready (as a direct import returns)")


@interop.post(
    "/{standard}/import",
    response={200: dict[str, Any], 202: ImportJobOut, 422: dict[str, Any]},
    auth=token_auth,
    operation_id="interop_import",
)
def import_file(
    request: HttpRequest,
    response: HttpResponse,
    standard: str,
    file: File[UploadedFile],
    form: Form[ImportForm],
    query: Query[ImportQuery],
) -> Status[Any]:
    """Import a file of a standard into the token's organisation as drafts (never published).

    Nothing is written unless every record is valid (or ``valid_only``); the report names file, record or line
    and field for each problem, and says per record what is created or changed and which fields other standards
    cannot hold. 422 when problems stopped the import.

    A file larger than the server's inline limit (256 KB by default), or any file sent with the header
    ``Prefer: respond-async``, is read by the background worker: the answer is 202 with the job (its address also
    in ``Location``); ask ``GET /interop/imports/{id}`` until it is ``ready`` (the report) or ``failed``.
    """
    actor = token_actor(request)
    assert actor.token is not None
    data = b"".join(file.chunks())
    dry_run = _asked(request, "dry_run", form.dry_run or query.dry_run)
    valid_only = _asked(request, "valid_only", form.valid_only or query.valid_only)
    prefer = {p.strip().lower() for p in request.headers.get("Prefer", "").split(",")}
    if len(data) > settings.IMPORT_INLINE_BYTES or "respond-async" in prefer:
        job = import_submit(
            actor=actor,
            organisation=actor.token.organisation,
            standard=standard,
            data=data,
            filename=file.name or "upload",
            fmt=form.format,
            language=form.language,
            dry_run=dry_run,
            valid_only=valid_only,
        )
        out = _job_out(request, job)
        response["Location"] = out["url"]
        return Status(202, out)
    report = interop_import(
        actor=actor,
        standard=standard,
        data=data,
        filename=file.name or "upload",
        fmt=form.format,
        organisation=actor.token.organisation,
        dry_run=dry_run,
        valid_only=valid_only,
        language=form.language,
    )
    return Status(200 if report.ok or report.written else 422, report.as_dict())


@interop.get("/imports/{job_id}", response=ImportJobOut, auth=token_auth, operation_id="interop_import_job")
def import_job(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """An import the worker reads: its progress, then its report (or why it failed). Any API token of the
    organisation the file was sent to may ask (a person's import on the page is theirs alone)."""
    actor = token_actor(request)
    assert actor.token is not None
    job = ImportJob.objects.filter(pk=job_id, organisation=actor.token.organisation, via_api=True).first()
    if job is None:
        raise NotFound(f"no import job {job_id} of this organisation")
    return _job_out(request, job)


def _job_out(request: HttpRequest, job: ImportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "url": request.build_absolute_uri(f"/api/v1/interop/imports/{job.pk}"),
        "status": job.status,
        "stage": job.progress_stage or "queued",
        "progress": job.progress,
        "standard": job.standard,
        "file": job.filename,
        "dry_run": job.dry_run,
        "valid_only": job.valid_only,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "errors": [stored_text(error) for error in job.errors],
        "report": report_from_json(job.report).as_dict() if job.report else None,
    }


def _asked(request: HttpRequest, name: str, parsed: bool) -> bool:
    """A flag asked for anywhere, any number of times, is asked for: a plan is never written because a later
    ``dry_run=false`` overrode an earlier ``true``."""
    sent = [*request.GET.getlist(name), *request.POST.getlist(name)]
    return parsed or any(value.strip().lower() in ("1", "true", "yes", "on") for value in sent)


def _file_response(export: ExportFile, report: bool) -> HttpResponse:
    if report:
        return HttpResponse(json.dumps(export.report(), ensure_ascii=False), content_type="application/json")
    binary = export.media_type == MEDIA_TYPES["xlsx"]
    response = HttpResponse(export.data, content_type=export.media_type + ("" if binary else "; charset=utf-8"))
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Algoscope-Records"] = str(export.count)
    response["X-Algoscope-Not-Held"] = str(len(export.not_held))
    response["X-Algoscope-Left-Out"] = str(len(export.left_out))
    return response


@interop.get("/{standard}/export", response={200: Any}, operation_id="interop_export", url_name="interop_export")
def export_file(request: HttpRequest, standard: str, query: Query[ExportQuery]) -> HttpResponse:
    """The published records in a standard (nl-algoritmeregister, eurocities-ats, uk-atrs, ai-act-annex-viii,
    dcat-ap). ``report=true`` lists, per record, the fields the standard cannot hold (and notices such as
    approximated values) instead of the file. Anonymous callers: counted with the other whole-register downloads."""
    check_anonymous_limit(request, "downloads")
    org = organisation_by_ref(query.organisation) if query.organisation else None
    export = interop_export(
        standard=standard,
        fmt=query.format,
        organisation=org,
        language=query.language,
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return _file_response(export, query.report)


@interop.get(
    "/{standard}/export/working-copies", response={200: Any}, auth=token_auth, operation_id="interop_export_drafts"
)
def export_working_copies(request: HttpRequest, standard: str, query: Query[ExportQuery]) -> HttpResponse:
    """The token's organisation's working copies (drafts included) in a standard: to check an import."""
    actor = token_actor(request)
    assert actor.token is not None
    export = interop_export(
        standard=standard,
        fmt=query.format,
        organisation=actor.token.organisation,
        working_copies=True,
        actor=actor,
        language=query.language,
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return _file_response(export, query.report)
