"""Running audits in the background: in a thread of the web process (default), inline (tests), or by a worker.

``ALGOSCOPE_AUDIT_JOBS`` chooses: ``thread`` starts the computation after the upload's transaction commits;
``worker`` leaves it queued for ``algoscope audit work``; ``sync`` runs it at once (tests). A job claims its
audit (queued → running) in one UPDATE, so two workers never compute the same audit. The result, with its
counts table, is written in one transaction at the end: a failed or interrupted job stores nothing but its error.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone

from algoscope import __version__
from algoscope.audits.engine.audit import run_audit
from algoscope.audits.engine.counts import read_counts
from algoscope.audits.engine.spec import spec_from_mapping
from algoscope.audits.models import Audit
from algoscope.audits.storage import discard_upload
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import InvalidInput
from algoscope.register.permissions import Actor

log = logging.getLogger(__name__)
SYSTEM = Actor.for_system("audit job")
STALE_AFTER_S = 3600


def enqueue(audit: Audit) -> None:
    mode = getattr(settings, "AUDIT_JOBS", "thread")
    if mode == "sync":
        transaction.on_commit(lambda: run_job(audit.pk))
    elif mode == "thread":
        transaction.on_commit(lambda: threading.Thread(target=_in_thread, args=(audit.pk,), daemon=True).start())


def _in_thread(audit_id: int) -> None:
    try:
        run_job(audit_id)
    finally:
        connections.close_all()


def _progress_writer(audit_id: int) -> Callable[[str, float], None]:
    def write(stage: str, fraction: float) -> None:
        Audit.objects.filter(pk=audit_id).update(progress_stage=stage, progress=round(0.8 * fraction, 3))

    return write


def run_job(audit_id: int) -> bool:
    """Compute one queued audit; returns whether it was this call that ran it."""
    claimed = Audit.objects.filter(pk=audit_id, status=Audit.Status.QUEUED).update(
        status=Audit.Status.RUNNING, started_at=timezone.now(), progress=0.0, progress_stage="reading"
    )
    if not claimed:
        return False
    audit = Audit.objects.select_related("algorithm").get(pk=audit_id)
    write = _progress_writer(audit_id)
    try:
        spec = spec_from_mapping({**audit.parameters, "intervention": audit.intervention})
        path = Path(settings.MEDIA_ROOT) / audit.upload
        counts = read_counts(path, spec, progress=write, name=audit.input_name)
        write("computing", 1.0)
        result = run_audit(counts, software={"algoscope": __version__})
    except InvalidInput as exc:
        _fail(audit_id, [p.message for p in exc.problems])
        return True
    except Exception as exc:  # the job must record any failure, or the audit would stay "running"
        log.exception("audit %s failed", audit_id)
        _fail(audit_id, [f"the computation failed unexpectedly: {type(exc).__name__}"])
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
            action="audit.computed",
            object_type="audit",
            object_id=str(audit.pk),
            organisation_id=audit.algorithm.organisation_id,
            data={"rows": result["input"]["rows"], "sha256": result["input"]["sha256"]},
        )
    return True


def _fail(audit_id: int, errors: list[str]) -> None:
    Audit.objects.filter(pk=audit_id).update(
        status=Audit.Status.FAILED, errors=errors, finished_at=timezone.now(), progress_stage="failed"
    )


def work(*, once: bool = False, poll_s: float = 2.0) -> int:
    """The worker loop: mark audits left running by a dead process as failed, then run queued ones, oldest first."""
    stale = timezone.now() - dt.timedelta(seconds=STALE_AFTER_S)
    Audit.objects.filter(status=Audit.Status.RUNNING, started_at__lt=stale).update(
        status=Audit.Status.FAILED, errors=["the computation was interrupted; start it again"]
    )
    done = 0
    while True:
        if not once:
            close_old_connections()  # a long-running worker must not keep a broken or expired connection
        queued = Audit.objects.filter(status=Audit.Status.QUEUED).order_by("updated_at").values_list("pk", flat=True)
        ran = [pk for pk in list(queued[:1]) if run_job(pk)]
        done += len(ran)
        if once and not ran:
            return done
        if not ran:
            time.sleep(poll_s)
