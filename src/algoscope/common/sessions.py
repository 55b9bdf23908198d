"""The session store: Django's database sessions, with a key that must look like one of the keys it makes.

A session cookie is read on every page that shows who is signed in. Django accepts any key of eight characters or
more and looks it up; a cookie can carry a NUL (``"\\000…"`` is decoded from its octal escape), which PostgreSQL
refuses in a query — a server error for anyone who sends it. Django's keys are 32 lower-case letters and digits."""

from __future__ import annotations

import re

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

KEY = re.compile(r"[a-z0-9]{8,64}")


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: str | None) -> bool:
        return bool(key) and KEY.fullmatch(str(key)) is not None
