"""What every participation service shares: who may post, the texts, the audit log, and telling the public cache."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from algoscope.accounts.permissions import Actor
from algoscope.common.errors import InvalidInput, PermissionDenied, Problem
from algoscope.common.messages import gettext_noop as _
from algoscope.participation.accounts import has_confirmed_email
from algoscope.participation.engine.posts import NAME_MAX, clean_text

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def require_resident(actor: Actor) -> None:
    """Posting needs a person (not an API token) with a confirmed e-mail address."""
    if actor.token is not None or actor.user is None or not has_confirmed_email(actor.user):
        raise PermissionDenied(_("confirm your e-mail address before you post (see your account page)"))


def post_language(value: object, allowed: tuple[str, ...] | list[str] = LANGUAGES) -> str:
    language = str(value or "")
    if language not in allowed:
        template = _("the language must be one of {allowed}")
        raise InvalidInput([Problem(("language",), "invalid", template, {"allowed": ", ".join(allowed)})])
    return language


def public_name(value: object) -> str:
    return clean_text(value, "public_name", maximum=NAME_MAX, required=False, one_line=True)


def post_fields(
    actor: Actor, *, body: Any, language: Any, name: Any, maximum: int, allowed: Any = LANGUAGES
) -> dict[str, Any]:
    """The fields of a new post (``Post``): its text, language, author and public name, each checked."""
    return {
        "body": clean_text(body, "body", maximum=maximum),
        "language": post_language(language, allowed),
        "author": actor.db_user,
        "public_name": public_name(name),
    }
