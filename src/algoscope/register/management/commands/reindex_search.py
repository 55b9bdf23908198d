from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from algoscope.register.search.index import search_reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index and facet values of every record (after an upgrade that changes them)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            total = search_reindex_all(progress=lambda done, total: self.stdout.write(f"{done:,}/{total:,}"))
        self.stdout.write(self.style.SUCCESS(f"Re-indexed {total:,} records."))
