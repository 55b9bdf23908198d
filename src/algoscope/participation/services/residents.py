"""A resident's own data: what they follow, what they posted (downloaded as one JSON file), and deleting their
account: their posts stay public without them (no author, no name), their supports still count, the rest goes."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import ProtectedError

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import Conflict, InvalidInput, PermissionDenied
from algoscope.common.messages import gettext_noop as _
from algoscope.common.public_cache import public_changed
from algoscope.participation.models import (
    Comment,
    Consultation,
    ContentReport,
    Proposal,
    Question,
    Subscription,
    Support,
)
from algoscope.participation.services.base import post_language
from algoscope.register.models import Algorithm

TARGET_KINDS = ("record", "organisation", "consultation", "contact-point")
MAX_SUBSCRIPTIONS = 200


def _exists(kind: str, key: str) -> bool:
    if kind == "contact-point":
        return key == ""
    if kind == "record":
        return Algorithm.objects.filter(public_id=key, published_version__isnull=False).exists()
    if kind == "organisation":
        return Organisation.objects.filter(slug=key).exists()
    return Consultation.objects.filter(key=key).exists()


@transaction.atomic
def subscribe(*, actor: Actor, target: str, language: Any, follow: bool = True) -> bool:
    """Follow (or stop following) a record, an organisation, a consultation or the contact point by e-mail."""
    if actor.person_id is None or actor.token is not None:
        raise PermissionDenied(_("sign in to follow news by e-mail"))
    kind, _sep, key = target.partition(":")
    if not follow:
        return bool(Subscription.objects.filter(person_id=actor.person_id, target=target).delete()[0])
    if kind not in TARGET_KINDS or len(target) > 120 or not _exists(kind, key):
        raise InvalidInput.single(("target",), "invalid", _("a record, an organisation or a consultation"))
    if Subscription.objects.filter(person_id=actor.person_id).count() >= MAX_SUBSCRIPTIONS:
        raise Conflict(_("you follow too many things already: stop following some first"))
    _made, created = Subscription.objects.get_or_create(
        person_id=actor.person_id, target=target, defaults={"language": post_language(language)}
    )
    return created


def my_data(user: Any) -> dict[str, Any]:
    """Everything the platform keeps about a resident, for them to download."""

    def posts(rows: Any, *fields: str) -> list[dict[str, Any]]:
        return [
            {name: (value.isoformat() if hasattr(value, "isoformat") else value) for name, value in row.items()}
            for row in rows.values("pk", "created_at", "language", "public_name", "body", *fields)
        ]

    return {
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "joined": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
        "questions": posts(Question.objects.filter(author=user), "title", "kind", "channel", "state", "answer"),
        "proposals": posts(Proposal.objects.filter(author=user), "consultation__key", "number", "title", "state"),
        "comments": posts(Comment.objects.filter(author=user), "proposal__consultation__key", "proposal__number"),
        "supports": [
            {"consultation": key, "proposal": number, "at": at.isoformat()}
            for key, number, at in Support.objects.filter(person=user).values_list(
                "proposal__consultation__key", "proposal__number", "created_at"
            )
        ],
        "reports": list(
            ContentReport.objects.filter(reporter=user).values("content_kind", "content_id", "reason", "note")
        ),
        "subscriptions": list(Subscription.objects.filter(person=user).values("target", "language")),
    }


@transaction.atomic
def account_delete(*, actor: Actor, confirm: str) -> None:
    """Delete the signed-in resident's account. A civil servant's account (a role somewhere) is closed by the
    operator instead: its name stays on what it published."""
    user = actor.db_user
    if user is None or actor.token is not None:
        raise PermissionDenied(_("sign in to delete your account"))
    if confirm.strip().casefold() != user.email.casefold():
        raise InvalidInput.single(("confirm",), "mismatch", _("type your e-mail address to confirm"))
    if user.is_staff or user.memberships.exists() or user.site_roles.exists():
        raise Conflict(_("this account holds a role on the platform: ask the operator to close it"))
    anonymous = {"author": None, "public_name": ""}
    counts = {
        model.__name__: model.objects.filter(author=user).update(**anonymous) for model in (Question, Proposal, Comment)
    }
    person_id = user.pk
    try:
        user.delete()
    except ProtectedError as exc:
        raise Conflict(_("this account is named on records of the platform: ask the operator to close it")) from exc
    audit_log_write(
        actor=Actor(system="participation.account_delete"),
        action="participation.account.delete",
        object_type="account",
        object_id=str(person_id),
        data={"posts_kept_anonymous": counts},
    )
    public_changed()
