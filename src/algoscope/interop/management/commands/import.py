"""``algoscope import --standard NAME FILE [--organisation ID] [--dry-run] [--valid-only] [--json]``."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from algoscope.accounts.permissions import Actor
from algoscope.common.errors import DomainError, InvalidInput
from algoscope.interop.services import ImportReport, interop_import, organisation_by_ref
from algoscope.interop.standards import STANDARDS
from algoscope.interop.standards.files import DEFAULT_MAX_BYTES


class Command(BaseCommand):
    help = "Import a file of another standard as drafts (never published): all records or none, unless --valid-only."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--standard", required=True, choices=sorted(STANDARDS))
        parser.add_argument(
            "--format", choices=["json", "csv", "xlsx"], default=None, help="default: the file's extension"
        )
        parser.add_argument(
            "--organisation", default=None, help="organisation id or identifier (default: the name in each record)"
        )
        parser.add_argument(
            "--language",
            choices=["nl", "fr", "de", "en"],
            default=None,
            help="the language of the file's texts (default: as the file says, else detected, with a notice)",
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
        parser.add_argument("--valid-only", action="store_true", help="import the valid records, list the others")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if path.stat().st_size > DEFAULT_MAX_BYTES:
            size = path.stat().st_size / 1_048_576
            raise CommandError(
                f"{path.name}: the file is {size:.1f} MB; the limit is {DEFAULT_MAX_BYTES // 1_048_576} MB"
            )
        try:
            org = organisation_by_ref(options["organisation"]) if options["organisation"] else None
            report = interop_import(
                actor=Actor.for_system("algoscope import"),
                standard=options["standard"],
                data=path.read_bytes(),
                filename=path.name,
                fmt=options["format"],
                organisation=org,
                dry_run=options["dry_run"],
                valid_only=options["valid_only"],
                language=options["language"],
            )
        except InvalidInput as exc:
            raise CommandError(exc.message) from None
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self._print(report)
        if report.errors and not report.written:
            first = "; ".join(str(e) for e in report.errors[:3])
            raise CommandError(f"{len(report.errors)} problem(s), nothing was imported: {first}")

    def _print(self, report: ImportReport) -> None:
        for finding in report.file_findings:
            self.stdout.write(f"{finding.severity}: {finding}")
        for plan in report.records:
            where = f"row {plan.number} (line {plan.line})" if plan.line else f"record {plan.number}"
            target = plan.public_id or "new draft"
            self.stdout.write(f"{where}: {plan.action:9} {target:14} {plan.name or '(no name)'}")
            if plan.changed_fields and plan.action == "update":
                self.stdout.write(f"    changes: {', '.join(plan.changed_fields)}")
            if plan.kept_fields:
                self.stdout.write(f"    kept as {report.standard} fields: {', '.join(plan.kept_fields)}")
            for other, fields in plan.not_held_by.items():
                if fields:
                    self.stdout.write(f"    {other} cannot hold: {', '.join(fields)}")
            for finding in [*plan.errors, *plan.warnings]:
                self.stdout.write(f"    {finding.severity}: {finding}")
        counts = report.counts()
        state = "written" if report.written else ("dry run, nothing written" if report.dry_run else "nothing written")
        self.stdout.write(
            f"{counts['create']} to create, {counts['update']} to update, {counts['unchanged']} unchanged, "
            f"{counts['invalid']} invalid ({state})"
        )
