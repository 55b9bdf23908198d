"""Public reads from a read replica (``ALGOSCOPE_DATABASE_REPLICA_URL``): the anonymous visitors' pages, read API
and feeds read the register from the replica; everything else (people's pages, API tokens, every write, the rate
limits, sessions, background jobs, commands) uses the primary.

A replica lags its primary by a moment: a resident may see a publication a second later, and, as the public
generation of the cached answers is read from the replica too, never a cached answer newer than what the replica
holds. A person who just published reads the primary and sees it at once."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponseBase

REPLICA = "replica"
# The register's public content: what a resident's pages read. Not the cache table, sessions, accounts' secrets.
PUBLIC_APPS = frozenset({"register", "aiact", "audits", "sortition", "interop"})
PUBLIC_MODELS = frozenset({("accounts", "organisation"), ("common", "publicgeneration")})
_public_read: ContextVar[bool] = ContextVar("algoscope_public_read", default=False)


def is_public_read(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(("/editor/", "/accounts/", "/admin/", "/health/"))
    )


def reading_connection() -> Any:
    """The connection raw SQL reads of public content use (the search's own queries): the replica during an
    anonymous visitor's request when there is one, else the primary."""
    return connections[REPLICA if _public_read.get() and REPLICA in settings.DATABASES else "default"]


class PublicReadsMiddleware:
    """Marks an anonymous visitor's read, for ``PublicReadsRouter``; outermost, with the public cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if REPLICA not in settings.DATABASES or not is_public_read(request):
            return self.get_response(request)
        token = _public_read.set(True)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)


class PublicReadsRouter:
    """Reads of the public content during an anonymous visitor's request go to the replica; the rest to the
    primary. The replica is never migrated (it copies the primary)."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        meta = model._meta
        if _public_read.get() and (meta.app_label in PUBLIC_APPS or (meta.app_label, meta.model_name) in PUBLIC_MODELS):
            return REPLICA
        return "default"

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the same data: the replica copies the primary

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        return db == "default"
