"""Imports in the background (``common.jobs``): the web process stores the upload and queues a job; the worker
reads, plans and (after the editor's confirmation, or at once for an API client) writes it.

The web process never parses a file: a workbook that expands to hundreds of megabytes costs the worker, which
is capped by the readers' limits, not the site. A preview job keeps the upload (for a day) until the editor
confirms it; the confirmation is a second job on the same stored file, which plans again and writes in one
transaction (``interop.services``), so a killed worker leaves all records or none. A job acts with the rights its
person (or API token) has when it runs, not when it was queued.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from algoscope.accounts.models import ApiToken, Organisation
from algoscope.accounts.permissions import Actor, require
from algoscope.common import jobs, storage, tasks
from algoscope.common.errors import DomainError, InvalidInput, PermissionDenied, Problem
from algoscope.common.messages import gettext_noop as _
from algoscope.common.messages import stored_message
from algoscope.interop.models import ImportJob
from algoscope.interop.reports import report_to_json
from algoscope.interop.services import ImportReport, check_language, format_for, interop_import, standard_get
from algoscope.interop.standards.files import DEFAULT_MAX_BYTES

log = logging.getLogger(__name__)
FOLDER = "import-jobs"  # in the file storage (``common.storage``): any machine's worker reads it
STALE_AFTER_S = 10 * 60  # far longer than any step between two progress reports (one record)
PREVIEW_SECONDS = 24 * 3600  # a preview's file waits this long for the editor's confirmation
BEAT_EVERY_S = 0.5


def import_submit(
    *,
    actor: Actor,
    organisation: Organisation,
    standard: str,
    data: bytes,
    filename: str,
    fmt: str | None = None,
    language: str | None = None,
    dry_run: bool = True,
    valid_only: bool = False,
) -> ImportJob:
    """Store the file and queue its import (a plan only with ``dry_run``). What can be checked without reading the
    file is checked here: the standard, the format, the language and the right to import into ``organisation``."""
    require(actor, "algorithm.import", organisation.pk)
    mapper = standard_get(standard)
    fmt = format_for(mapper, filename, fmt)
    check_language(language)
    if len(data) > DEFAULT_MAX_BYTES:
        too_large = _("the file is {size} bytes; the limit is {limit}")
        raise InvalidInput(
            [Problem(("file",), "too-large", too_large, {"size": len(data), "limit": DEFAULT_MAX_BYTES})]
        )
    person = actor.db_user
    assert person is not None  # require() let an authenticated person through
    name = PurePath(filename).name or "upload"
    upload = f"{FOLDER}/{uuid.uuid4().hex}/upload.{fmt}"
    job = ImportJob.objects.create(  # the row first: a file is never kept without the job that deletes it
        organisation=organisation,
        created_by=person,
        via_api=actor.token is not None,
        token=actor.token,
        standard=mapper.key,
        filename=name[:255],
        format=fmt,
        language=language or "",
        dry_run=dry_run,
        valid_only=valid_only,
        size=len(data),
        upload=upload,
    )
    storage.save(upload, data)
    tasks.start("imports", job.pk)
    return job


@transaction.atomic
def import_confirm(*, actor: Actor, preview: ImportJob) -> ImportJob:
    """Import the file of a finished preview as the editor saw it planned: a second job on the same stored file.
    Only the person who asked for the preview confirms it, once."""
    preview = ImportJob.objects.select_for_update().get(pk=preview.pk)
    if actor.person_id != preview.created_by_id or actor.token is not None:
        raise PermissionDenied(_("only the person who asked for this preview can import it"))
    if not (preview.dry_run and preview.status == ImportJob.Status.READY and preview.upload):
        raise InvalidInput.single(
            ("preview",), "expired", _("that preview has been imported or has expired; upload the file again")
        )
    require(actor, "algorithm.import", preview.organisation_id)
    job = ImportJob.objects.create(
        organisation_id=preview.organisation_id,
        created_by_id=preview.created_by_id,
        standard=preview.standard,
        filename=preview.filename,
        format=preview.format,
        language=preview.language,
        dry_run=False,
        valid_only=preview.valid_only,
        size=preview.size,
        upload=preview.upload,
        preview=preview,
    )
    preview.upload = ""  # the file is the import's now
    preview.save(update_fields=["upload"])
    tasks.start("imports", job.pk)
    return job


def _actor(job: ImportJob) -> Actor | None:
    """Who the job acts for, with their rights now; ``None`` when they may no longer act."""
    if job.via_api:
        token = (
            ApiToken.objects.select_related("organisation", "created_by").filter(pk=job.token_id).first()
            if job.token_id is not None
            else None
        )
        if token is None or not token.is_active or not token.created_by.is_active:
            return None
        actor = Actor.for_token(token)
        return actor if actor.token_roles else None
    return Actor(user=job.created_by) if job.created_by.is_active else None


def _beater(job_id: int) -> Callable[[str, float], None]:
    last: dict[str, Any] = {"at": 0.0, "stage": ""}

    def beat(stage: str, fraction: float) -> None:
        now = time.monotonic()
        if stage != last["stage"] or now - last["at"] >= BEAT_EVERY_S:  # a new stage is always told
            last.update(at=now, stage=stage)
            jobs.beat(ImportJob, job_id, stage, fraction)

    return beat


def run_job(job_id: int) -> bool:
    """Plan or import one queued file; returns whether it was this call that ran it."""
    if not jobs.claim(ImportJob, job_id, "reading"):
        return False
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    actor = _actor(job)
    if actor is None:
        gone = _("the person or API token that sent the file may no longer import; nothing was imported")
        return _finish_failed(job, [stored_message(gone)])
    data = storage.read(job.upload) if job.upload else None
    if data is None:
        lost = _("the uploaded file is no longer kept; upload it again")
        return _finish_failed(job, [stored_message(lost)])
    try:
        report = interop_import(
            actor=actor,
            standard=job.standard,
            data=data,
            filename=job.filename,
            fmt=job.format or None,
            organisation=job.organisation,
            dry_run=job.dry_run,
            valid_only=job.valid_only,
            language=job.language or None,
            progress=_beater(job_id),
            written=lambda report: _ready(job_id, report),
        )
    except DomainError as exc:
        return _finish_failed(job, jobs.reasons(exc))
    except Exception as exc:  # the job must record any failure, or it would stay "running"
        log.exception("import job %s failed", job_id)
        unexpected = _("the import failed unexpectedly ({error}); nothing was imported")
        return _finish_failed(job, [stored_message(unexpected, {"error": type(exc).__name__})])
    if not report.written:  # a plan: nothing was written, so nothing was marked
        _ready(job_id, report)
    confirmable = job.dry_run and not job.via_api and (report.ok or report.valid_only)
    if not confirmable:  # only the page's preview waits for a confirmation; any other file goes now
        _discard(job)
    return True


def _ready(job_id: int, report: ImportReport) -> None:
    """The job is done with this report: for a real import, in the same transaction as the records it wrote, so
    that a worker killed in between never leaves written records under a job that says nothing was imported."""
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.READY,
        report=report_to_json(report),
        progress=1.0,
        progress_stage="done",
        finished_at=timezone.now(),
        errors=[],
    )


def _finish_failed(job: ImportJob, errors: list[dict[str, Any]]) -> bool:
    jobs.fail(ImportJob, job.pk, errors)
    _discard(job)
    return True


def _discard(job: ImportJob) -> None:
    storage.delete(job.upload)
    ImportJob.objects.filter(pk=job.pk).update(upload="")


def housekeeping(now: dt.datetime | None = None) -> int:
    """Delete the files of previews nobody confirmed within a day, and the jobs (with their reports) older than
    ``IMPORT_JOB_DAYS``. Returns how many files and jobs were deleted."""
    now = now or timezone.now()
    deleted = 0
    waiting = ImportJob.objects.exclude(upload="").exclude(
        status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
    )
    for job in waiting.filter(created_at__lt=now - dt.timedelta(seconds=PREVIEW_SECONDS)):
        _discard(job)
        deleted += 1
    old = ImportJob.objects.filter(created_at__lt=now - dt.timedelta(days=settings.IMPORT_JOB_DAYS))
    for job in old.exclude(upload=""):
        storage.delete(job.upload)
    deleted += old.delete()[0]
    return deleted


QUEUE = jobs.model_queue("imports", ImportJob, run_job, stale_after_s=STALE_AFTER_S, housekeeping=housekeeping)
