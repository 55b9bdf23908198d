"""A deactivated account's API tokens are revoked for good (they already stop working the moment the account is
inactive; revoking them means reactivating the account does not bring them back)."""

from __future__ import annotations

from typing import Any

from algoscope.accounts.models import ApiToken
from algoscope.accounts.permissions import Actor
from algoscope.accounts.services.tokens import revoke
from algoscope.common.auditlog import audit_log_write


def revoke_tokens_of_deactivated_account(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.is_active:
        return
    actor = Actor.for_system("account deactivation")
    for token in ApiToken.objects.select_related("created_by").filter(created_by=instance, revoked_at__isnull=True):
        revoke(actor, token, "the account was deactivated")


def log_failed_sign_in(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """A failed sign-in, in the audit log: the account name tried and where from (never the password)."""
    username = str(credentials.get("username") or "")[:100]
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    audit_log_write(
        actor=Actor(),
        action="accounts.login.fail",
        object_type="user",
        object_id=username,
        data={"ip": address},
    )


def log_lockout(sender: Any, request: Any = None, username: str = "", ip_address: str = "", **kwargs: Any) -> None:
    audit_log_write(
        actor=Actor(),
        action="accounts.login.lock",
        object_type="user",
        object_id=str(username or "")[:100],
        data={"ip": ip_address or ""},
    )
