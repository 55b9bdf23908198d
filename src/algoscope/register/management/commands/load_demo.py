from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from algoscope.aiact.demo import load_aiact_demo
from algoscope.audits.demo import load_audit_demo
from algoscope.register.demo import DEMO_PASSWORD, load_demo
from algoscope.sortition.demo import load_panel_demo


class Command(BaseCommand):
    help = "Load the demo organisations, accounts and algorithm records (once; a second run changes nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password of every demo account")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():  # all of it or nothing: a failed step leaves no half-loaded demo behind
            result = load_demo(password=options["password"])
            assessed = load_aiact_demo() if result["organisations"] else 0
            audits = load_audit_demo() if result["organisations"] else 0
            panels = load_panel_demo() if result["organisations"] else 0
        if not result["organisations"]:
            self.stdout.write("Demo data already present; nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result['organisations']} organisations and {result['algorithms']} algorithm records, "
                f"{assessed} of them with an AI Act assessment, {audits} with a published audit; "
                f"{panels} citizens' panel drawn by lot. "
                "Sign in as editor.gent, reviewer.gent, admin.gent (or another organisation's key), auditor, "
                "organiser or operator, "
                f"password {options['password']!r}."
            )
        )
