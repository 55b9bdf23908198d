"""The audit log is append-only: an entry is written once, never changed or deleted through the application."""

from __future__ import annotations

import pytest

from algoscope.accounts.permissions import Actor
from algoscope.common.auditlog import audit_log_write
from algoscope.common.models import AuditLogEntry, AuditLogEntryImmutable


def test_an_entry_cannot_be_changed_or_deleted(db) -> None:  # type: ignore[no-untyped-def]
    entry = audit_log_write(
        actor=Actor.for_system("test"), action="register.algorithm.create", object_type="algorithm", object_id="A"
    )
    entry.action = "register.algorithm.retire"
    with pytest.raises(AuditLogEntryImmutable):
        entry.save()
    with pytest.raises(AuditLogEntryImmutable):
        entry.delete()
    assert AuditLogEntry.objects.get(pk=entry.pk).action == "register.algorithm.create"
