"""Public answers served from a cache between two changes of what the public sees.

Anonymous GET and HEAD requests of public pages, the read API and the feeds are answered from a cache keyed by the
request (scheme, host, path with its query, the language it asks for) and by the *public generation*: a counter in
the database that every change of public content raises (``public_changed``: a publication, a retirement, an
organisation's name, a published audit or panel). A change is thus seen by every process and machine at once;
``PUBLIC_CACHE_SECONDS`` (5 minutes) also bounds how old an answer may get. Never cached: a signed-in person's or an API
token's request (or one with a session or a message waiting), anything but a 200, a response that sets a cookie
(a form's CSRF token: "Vary: Cookie" alone only says that a session was looked for, and these requests have none), one
whose Content-Security-Policy carries a nonce, a streamed file, and what the anonymous rate limits count (each such
request must be counted). Cached answers carry a weak ETag and ``Cache-Control: public, max-age=60`` so that a
caching proxy in front may keep them a minute, and a client's ``If-None-Match`` is answered with 304.

Each process reads the generation at most once every ``PUBLIC_GENERATION_KEEP_S`` (a second) and at once after a
change it made itself: every cached answer costs one query less, and another process's change is seen within that
second (a resident reloading a page as it is published may see the previous version for a second).

The cache is the ``pages`` cache alias (``config/storage.py``: ``page_cache``): each process's memory by default, a
folder the web workers of a machine share under gunicorn, or Redis for several machines.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC

from django.conf import settings
from django.core.cache import caches
from django.db import connections, router
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request

from algoscope.common.models import PublicGeneration
from algoscope.common.replica import is_public_read

# Never through the cache: people's own pages, the health check, static files (WhiteNoise), and the API's description
# (it holds no data: nothing to gain, and reading it must not need the database).
UNCACHED_PREFIXES = (
    "/editor/",
    "/accounts/",
    "/admin/",
    "/health/",
    "/static/",
    "/api/v1/openapi.json",
    "/api/v1/docs",
)
SKIP = "_algoscope_public_cache_skip"  # set on a request whose answer must not be cached (``skip``)
MAX_STORED_BYTES = 512 * 1024  # larger answers (a panel's files) are computed again, never kept


def public_changed() -> None:
    """What the public sees has changed: every cached public answer is old from now on."""
    forget_generation()
    updated = PublicGeneration.objects.filter(pk=1).update(generation=F("generation") + 1, changed_at=timezone.now())
    if not updated:
        PublicGeneration.objects.get_or_create(pk=1, defaults={"generation": 1, "changed_at": timezone.now()})


_kept_generation: dict[str, tuple[str, float]] = {}  # database alias → (generation, when it was read)


def forget_generation() -> None:
    """Read the generation again on the next request (this process changed it, or a test rolled it back)."""
    _kept_generation.clear()


def generation() -> str:
    """The current public generation, read at most once every ``PUBLIC_GENERATION_KEEP_S`` in this process."""
    alias = router.db_for_read(PublicGeneration) or "default"
    kept = _kept_generation.get(alias)
    now = time.monotonic()
    if kept is not None and now - kept[1] < settings.PUBLIC_GENERATION_KEEP_S:
        return kept[0]
    current = _read_generation(alias)
    _kept_generation[alias] = (current, now)
    return current


def _read_generation(alias: str) -> str:
    """The current public generation: its count and when it was raised (a database restored from a backup counts
    from an older number again, but never at the same moment). Read with plain SQL: it is asked on every public
    request, and building the ORM's query cost more than running it."""
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT generation, changed_at FROM {PublicGeneration._meta.db_table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return "0"
    changed_at = row[1]
    if changed_at is not None and changed_at.tzinfo is None:  # SQLite stores UTC without saying so
        changed_at = changed_at.replace(tzinfo=UTC)
    return f"{row[0]}.{changed_at.timestamp():.6f}" if changed_at else str(row[0])


def skip(request: HttpRequest) -> None:
    """This request's answer is not to be cached (and a cached one not served): e.g. a rate-limited view."""
    setattr(request, SKIP, True)


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PUBLIC_CACHE_SECONDS > 0
        and is_public_read(request)  # GET or HEAD, no session (a person), no API token, not a person's page
        and "messages" not in request.COOKIES  # a message waits to be shown to this visitor
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def _key(request: HttpRequest, generation: str) -> str:
    """The request as far as the answer depends on it: the language is the one the page will use (its address's
    prefix, else what the headers and the language cookie choose), never the raw header, so that varied headers
    cannot fill the cache."""
    parts = [
        generation,
        request.scheme or "",
        request.get_host(),
        request.get_full_path(),
        get_language_from_request(request, check_path=True) or "",
    ]
    return "public:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        not getattr(request, SKIP, False)
        and response.status_code == 200
        and isinstance(response, HttpResponse)  # not a streamed or file response
        and len(response.content) <= MAX_STORED_BYTES
        and not response.cookies  # e.g. a form's CSRF token: this visitor's (Django sends it with every form)
        and "nonce-" not in response.get("Content-Security-Policy", "")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _etag(content: bytes) -> str:
    return f'W/"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


def _not_modified(request: HttpRequest, etag: str) -> bool:
    wanted = request.META.get("HTTP_IF_NONE_MATCH", "")
    return bool(wanted) and (wanted.strip() == "*" or etag in [tag.strip() for tag in wanted.split(",")])


class PublicCacheMiddleware:
    """Outermost after the security headers: it sees the final answer (cookies, CSP) before it stores it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _cacheable_request(request):
            return self.get_response(request)
        current = generation()
        request.public_generation = current  # type: ignore[attr-defined]  # what a page may key its own reads by
        key = _key(request, current)
        cache = caches["pages"]
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            if _not_modified(request, headers["ETag"]):
                return _not_modified_response(headers)
            response: HttpResponseBase = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            response["X-Algoscope-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if not _storable(request, response):
            return response
        assert isinstance(response, HttpResponse)
        # Every stored answer was chosen for a visitor without a session or a token: a proxy must not give it to one
        # who has either, nor give a visitor another's cookie-chosen language.
        patch_vary_headers(response, ("Cookie", "Authorization"))
        response["ETag"] = _etag(response.content)
        response["Cache-Control"] = f"public, max-age={settings.PROXY_CACHE_SECONDS}"
        headers = dict(response.items())  # no cookie among them (``_storable``)
        cache.set(key, (response.status_code, headers, response.content), settings.PUBLIC_CACHE_SECONDS)
        response["X-Algoscope-Cache"] = "miss"
        if _not_modified(request, response["ETag"]):
            return _not_modified_response(headers)
        return response


def _not_modified_response(headers: dict[str, str]) -> HttpResponseBase:
    response = HttpResponseNotModified()
    for name in ("ETag", "Cache-Control", "Vary", "Content-Language"):
        if name in headers:
            response[name] = headers[name]
    return response
