"""``algoscope load_demo``: every installed app's demo, in one transaction, once.

The shell knows no app's demo: it asks each app config that has a ``load_demo(password=...)`` method, in the order
of their ``demo_order``; each returns a phrase saying what it loaded, or "" when its demo is already there.
"""

from typing import Any, Protocol, cast

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from algoscope.accounts.demo import DEMO_PASSWORD


class DemoApp(Protocol):
    def load_demo(self, *, password: str) -> str: ...


class Command(BaseCommand):
    help = "Load the demo organisations, accounts, records and every app's demo (once; a second run changes nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password of every demo account")
        parser.add_argument(
            "--not-in-development",
            action="store_true",
            help="load it although ALGOSCOPE_DEBUG is off (a test installation that is not public)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["not_in_development"]:
            raise CommandError(
                "refused: the demo makes an 'operator' superuser and other accounts with a published password. "
                "It loads only in development (ALGOSCOPE_DEBUG=1), or with --not-in-development on a test "
                "installation nobody else can reach."
            )
        loaders = [
            cast(DemoApp, config)
            for config in sorted(apps.get_app_configs(), key=lambda config: getattr(config, "demo_order", 100))
            if callable(getattr(config, "load_demo", None))
        ]
        with transaction.atomic():  # all of it or nothing: a failed step leaves no half-loaded demo behind
            loaded = [phrase for config in loaders if (phrase := config.load_demo(password=options["password"]))]
        if not loaded:
            self.stdout.write("Demo data already present; nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {'; '.join(loaded)}. Sign in as editor.gent, reviewer.gent, admin.gent (or another "
                "organisation's key), auditor, organiser, coordinator, grader, moderator, operator, or as a resident "
                "(resident.anna, resident.bram, resident.chloe), "
                f"password {options['password']!r}."
            )
        )
