"""The tasks Django's task framework runs: one for every kind of job, found by its registered name."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from algoscope.common import jobs


@task()
def run_job(kind: str, pk: int) -> dict[str, Any]:
    """Run one job of a registered kind (``common.jobs.register_queue``); a job another worker claimed is skipped."""
    return {"kind": kind, "pk": pk, "ran": jobs.queue(kind).run(pk)}
