"""Writing the audit log. Services call ``audit_log_write`` inside their transaction, so an entry exists exactly
when the change it describes was committed.

Every action is named ``<app label>.<object>.<verb>`` (``register.algorithm.publish``, ``aiact.fria.complete``,
``audits.audit.compute``, ``sortition.panel.draw``): the app that owns the object, the kind of object, and what was
done, as a verb in the present tense. A name that breaks the rule is refused, so every app follows it."""

from __future__ import annotations

import re
from typing import Any, Protocol

from django.apps import apps

from algoscope.common.models import AuditLogEntry

ACTION = re.compile(r"(?P<app>[a-z][a-z_]*)\.(?P<object>[a-z][a-z_]*)\.(?P<verb>[a-z][a-z_]*)")


def check_action(action: str) -> None:
    """``<app label>.<object>.<verb>``, the app an installed one; ``ValueError`` otherwise."""
    match = ACTION.fullmatch(action)
    if match is None:
        raise ValueError(f"audit-log action {action!r}: name it '<app label>.<object>.<verb>'")
    if match["app"] not in {config.label for config in apps.get_app_configs()}:
        raise ValueError(f"audit-log action {action!r}: {match['app']!r} is not an installed app's label")


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
    check_action(action)
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
