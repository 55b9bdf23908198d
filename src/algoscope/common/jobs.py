"""Background jobs (audits, panel selections): where they run, and the worker loop.

``ALGOSCOPE_JOBS`` (setting ``JOBS``) chooses: ``thread`` starts a job after the transaction that queued it commits,
in a thread of the web process; ``worker`` leaves it queued for ``algoscope work``; ``sync`` runs it at once, when
the transaction commits (tests, demo). A job claims its object (queued → running) in one UPDATE, so two workers
never run the same job; each kind writes its result in one transaction at the end.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections, models, transaction
from django.utils import timezone


@dataclass(frozen=True)
class Queue:
    """One kind of job: how to find queued work, run one, and fail what a dead process left running."""

    name: str
    queued: Callable[[], list[int]]  # primary keys, oldest first
    run: Callable[[int], bool]  # True when this call claimed and ran the job
    fail_stale: Callable[[], object]
    housekeeping: Callable[[], object] = lambda: None  # e.g. deleting personal data that is due


_QUEUES: dict[str, Queue] = {}


def register_queue(queue: Queue) -> None:
    """A kind of job, registered by its app (``AppConfig.ready``) so that ``algoscope work`` runs it."""
    _QUEUES[queue.name] = queue


def registered_queues() -> list[Queue]:
    return [_QUEUES[name] for name in sorted(_QUEUES)]


def claim(model: type[models.Model], pk: int, first_stage: str) -> bool:
    """queued → running in one UPDATE: True for the one caller that got the job. The model has the job fields
    ``status`` (``queued``/``running``/``failed``/…), ``started_at``, ``finished_at``, ``progress``,
    ``progress_stage`` and ``errors``."""
    manager: Any = model._default_manager
    started = {"status": "running", "started_at": timezone.now(), "progress": 0.0, "progress_stage": first_stage}
    return bool(manager.filter(pk=pk, status="queued").update(**started))


def fail(model: type[models.Model], pk: int, errors: list[str]) -> None:
    manager: Any = model._default_manager
    manager.filter(pk=pk).update(status="failed", errors=errors, finished_at=timezone.now(), progress_stage="failed")


def model_queue(
    name: str,
    model: type[models.Model],
    run: Callable[[int], bool],
    *,
    stale_after_s: int,
    housekeeping: Callable[[], object] = lambda: None,
) -> Queue:
    """The queue of a model with the job fields (see ``claim``): queued rows oldest first; rows left running
    longer than ``stale_after_s`` (by a dead process) fail, so that they can be started again."""
    manager: Any = model._default_manager

    def queued() -> list[int]:
        return list(manager.filter(status="queued").order_by("updated_at").values_list("pk", flat=True))

    def fail_stale() -> None:
        stale = timezone.now() - dt.timedelta(seconds=stale_after_s)
        manager.filter(status="running", started_at__lt=stale).update(
            status="failed", errors=["the computation was interrupted; start it again"]
        )

    return Queue(name, queued=queued, run=run, fail_stale=fail_stale, housekeeping=housekeeping)


def start(run: Callable[[int], object], pk: int) -> None:
    """Run ``run(pk)`` as the ``JOBS`` setting says, once the current transaction has committed."""
    mode = settings.JOBS
    if mode == "sync":
        transaction.on_commit(lambda: run(pk))
    elif mode == "thread":
        transaction.on_commit(lambda: threading.Thread(target=_in_thread, args=(run, pk), daemon=True).start())


def _in_thread(run: Callable[[int], object], pk: int) -> None:
    try:
        run(pk)
    finally:
        connections.close_all()


def work(queues: Iterable[Queue], *, once: bool = False, poll_s: float = 2.0) -> dict[str, int]:
    """The worker loop over ``queues``: fail stale jobs, then run queued ones, oldest first, one kind after the
    other; with ``once``, stop when nothing is left. Returns how many jobs of each kind ran."""
    queues = list(queues)
    for queue in queues:
        queue.fail_stale()
    done = {queue.name: 0 for queue in queues}
    while True:
        if not once:
            close_old_connections()  # a long-running worker must not keep a broken or expired connection
        ran = False
        for queue in queues:
            queue.housekeeping()
            for pk in queue.queued()[:1]:
                if queue.run(pk):
                    done[queue.name] += 1
                    ran = True
        if once and not ran:
            return done
        if not ran:
            time.sleep(poll_s)
