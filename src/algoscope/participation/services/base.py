"""What every participation service shares: who may post, the texts, the audit log, and telling the public cache."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.common.errors import InvalidInput, PermissionDenied
from algoscope.common.messages import gettext_noop as _
from algoscope.common.plaintext import language_code
from algoscope.participation.accounts import has_confirmed_email
from algoscope.participation.engine.posts import NAME_MAX, clean_text

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def require_resident(actor: Actor) -> None:
    """Posting needs a person (not an API token) with a confirmed e-mail address."""
    if actor.token is not None or actor.user is None or not has_confirmed_email(actor.user):
        raise PermissionDenied(_("confirm your e-mail address before you post (see your account page)"))


def post_language(value: object, allowed: tuple[str, ...] | list[str] = LANGUAGES) -> str:
    return language_code(value, "language", allowed)


RESERVED = (
    "algoscope", "contact point", "contactpunt", "point de contact", "kontaktstelle", "moderator", "modérateur",
    "coordinator", "coördinator", "coordinateur", "koordinator",
)  # fmt: skip


def public_name(value: object) -> str:
    """The name a resident shows with a post (or none); never an organisation's name or a role of the site."""
    name = clean_text(value, "public_name", maximum=NAME_MAX, required=False, one_line=True)
    folded = name.casefold()
    official = {
        text.casefold()
        for names in Organisation.objects.values_list("name", flat=True)
        for text in (names or {}).values()
    }
    if name and (folded in official or any(word in folded for word in RESERVED)):
        raise InvalidInput.single(
            ("public_name",),
            "reserved",
            _("this name belongs to an organisation or a role of the site: choose another"),
        )
    return name


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
