"""Computing a panel's distribution and lottery in the background (``common.jobs``).

The job claims its panel (queued → running) in one UPDATE, reads the stored respondents and quotas, and writes the
engine's state, the public files and the report in one transaction at the end: a failed job stores only its error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from algoscope.accounts.permissions import Actor
from algoscope.common import jobs, tasks
from algoscope.common.errors import Conflict, InvalidInput
from algoscope.common.messages import gettext_noop as _
from algoscope.common.messages import stored_message
from algoscope.sortition import selectors, services
from algoscope.sortition.engine.errors import Infeasible
from algoscope.sortition.engine.model import Algorithm
from algoscope.sortition.engine.outputs import chances_by_value, ticket_counts
from algoscope.sortition.engine.selection import prepare
from algoscope.sortition.models import Panel

log = logging.getLogger(__name__)
SYSTEM = Actor.for_system("panel job")
STALE_AFTER_S = 30 * 60  # far longer than any one solve between two progress reports
WRITE_EVERY_S = 0.5


def enqueue(panel: Panel) -> None:
    tasks.start("panels", panel.pk)


def _progress_writer(panel_id: int) -> Callable[[str, int, int], None]:
    last_stage, last_at = [""], [0.0]

    def write(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == last_stage[0] and now - last_at[0] < WRITE_EVERY_S and done < total:
            return  # the pricing loop reports often: at most two writes a second
        last_stage[0], last_at[0] = stage, now
        jobs.beat(Panel, panel_id, stage, done / total if total else 1)

    return write


def run_job(panel_id: int) -> bool:
    """Compute one queued panel; returns whether it was this call that ran it."""
    if not jobs.claim(Panel, panel_id, "reading"):
        return False
    panel = Panel.objects.get(pk=panel_id)
    try:
        pool = selectors.read_panel_pool(panel)
        prepared = prepare(
            pool,
            panel.size,
            algorithm=Algorithm(panel.algorithm),
            lottery_size=panel.lottery_size,
            inputs=panel.inputs_sha256,
            progress=_progress_writer(panel_id),
            k_anonymity=panel.k_anonymity,
        )
        chances = chances_by_value(pool, prepared)
        counts = ticket_counts(pool, prepared)
    except InvalidInput as exc:
        _fail(panel_id, jobs.reasons(exc))
        return True
    except Infeasible as exc:
        _fail(panel_id, [stored_message(_("infeasible quotas: {diagnosis}"), {"diagnosis": str(exc.diagnosis)})])
        return True
    except Conflict as exc:
        _fail(panel_id, jobs.reasons(exc))
        return True
    except Exception as exc:  # the job must record any failure, or the panel would stay "running"
        log.exception("panel %s failed", panel_id)
        _fail(panel_id, jobs.unexpected(exc))
        return True
    with transaction.atomic():
        panel = Panel.objects.select_for_update().get(pk=panel_id)
        if panel.status != Panel.Status.RUNNING or not panel.has_personal_data:
            return True  # the respondents were deleted meanwhile: nothing to store
        panel.state = prepared.state()
        panel.report = prepared.report
        panel.public_files = {name: data.decode() for name, data in prepared.public.items()}
        panel.manifest_sha256 = prepared.manifest_digest
        panel.chances, panel.ticket_counts = chances, counts
        panel.status, panel.progress, panel.progress_stage = Panel.Status.COMPUTED, 1.0, "done"
        panel.finished_at, panel.errors = timezone.now(), []
        panel.save()
        services.log_panel(
            SYSTEM,
            panel,
            "compute",
            manifest_sha256=prepared.manifest_digest,
            min=prepared.report["probabilities"]["min"],
        )
    return True


def _fail(panel_id: int, errors: list[dict[str, Any]]) -> None:
    jobs.fail(Panel, panel_id, errors)


def _housekeeping() -> None:
    services.purge_due()


QUEUE = jobs.model_queue("panels", Panel, run_job, stale_after_s=STALE_AFTER_S, housekeeping=_housekeeping)
