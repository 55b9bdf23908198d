"""Granting and withdrawing roles across the whole site (operator, auditor, coordinator, panel organiser, grader)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from algoscope.accounts.models import SiteRole
from algoscope.accounts.permissions import Actor, require
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import InvalidInput, NotFound


@transaction.atomic
def site_role_grant(*, actor: Actor, user: Any, role: str) -> SiteRole:
    require(actor, "site_role.manage")
    if role not in SiteRole.Role.values:
        raise InvalidInput.single(("role",), "unknown-code", f"unknown site role {role!r}")
    site_role, created = SiteRole.objects.get_or_create(user=user, role=role)
    if created:
        audit_log_write(
            actor=actor,
            action="accounts.site_role.grant",
            object_type="user",
            object_id=user.get_username(),
            after={"role": role},
        )
    return site_role


@transaction.atomic
def site_role_revoke(*, actor: Actor, user: Any, role: str) -> None:
    require(actor, "site_role.manage")
    deleted, _ = SiteRole.objects.filter(user=user, role=role).delete()
    if not deleted:
        raise NotFound(f"{user.get_username()} has no site role {role!r}")
    audit_log_write(
        actor=actor,
        action="accounts.site_role.revoke",
        object_type="user",
        object_id=user.get_username(),
        before={"role": role},
    )
