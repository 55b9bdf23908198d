"""How the record's log (``register.record_log``) shows the AI Act app's entries, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from algoscope.aiact.engine.texts import texts_for
from algoscope.aiact.models import ObligationProgress
from algoscope.common.translation import page_language
from algoscope.register.extensions import LogEvent, register_log_event


def _categories(entry: Any) -> list[str]:
    texts = texts_for(page_language())
    categories = (entry.after or {}).get("categories") or []
    return [", ".join(texts(f"categories.{category}") for category in categories)] if categories else []


def _obligation(entry: Any) -> list[str]:
    data, texts = entry.data or {}, texts_for(page_language())
    statuses = dict(ObligationProgress.Status.choices)
    before = (entry.before or {}).get("status", "")
    after = (entry.after or {}).get("status", "")
    what = f"{texts('obligations.' + data.get('obligation', ''))} ({texts('roles.' + data.get('role', ''))})"
    return [f"{what}: {statuses.get(before, before) or '—'} → {statuses.get(after, after)}"]


EVENTS = (
    LogEvent("aiact.assessment.save_draft", _("AI Act assessment saved as a draft")),
    LogEvent("aiact.assessment.complete", _("AI Act assessment completed"), _categories),
    LogEvent("aiact.fria.save_draft", _("FRIA saved as a draft")),
    LogEvent("aiact.fria.complete", _("FRIA completed")),
    LogEvent("aiact.obligation.update", _("Obligation checklist updated"), _obligation),
)


def register_log_events() -> None:
    for event in EVENTS:
        register_log_event(event)
