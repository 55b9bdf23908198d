"""What every page that takes a resident's post does first: the honeypot, the rate limits, and who may post."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from algoscope.common.ratelimits import client_address


def over_post_limit(request: HttpRequest) -> bool:
    """Count this post against the person's limit (``POST_RATE``) and the address's (``ADDRESS_POST_RATE``)."""
    person = is_ratelimited(
        request,
        group="participation.post.person",
        key=lambda _group, request: str(request.user.pk),
        rate=settings.POST_RATE,
        increment=True,
    )
    address = is_ratelimited(
        request,
        group="participation.post.address",
        key=lambda _group, request: client_address(request),
        rate=settings.ADDRESS_POST_RATE,
        increment=True,
    )
    return bool(person or address)
