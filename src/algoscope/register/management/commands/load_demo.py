from typing import Any

from django.core.management.base import BaseCommand

from algoscope.register.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo organisations, accounts and algorithm records (once; a second run changes nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password of every demo account")

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo(password=options["password"])
        if not result["organisations"]:
            self.stdout.write("Demo data already present; nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result['organisations']} organisations and {result['algorithms']} algorithm records. "
                f"Sign in as editor.gent, reviewer.gent, admin.gent (or another organisation's key) or operator, "
                f"password {options['password']!r}."
            )
        )
