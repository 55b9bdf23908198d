"""Laying out a published report's files in the background (``common.jobs``): PDFs take seconds per language, so
publishing freezes the report (its number, texts and snapshot) and this job makes its files, stores them with their
SHA-256 and makes it public, in one transaction at the end. A failed layout keeps its reason; a coordinator retries.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from algoscope.common import jobs
from algoscope.common.errors import Conflict, DomainError
from algoscope.common.messages import gettext_noop as _
from algoscope.common.public_cache import public_changed
from algoscope.reports import files
from algoscope.reports.models import Report
from algoscope.reports.services import QUEUE

log = logging.getLogger(__name__)
STALE_AFTER_S = 15 * 60  # far longer than laying out one language


def run_job(pk: int) -> bool:
    if not jobs.claim(Report, pk, "layout"):
        return False
    try:
        report = Report.objects.select_related("corrects").get(pk=pk)
        stored = files.publish_files(report, progress=lambda stage, done: jobs.beat(Report, pk, stage, done))
        with transaction.atomic():
            fresh = Report.objects.select_for_update().get(pk=pk)
            if fresh.state != Report.State.PUBLISHING:
                raise Conflict(_("the report is no longer waiting for its files"))
            Report.objects.filter(pk=pk).update(
                files=stored, state=Report.State.PUBLISHED, status="done", finished_at=timezone.now(), progress=1.0,
                progress_stage="done",
            )  # fmt: skip
        public_changed()
    except DomainError as exc:
        jobs.fail(Report, pk, jobs.reasons(exc))
    except Exception as exc:  # a layout error: kept with the report, shown to the coordinators, retried by them
        log.exception("laying out report %s failed", pk)
        jobs.fail(Report, pk, jobs.unexpected(exc))
    return True


QUEUE_OF_REPORTS = jobs.model_queue(QUEUE, Report, run_job, stale_after_s=STALE_AFTER_S)


def lay_out_now(report: Report) -> Report:
    """Run the layout here (the operator's command line and the demo wait for it); a job already run or running
    elsewhere is left alone."""
    run_job(report.pk)
    return Report.objects.get(pk=report.pk)
