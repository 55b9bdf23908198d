# Written by hand on 2026-12-07: PostgreSQL ranks a search's matches by where the words occur (as SQLite does),
# from the name's and the summary's lexemes, without reading the documents (register/search/backends.py).

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name, weight in (("name", "a"), ("summary", "b")):
            schema_editor.execute(
                f"CREATE INDEX register_search_{name} ON register_search USING gin (ts_filter(document, '{{{weight}}}'))"
            )


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS register_search_name")
        schema_editor.execute("DROP INDEX IF EXISTS register_search_summary")


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0007_first_published_at"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
