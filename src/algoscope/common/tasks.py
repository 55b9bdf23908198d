"""The tasks Django's task framework runs: one for every kind of job, found by its registered name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks import task

from algoscope.common import jobs


@task()
def run_job(kind: str, pk: int) -> dict[str, Any]:
    """Run one job of a registered kind (``common.jobs.register_queue``); a job another worker claimed is skipped."""
    return {"kind": kind, "pk": pk, "ran": jobs.queue(kind).run(pk)}


def start(kind: str, pk: int) -> None:
    """Run the job ``kind`` on ``pk`` once the current transaction has committed: queued for the worker, or at once
    with ``JOBS = "sync"``."""
    if settings.JOBS == "sync":
        transaction.on_commit(lambda: jobs.queue(kind).run(pk))
        return
    transaction.on_commit(lambda: run_job.enqueue(kind, pk))
