"""``algoscope work``: the background worker for every kind of job (with ``ALGOSCOPE_JOBS=worker``)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run queued background jobs (audits, panel selections) and delete personal data that is due."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="stop when nothing is queued")

    def handle(self, *args: Any, **options: Any) -> None:
        from algoscope.common.jobs import registered_queues, work

        done = work(registered_queues(), once=options["once"])
        self.stdout.write(", ".join(f"{count} {name}" for name, count in done.items()) + " done")
