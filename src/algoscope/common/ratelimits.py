"""Limits on what anonymous visitors may ask for in a short time where each answer is expensive (PDF reports, the
whole register as a download, the AI Act classification): one address cannot starve the site for everyone.

Counted per address in the shared cache (a database table, so every web process and machine counts together) by
django-ratelimit. Signed-in people are not limited here. Over the limit: 429 with ``Retry-After``, a problem document
under ``/api/``, a short page elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from algoscope.common import public_cache
from algoscope.common.problems import problem_response

View = TypeVar("View", bound=Callable[..., Any])


def too_many(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = problem_response(
            request, status=429, code="rate-limited", detail="Too many requests from this address; wait a minute."
        )
    else:
        response = render(request, "rate_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


class RateLimited(Exception):
    """An anonymous address asked for too much too quickly (the API answers it with ``too_many``)."""


def over_limit(request: HttpRequest, group: str) -> bool:
    """Count this request of an anonymous visitor in ``group``; whether its address is over the limit."""
    public_cache.skip(request)  # every request must reach the count: its answer is never served from the cache
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return bool(
        is_ratelimited(
            request,
            group=group,
            key=lambda _group, request: client_address(request),
            rate=settings.ANONYMOUS_HEAVY_RATE,
            increment=True,
        )
    )


def check_anonymous_limit(request: HttpRequest, group: str) -> None:
    """For API operations (django-ninja reads their signatures, so they are not wrapped): raise ``RateLimited``."""
    if over_limit(request, group):
        raise RateLimited(group)


def anonymous_limit(group: str) -> Callable[[View], View]:
    """Limit anonymous requests to the view to ``settings.ANONYMOUS_HEAVY_RATE`` per address (``group`` counts
    views together)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if over_limit(request, group):
                return too_many(request)
            return view(request, *args, **kwargs)

        return cast(View, limited)

    return decorate


def client_address(request: HttpRequest) -> str:
    """The visitor's address: behind a reverse proxy (``BEHIND_PROXY``) the one it saw, the last it appended to
    ``X-Forwarded-For``; else the connection's (``unknown`` when a server gives none)."""
    own = str(request.META.get("REMOTE_ADDR") or "unknown")
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        return forwarded.split(",")[-1].strip() or own
    return own
