from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from algoscope.site.backup import BackupError, restore


class Command(BaseCommand):
    help = "Load a backup into a freshly migrated, empty database (SQLite or PostgreSQL) and its files."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="a file written by 'algoscope backup'")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(Path(options["file"]))
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Restored {manifest['rows']:,} rows and {len(manifest['files']):,} files.")
        )
