"""The operator's plan files from the command line: ``algoscope plans import FILE… [--publish] [--note TEXT]`` and
``algoscope plans export KEY [--format yaml|csv|json]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from algoscope.accounts.permissions import Actor
from algoscope.common.errors import InvalidInput
from algoscope.plans import selectors, services
from algoscope.plans.engine import csvfile
from algoscope.plans.engine.document import strategy_to_dict


class Command(BaseCommand):
    help = "Import plan files (YAML or CSV; every file is checked whole first) or export a published plan."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import plan files: each changed plan becomes a draft (or is published)")
        imp.add_argument("files", nargs="+", type=Path)
        imp.add_argument("--publish", action="store_true", help="publish at once, as the operator")
        imp.add_argument("--note", default="", help="what this version changes, for the plan's history")
        exp = sub.add_parser("export", help="write a published plan to standard output")
        exp.add_argument("key")
        exp.add_argument("--format", choices=("yaml", "csv", "json"), default="yaml")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            strategy = selectors.strategy_get_public(options["key"])
            if strategy is None or strategy.published is None:
                raise CommandError(f"no published plan {options['key']!r}")
            document = selectors.version_document(strategy.published)
            if options["format"] == "csv":
                self.stdout.write(csvfile.write(document), ending="")
            elif options["format"] == "json":
                self.stdout.write(json.dumps(strategy_to_dict(document), ensure_ascii=False, indent=1))
            else:
                self.stdout.write(yaml.safe_dump(strategy_to_dict(document), allow_unicode=True, sort_keys=False))
            return
        actor = Actor.for_system("algoscope plans import")
        for path in options["files"]:
            try:
                report = services.plan_import(
                    actor, path.name, path.read_bytes(), publish=options["publish"], note=options["note"]
                )
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from exc
            except InvalidInput as exc:
                lines = "\n".join(f"  {p.path}: {p.message}" for p in exc.problems)
                raise CommandError(f"{path} was not imported; nothing was changed:\n{lines}") from exc
            for line in report.lines:
                self.stdout.write(line)
