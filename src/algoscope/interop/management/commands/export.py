"""``algoscope export --standard NAME [--format F] [--organisation ID] [--working-copies] [--out FILE]``."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from algoscope.accounts.permissions import Actor
from algoscope.common.errors import DomainError
from algoscope.interop.export import interop_export
from algoscope.interop.services import organisation_by_ref
from algoscope.interop.standards import ALL_STANDARDS


class Command(BaseCommand):
    help = "Export the register (published records, or an organisation's working copies) in another standard."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--standard", required=True, choices=ALL_STANDARDS)
        parser.add_argument("--format", default=None, help="csv, json, jsonld or xlsx (default: the standard's first)")
        parser.add_argument("--organisation", default=None, help="only this organisation (id or identifier)")
        parser.add_argument("--working-copies", action="store_true", help="drafts too (needs --organisation)")
        parser.add_argument("--language", default=None, choices=["nl", "fr", "de", "en"])
        parser.add_argument("--base-url", default=None, help="for links in the file (default: ALGOSCOPE_BASE_URL)")
        parser.add_argument("--out", default=None, help="write here (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            org = organisation_by_ref(options["organisation"]) if options["organisation"] else None
            export = interop_export(
                standard=options["standard"],
                fmt=options["format"],
                organisation=org,
                working_copies=options["working_copies"],
                actor=Actor.for_system("algoscope export"),
                language=options["language"],
                base_url=(
                    options["base_url"] or getattr(settings, "ALGOSCOPE_BASE_URL", "http://localhost:8000")
                ).rstrip("/"),
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if options["out"]:
            Path(options["out"]).write_bytes(export.data)
        else:
            sys.stdout.buffer.write(export.data)
            sys.stdout.flush()
        for note in export.left_out:
            self.stderr.write(f"left out: {note.public_id}: {note.reason}")
        for note in export.not_held:
            self.stderr.write(f"not exported: {note.public_id} {note.field}: {note.reason}")
        for note in export.warnings:
            self.stderr.write(f"notice: {note.public_id} {note.field}: {note.reason}")
        self.stderr.write(
            ", ".join(
                (
                    _counted(export.count, "record written", "records written"),
                    _counted(len(export.left_out), "record left out", "records left out"),
                    _counted(len(export.not_held), "field the standard cannot hold", "fields the standard cannot hold"),
                )
            )
        )


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
