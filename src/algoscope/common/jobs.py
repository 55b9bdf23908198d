"""Background jobs (audits, panel selections) on Django's task framework (the django-tasks backport).

An app registers a ``Queue`` per kind of job (``register_queue``, in its ``AppConfig.ready``).
``common.tasks.start(kind, pk)`` enqueues the one task ``run_job(kind, pk)`` once the current transaction commits:
with the ``database`` backend a worker (``algoscope work``) runs it; with ``JOBS = "sync"`` it runs at once.

A job claims its object (queued → running) in one UPDATE, so two workers never run the same job; each kind writes
its result in one transaction at the end. Every progress report also writes ``heartbeat_at``: the housekeeping
(run by the worker every minute, before a job is started and when a job's page is read) fails a running job whose
heartbeat stopped, with the reason, so that a killed worker never leaves a job "running" for ever.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from algoscope.common.errors import DomainError, InvalidInput
from algoscope.common.messages import gettext_noop as _
from algoscope.common.messages import stored_message

STALE_REASON = _(
    "the computation stopped at {stage} ({percent} percent): the process running it ended (a restart, or it was "
    "killed); start it again"
)
UNEXPECTED = _("the computation failed unexpectedly: {error}")


@dataclass(frozen=True)
class Queue:
    """One kind of job: run one, and fail what a dead process left running."""

    name: str
    run: Callable[[int], bool]  # True when this call claimed and ran the job
    fail_stale: Callable[[], int]  # how many jobs it failed
    housekeeping: Callable[[], object] = lambda: None  # e.g. deleting personal data that is due


_QUEUES: dict[str, Queue] = {}


def register_queue(queue: Queue) -> None:
    """A kind of job, registered by its app (``AppConfig.ready``)."""
    _QUEUES[queue.name] = queue


def registered_queues() -> list[Queue]:
    return [_QUEUES[name] for name in sorted(_QUEUES)]


def queue(name: str) -> Queue:
    return _QUEUES[name]


def claim(model: type[models.Model], pk: int, first_stage: str) -> bool:
    """queued → running in one UPDATE: True for the one caller that got the job. The model has the job fields
    (``common.models.JobFields``) and a ``status`` with ``queued``/``running``/``failed``."""
    manager: Any = model._default_manager
    now = timezone.now()
    started = {
        "status": "running",
        "started_at": now,
        "heartbeat_at": now,
        "progress": 0.0,
        "progress_stage": first_stage,
    }
    return bool(manager.filter(pk=pk, status="queued").update(**started))


def beat(model: type[models.Model], pk: int, stage: str, progress: float) -> None:
    """Report progress; it is also the job's heartbeat."""
    manager: Any = model._default_manager
    manager.filter(pk=pk).update(progress_stage=stage, progress=round(progress, 3), heartbeat_at=timezone.now())


def fail(model: type[models.Model], pk: int, errors: list[dict[str, Any]]) -> None:
    """The job failed for these reasons (``stored_message``: shown in each reader's language)."""
    manager: Any = model._default_manager
    manager.filter(pk=pk).update(status="failed", errors=errors, finished_at=timezone.now(), progress_stage="failed")


def reasons(exc: DomainError) -> list[dict[str, Any]]:
    """Why a job failed, from a service's error: each located problem's message, kept translatable."""
    if isinstance(exc, InvalidInput) and exc.problems:
        return [stored_message(p.template, p.params) for p in exc.problems]
    return [stored_message(exc.template, exc.params)]


def unexpected(exc: BaseException) -> list[dict[str, Any]]:
    return [stored_message(UNEXPECTED, {"error": type(exc).__name__})]


def model_queue(
    name: str,
    model: type[models.Model],
    run: Callable[[int], bool],
    *,
    stale_after_s: int,
    housekeeping: Callable[[], object] = lambda: None,
) -> Queue:
    """The queue of a model with the job fields: a running row whose heartbeat is older than ``stale_after_s``
    (longer than any step between two progress reports) was left by a dead process and fails with the reason."""
    manager: Any = model._default_manager

    def fail_stale(now: dt.datetime | None = None) -> int:
        limit = (now or timezone.now()) - dt.timedelta(seconds=stale_after_s)
        failed = 0
        for pk, stage, progress in manager.filter(status="running", heartbeat_at__lt=limit).values_list(
            "pk", "progress_stage", "progress"
        ):
            reason = stored_message(STALE_REASON, {"stage": stage or "start", "percent": round(100 * (progress or 0))})
            failed += manager.filter(pk=pk, status="running", heartbeat_at__lt=limit).update(
                status="failed", errors=[reason], finished_at=timezone.now(), progress_stage="failed"
            )
        return failed

    return Queue(name, run=run, fail_stale=fail_stale, housekeeping=housekeeping)


def housekeeping() -> dict[str, int]:
    """Fail the jobs dead processes left running, do each kind's own chores (personal data that is due), and remove
    expired sessions."""
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    failed = {}
    for q in registered_queues():
        failed[q.name] = q.fail_stale()
        q.housekeeping()
    return failed
