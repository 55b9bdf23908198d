"""Residents' accounts (django-allauth): who may post, and the adapter that ties allauth to the site."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def has_confirmed_email(user: Any) -> bool:
    """Whether the person may post: signed in, active, with a confirmed e-mail address."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(EmailAddress.objects.filter(user_id=user.pk, verified=True).exists())


class ResidentAccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth has no type hints
    """Sign-up can be closed (``ALGOSCOPE_SIGNUP_OPEN=0``); after signing up or in, a resident lands on their own
    page (what they posted and follow), a civil servant on the workspace."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.SIGNUP_OPEN)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return reverse("public:participation_me")
