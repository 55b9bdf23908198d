"""The record's log as its editors read it: each audit-log entry by what happened, in their language, with what
changed (a field's label and its old → new value), instead of action names and field keys. Other apps describe
their own entries through the ``LogEvent`` extension point (``register.extensions``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from algoscope.common.models import AuditLogEntry
from algoscope.register.diff import diff_content
from algoscope.register.extensions import LogEvent, log_event, register_log_event
from algoscope.register.presentation import change_rows


def _reason(entry: Any) -> list[str]:
    reason = (entry.data or {}).get("reason")
    return [gettext("Reason: %(reason)s") % {"reason": reason}] if reason else []


def _published(entry: Any) -> list[str]:
    summary = (entry.data or {}).get("change_summary")
    return [summary] if summary else []


def _imported(entry: Any) -> list[str]:
    data = entry.data or {}
    if not data.get("file"):
        return []
    return [gettext("From %(file)s (record %(record)s)") % {"file": data["file"], "record": data.get("record", "?")}]


REGISTER_EVENTS = (
    LogEvent("register.algorithm.create", _("Created")),
    LogEvent("register.algorithm.import", _("Imported"), _imported),
    LogEvent("register.algorithm.update", _("Edited")),
    LogEvent("register.algorithm.submit", _("Submitted for review")),
    LogEvent("register.algorithm.reject", _("Sent back to the editor"), _reason),
    LogEvent("register.algorithm.publish", _("Published"), _published),
    LogEvent("register.algorithm.retire", _("Retired"), _reason),
    LogEvent("register.algorithm.correction_opened", _("Correction opened after an error report"), _reason),
)


def register_log_events() -> None:
    for event in REGISTER_EVENTS:
        register_log_event(event)


def record_log(public_id: str, limit: int = 50) -> list[dict[str, Any]]:
    """The record's newest entries: when, who, what (a label), the detail lines, and the content changes."""
    rows = []
    for entry in AuditLogEntry.objects.filter(object_type="algorithm", object_id=public_id)[:limit]:
        event = log_event(entry.action)
        changes: list[dict[str, Any]] = []
        if entry.action in ("register.algorithm.update", "register.algorithm.import") and isinstance(entry.after, dict):
            changes = change_rows(diff_content(entry.before or {}, entry.after))
        version = (entry.data or {}).get("version")
        label = str(event.label) if event else entry.action
        if entry.action == "register.algorithm.publish" and version:
            label = gettext("Published version %(number)s") % {"number": version}
        rows.append(
            {
                "entry": entry,
                "label": label,
                "known": event is not None,
                "details": event.details(entry) if event else [],
                "changes": changes,
            }
        )
    return rows
