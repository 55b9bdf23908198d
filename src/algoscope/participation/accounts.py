"""Residents' accounts (django-allauth): who may post, and the adapter that ties allauth to the site."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.conf import settings
from django.http import HttpRequest


def has_confirmed_email(user: Any) -> bool:
    """Whether the person may post: signed in, active, with a confirmed e-mail address."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(EmailAddress.objects.filter(user_id=user.pk, verified=True).exists())


class ResidentAccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth has no type hints
    """Sign-up can be closed (``ALGOSCOPE_SIGNUP_OPEN=0``). Signing in is the site's own page: a resident lands on
    their own page through the workspace's redirect (``RESIDENT_HOME``)."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.SIGNUP_OPEN)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's e-mails greet from the site's name ("Hello from Algoscope"), not from its host name."""
        request = getattr(allauth_context, "request", None)
        domain = request.get_host() if request is not None else urlsplit(settings.PUBLIC_URL).netloc
        super().send_mail(
            template_prefix, email, {**context, "current_site": SimpleNamespace(name="Algoscope", domain=domain)}
        )
