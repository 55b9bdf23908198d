"""Django's SQLite backend with one difference: the WAL journal is asked for after connecting, and a database that
cannot be written (a read-only file or mount, or ``ALGOSCOPE_DB_READ_ONLY``) keeps its journal instead of failing
every connection. Reads then work; a write fails with SQLite's "readonly database" error, which the site answers
with a 503 page saying so (``common.middleware``)."""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: Any) -> Any:
        connection = super().get_new_connection(conn_params)
        with contextlib.suppress(sqlite3.OperationalError):  # read-only: the journal stays, reads still work
            connection.execute("PRAGMA journal_mode=WAL")
        return connection
