"""``algoscope aiact questions``, ``algoscope aiact classify FACTS.json`` and ``algoscope aiact annex-viii ID``."""

from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from algoscope.aiact.engine.classify import classify
from algoscope.aiact.engine.questionnaire import all_questions
from algoscope.aiact.presentation import localised_result
from algoscope.common.errors import InvalidInput, NotFound


class Command(BaseCommand):
    help = "The AI Act classifier: list its questions, or classify a JSON file of facts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        questions = sub.add_parser("questions", help="every question, in asking order")
        questions.add_argument("--json", action="store_true", help="machine-readable output")
        questions.add_argument("--language", default="en", choices=["en", "nl", "fr", "de"])
        run = sub.add_parser("classify", help="classify the facts in FACTS.json (an object of fact keys)")
        run.add_argument("facts_file", metavar="FACTS.json")
        run.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="evaluate dates on YYYY-MM-DD")
        run.add_argument("--legal-text", default=None, help="legal-text version (default: the latest)")
        run.add_argument("--json", action="store_true", help="machine-readable output")
        run.add_argument("--language", default="en", choices=["en", "nl", "fr", "de"])
        annex = sub.add_parser("annex-viii", help="a published record's EU-database registration data (JSON)")
        annex.add_argument("algorithm_id", metavar="ID")
        annex.add_argument("--language", default="en", choices=["en", "nl", "fr", "de"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "questions":
            self._questions(options)
        elif options["subcommand"] == "annex-viii":
            self._annex_viii(options)
        else:
            self._classify(options)

    def _annex_viii(self, options: dict[str, Any]) -> None:
        from algoscope.aiact.annex_viii import annex_viii
        from algoscope.register.selectors import algorithm_get_public

        try:
            algorithm = algorithm_get_public(options["algorithm_id"])
            data = annex_viii(algorithm, language=options["language"])
        except NotFound as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _questions(self, options: dict[str, Any]) -> None:
        questions = all_questions(options["language"])
        if options["json"]:
            self.stdout.write(json.dumps([q.as_dict() for q in questions], ensure_ascii=False, indent=2))
            return
        for q in questions:
            choices = f" [{' | '.join(c.value for c in q.choices)}]" if q.choices else ""
            self.stdout.write(f"{q.key} ({q.type}{choices}; {', '.join(q.refs)})\n  {q.question}")

    def _classify(self, options: dict[str, Any]) -> None:
        path = Path(options["facts_file"])
        try:
            facts = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"{path}: cannot read: {exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}") from exc
        if isinstance(facts, dict) and isinstance(facts.get("facts"), dict):
            facts = facts["facts"]  # also accept the API's request body
        try:
            result = classify(facts, as_of=options["as_of"], legal_text=options["legal_text"])
        except InvalidInput as exc:
            lines = "\n".join(f"  {p.path}: {p.message}" for p in exc.problems)
            raise CommandError(f"{path}: {exc.code}:\n{lines}") from exc
        data = localised_result(result, options["language"])
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(self.style.SUCCESS(", ".join(data["category_titles"])))
        self.stdout.write("\nReasoning:")
        marks = {"applies": "✓", "excepted": "✗ excepted", "not_applicable": "– does not apply:"}
        for step in data["trace"]:
            why = f"; see {'; '.join(step['exception_refs'])}" if step["exception_refs"] else ""
            self.stdout.write(f"  {marks[step['outcome']]} {step['title']} ({'; '.join(step['refs'])}{why})")
        for role, duties in data["obligations"].items():
            self.stdout.write(f"\nObligations as {role}:")
            for duty in duties:
                state = (
                    "in force" if duty["in_force"] else ("not applicable" if duty["status"] != "applies" else "from")
                )
                self.stdout.write(f"  - {duty['title']} ({'; '.join(duty['refs'])}) {state} {duty['applies_from']}")
        for reg in data["registrations"]:
            section = f"Annex VIII Section {reg['section']}, " if reg["section"] else ""
            self.stdout.write(f"\nRegistration ({reg['role']}): {reg['title']} ({section}{reg['database']})")
        for ignored in data.get("ignored_facts", []):
            self.stdout.write(f"\nNotice: {ignored['reason']}")
        self.stdout.write(f"\nRule set {data['ruleset_version']}, {data['legal_text']}, as of {data['as_of']}.")
