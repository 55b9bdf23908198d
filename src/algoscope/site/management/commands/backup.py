from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from algoscope.site.backup import backup


class Command(BaseCommand):
    help = "Write the whole platform (every app's rows and every stored file) to one .tar.gz."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the backup to write, e.g. algoscope-2026-12-06.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = backup(Path(options["file"]))
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {options['file']}: {manifest['rows']:,} rows, {len(manifest['files']):,} files.")
        )
