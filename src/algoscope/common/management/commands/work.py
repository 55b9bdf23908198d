"""``algoscope work``: the background worker for every kind of job, on Django's task framework, with the
housekeeping (jobs a dead process left running, personal data that is due) every minute."""

from __future__ import annotations

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections
from django.utils import timezone
from django.utils.crypto import get_random_string

log = logging.getLogger(__name__)
HOUSEKEEPING_EVERY_S = 60


class Command(BaseCommand):
    help = "Run queued background jobs (audits, panel selections); fail jobs a dead process left; purge what is due."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is queued, then stop")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")

    def handle(self, *args: Any, **options: Any) -> None:
        from algoscope.common.jobs import housekeeping

        housekeeping()
        if options["once"]:
            self._once()
            return
        stop = threading.Event()
        threading.Thread(target=_housekeeping_loop, args=(stop,), daemon=True, name="housekeeping").start()
        try:
            call_command("db_worker", queue_name="*", interval=options["interval"], reload=False)
        finally:
            stop.set()

    def _once(self) -> None:
        """Run every task queued now, then stop: the worker's own claim and run, one task after the other, without
        its connection recycling (a one-off command keeps its connection)."""
        from django.db import transaction
        from django_tasks_db.management.commands.db_worker import Worker
        from django_tasks_db.models import DBTaskResult

        from algoscope.common.jobs import housekeeping, registered_queues

        began = timezone.now()
        worker_id = get_random_string(32)
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        while True:
            with transaction.atomic():
                result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
                if result is not None:
                    result.claim(worker_id)
            if result is None:
                break
            worker.run_task(result)
        housekeeping()
        done = {q.name: 0 for q in registered_queues()}
        for value in (
            DBTaskResult.objects.successful().filter(finished_at__gte=began).values_list("return_value", flat=True)
        ):
            if isinstance(value, dict) and value.get("ran") and value.get("kind") in done:
                done[value["kind"]] += 1
        self.stdout.write(", ".join(f"{count} {name}" for name, count in done.items()) + " done")


def _housekeeping_loop(stop: threading.Event) -> None:
    from algoscope.common.jobs import housekeeping

    while not stop.wait(HOUSEKEEPING_EVERY_S):
        try:
            housekeeping()
        except Exception:  # a failed round is logged; the next one tries again
            log.exception("housekeeping failed")
        finally:
            connections.close_all()
