"""A time budget for one optional query (a facet count): past it the query is interrupted, not the page."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction


class QueryTimedOut(Exception):
    pass


@contextmanager
def query_time_limit(milliseconds: int) -> Iterator[None]:
    """Run the block's queries within ``milliseconds``; raise ``QueryTimedOut`` past it.

    SQLite: a progress handler aborts the statement. PostgreSQL: ``statement_timeout`` inside a savepoint.
    """
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        deadline = time.monotonic() + milliseconds / 1000
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            yield
        except DatabaseError as exc:
            if "interrupted" in str(exc):
                raise QueryTimedOut from exc
            raise
        finally:
            raw.set_progress_handler(None, 0)
    elif connection.vendor == "postgresql":
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout = %s", [int(milliseconds)])
                yield
        except DatabaseError as exc:
            if "statement timeout" in str(exc) or "canceling statement" in str(exc):
                raise QueryTimedOut from exc
            raise
    else:  # pragma: no cover - other databases run without a budget
        yield
