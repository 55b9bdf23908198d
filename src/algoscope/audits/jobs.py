"""Computing audits in the background (``common.jobs``: Django's task framework, or inline).

A job claims its audit (queued → running) in one UPDATE, so two workers never compute the same audit. The result,
with its counts table, is written in one transaction at the end: a failed or interrupted job stores nothing but its
error.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from algoscope import __version__
from algoscope.accounts.permissions import Actor
from algoscope.audits.engine.audit import run_audit
from algoscope.audits.engine.counts import read_counts
from algoscope.audits.engine.spec import spec_from_mapping
from algoscope.audits.models import Audit
from algoscope.audits.storage import discard_upload
from algoscope.common import jobs, storage, tasks
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import InvalidInput

log = logging.getLogger(__name__)
SYSTEM = Actor.for_system("audit job")
STALE_AFTER_S = 15 * 60  # the longest step between two progress reports is far shorter (a chunk of rows)


def enqueue(audit: Audit) -> None:
    tasks.start("audits", audit.pk)


def _progress_writer(audit_id: int) -> Callable[[str, float], None]:
    def write(stage: str, fraction: float) -> None:
        jobs.beat(Audit, audit_id, stage, 0.8 * fraction)

    return write


def run_job(audit_id: int) -> bool:
    """Compute one queued audit; returns whether it was this call that ran it."""
    if not jobs.claim(Audit, audit_id, "reading"):
        return False
    audit = Audit.objects.select_related("algorithm").get(pk=audit_id)
    write = _progress_writer(audit_id)
    try:
        spec = spec_from_mapping({**audit.parameters, "intervention": audit.intervention})
        with storage.local_path(audit.upload) as path:
            counts = read_counts(path, spec, progress=write, name=audit.input_name)
        write("computing", 1.0)
        result = run_audit(counts, software={"algoscope": __version__})
    except InvalidInput as exc:
        _fail(audit_id, jobs.reasons(exc))
        return True
    except Exception as exc:  # the job must record any failure, or the audit would stay "running"
        log.exception("audit %s failed", audit_id)
        _fail(audit_id, jobs.unexpected(exc))
        return True
    with transaction.atomic():
        audit = Audit.objects.select_for_update().select_related("algorithm").get(pk=audit_id)
        audit.result = result
        audit.status, audit.progress, audit.progress_stage = Audit.Status.READY, 1.0, "done"
        audit.finished_at, audit.errors = timezone.now(), []
        if not audit.keep_raw:
            discard_upload(audit)
        audit.save()
        audit_log_write(
            actor=SYSTEM,
            action="audits.audit.compute",
            object_type="audit",
            object_id=str(audit.pk),
            organisation_id=audit.algorithm.organisation_id,
            data={"rows": result["input"]["rows"], "sha256": result["input"]["sha256"]},
        )
    return True


def _fail(audit_id: int, errors: list[dict[str, Any]]) -> None:
    jobs.fail(Audit, audit_id, errors)


def purge_raw_files(now: dt.datetime | None = None) -> int:
    """Delete the decisions files kept past their time: a failed run's (kept so the auditor can compute again with
    other settings) and a kept one's (``keep_raw``), ``AUDIT_RAW_FILE_DAYS`` after the computation finished.
    The counts table in the result is what an audit keeps. Returns how many files were deleted."""
    limit = (now or timezone.now()) - dt.timedelta(days=settings.AUDIT_RAW_FILE_DAYS)
    deleted = 0
    for audit in Audit.objects.select_related("algorithm").exclude(upload="").filter(finished_at__lt=limit):
        with transaction.atomic():
            discard_upload(audit)
            audit.save(update_fields=["upload"])
            audit_log_write(
                actor=SYSTEM,
                action="audits.audit.discard_file",
                object_type="audit",
                object_id=str(audit.pk),
                organisation_id=audit.algorithm.organisation_id,
                data={"file": audit.input_name, "days": settings.AUDIT_RAW_FILE_DAYS},
            )
        deleted += 1
    return deleted


QUEUE = jobs.model_queue("audits", Audit, run_job, stale_after_s=STALE_AFTER_S, housekeeping=purge_raw_files)
