"""API tokens: a person makes their own, for one organisation, at most with their own role there; the secret is
shown once and stored as a SHA-256 hash; a token expires, and it is revoked (for good) by its person, by the
organisation's administrator, or when its person loses the role it needs."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any, Final

from django.db import transaction
from django.utils import timezone

from algoscope.accounts.models import ApiToken, Membership, Organisation
from algoscope.accounts.permissions import Actor, can, require, token_role_allowed
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import InvalidInput, NotFound, PermissionDenied
from algoscope.common.messages import gettext_noop as _

TOKEN_PREFIX: Final = "alg_"
LIFETIMES: Final = (30, 90, 180, 365)  # days a token may be valid for; 90 unless chosen
DEFAULT_LIFETIME: Final = 90


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _log(actor: Actor, token: ApiToken, verb: str, **data: Any) -> None:
    audit_log_write(
        actor=actor,
        action=f"accounts.api_token.{verb}",
        object_type="api_token",
        object_id=token.prefix,
        organisation_id=token.organisation_id,
        data={"name": token.name, "role": token.role, "person": token.created_by.get_username(), **data},
    )


@transaction.atomic
def api_token_create(
    *, actor: Actor, organisation: Organisation, name: str, role: str = "editor", days: int = DEFAULT_LIFETIME
) -> tuple[ApiToken, str]:
    """A token of the acting person; return it and its secret, which is shown once and never stored."""
    if actor.token is not None or actor.db_user is None:
        raise PermissionDenied(_("API tokens are made by a signed-in person, who answers for them"))
    require(actor, "api_token.create", organisation.pk)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise InvalidInput.single(("name",), "required", _("give the token a name of at most 100 characters"))
    if role not in ApiToken.Role.values:
        raise InvalidInput.single(("role",), "unknown-code", _("unknown role; use editor or reviewer"))
    if days not in LIFETIMES:
        raise InvalidInput.single(("days",), "invalid-choice", _("a token is valid for 30, 90, 180 or 365 days"))
    if not token_role_allowed(role, actor.roles_in(organisation.pk)):
        raise PermissionDenied(_("a token cannot do more than its person: a reviewer token needs the reviewer role"))
    prefix = secrets.token_hex(4)
    plaintext = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name,
        role=role,
        prefix=prefix,
        key_hash=_hash(plaintext),
        created_by=actor.db_user,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    _log(actor, token, "create", expires_at=token.expires_at.isoformat())
    return token, plaintext


def revoke(actor: Actor, token: ApiToken, reason: str) -> None:
    """Revoke for good, with the reason, in the audit log (the caller's transaction; the token is active)."""
    token.revoked_at, token.revoked_reason = timezone.now(), reason[:200] or "revoked"
    token.save(update_fields=["revoked_at", "revoked_reason"])
    _log(actor, token, "revoke", reason=token.revoked_reason)


def may_revoke(actor: Actor, token: ApiToken) -> bool:
    """The token's own person, or the organisation's administrator."""
    return actor.token is None and (
        actor.person_id == token.created_by_id or can(actor, "organisation.manage_tokens", token.organisation_id)
    )


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken, reason: str = "") -> ApiToken:
    if not may_revoke(actor, token):
        raise PermissionDenied(_("only the token's person or the organisation's administrator may revoke it"))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        revoke(actor, token, reason)
    return token


def revoke_tokens_without_role(*, actor: Actor, organisation: Organisation, user: Any) -> int:
    """Revoke the person's tokens in ``organisation`` that their remaining roles there no longer allow (called in
    the transaction that takes a role away); return how many."""
    held = list(Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True))
    revoked = 0
    for token in ApiToken.objects.filter(organisation=organisation, created_by=user, revoked_at__isnull=True):
        if not token_role_allowed(token.role, held):
            revoke(actor, token, "the person no longer holds the role")
            revoked += 1
    return revoked


def api_token_authenticate(plaintext: str) -> ApiToken:
    """The token for a presented secret while it may act, or ``NotFound`` (unknown, revoked, expired, its person's
    account inactive or no longer holding the role). Comparison is by hash lookup."""
    if not plaintext.startswith(TOKEN_PREFIX):
        raise NotFound("unknown API token")
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("organisation", "created_by")
        .filter(key_hash=_hash(plaintext), revoked_at__isnull=True, expires_at__gt=now, created_by__is_active=True)
        .first()
    )
    if token is None or not Actor.for_token(token).token_roles:
        raise NotFound("unknown, revoked or expired API token, or its person no longer holds the role")
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
