"""API tokens: created by an organisation's admin, shown once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from algoscope.accounts.models import ApiToken, Organisation
from algoscope.accounts.permissions import Actor, require
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import InvalidInput, NotFound, PermissionDenied

TOKEN_PREFIX = "alg_"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, actor: Actor, organisation: Organisation, name: str, role: str = "editor"
) -> tuple[ApiToken, str]:
    """Return the token and its plaintext, which is shown once and never stored."""
    require(actor, "organisation.manage_tokens", organisation.pk)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise InvalidInput.single(("name",), "required", "give the token a name of at most 100 characters")
    if role not in ApiToken.Role.values:
        raise InvalidInput.single(("role",), "unknown-code", f"unknown role {role!r}; use editor or reviewer")
    creator = actor.db_user
    if creator is None:
        raise PermissionDenied("API tokens are created by a person, who answers for them")
    prefix = secrets.token_hex(4)
    plaintext = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name,
        role=role,
        prefix=prefix,
        key_hash=_hash(plaintext),
        created_by=creator,
    )
    audit_log_write(
        actor=actor,
        action="accounts.api_token.create",
        object_type="api_token",
        object_id=prefix,
        organisation_id=organisation.pk,
        after={"name": name, "role": role},
    )
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    require(actor, "organisation.manage_tokens", token.organisation_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log_write(
            actor=actor,
            action="accounts.api_token.revoke",
            object_type="api_token",
            object_id=token.prefix,
            organisation_id=token.organisation_id,
        )
    return token


def api_token_authenticate(plaintext: str) -> ApiToken:
    """The active token for a presented secret, or ``NotFound``. Comparison is by hash lookup."""
    if not plaintext.startswith(TOKEN_PREFIX):
        raise NotFound("unknown API token")
    token = (
        ApiToken.objects.select_related("organisation", "created_by")
        .filter(key_hash=_hash(plaintext), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        raise NotFound("unknown or revoked API token")
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
