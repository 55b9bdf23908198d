"""Writing the audit log. Services call ``audit_log_write`` inside their transaction, so an entry exists exactly
when the change it describes was committed."""

from __future__ import annotations

from typing import Any, Protocol

from algoscope.common.models import AuditLogEntry


class Actor(Protocol):
    """Who acts, as the log needs it (``register.permissions.Actor`` is one): the user row, a label, the token."""

    @property
    def db_user(self) -> Any: ...

    @property
    def label(self) -> str: ...

    @property
    def token(self) -> Any: ...


def audit_log_write(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str,
    organisation_id: int | None = None,
    before: Any = None,
    after: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditLogEntry:
    extra = dict(data or {})
    if actor.token is not None:
        extra.setdefault("token", actor.token.prefix)
    return AuditLogEntry.objects.create(
        actor=actor.db_user,
        actor_label=actor.label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        organisation_id=organisation_id,
        before=before,
        after=after,
        data=extra,
    )
