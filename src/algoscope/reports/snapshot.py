"""Taking a report's snapshot: every section's data for a window, with the previous report's sections for what
moved since; the snapshot's SHA-256 is over its canonical JSON (sorted keys, no spaces)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from algoscope.common.version import commit, version
from algoscope.reports.models import Report
from algoscope.reports.sections import SECTIONS
from algoscope.reports.sections.base import Window

FORMAT = 1


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def take(window: Window, previous: Report | None) -> dict[str, Any]:
    """Every section's data for ``window``; ``previous`` (the scope's latest report before it) for what moved since."""
    before = previous.snapshot.get("sections", {}) if previous is not None else {}
    data = {
        "format": FORMAT,
        "period": {"label": window.period.label, "from": window.period.starts_on.isoformat(),
                   "to": window.period.ends_on.isoformat()},
        "scope": window.scope.key,
        "taken_at": window.taken_at.isoformat(),
        "live": window.live,
        "software": {"algoscope": version(), "commit": commit()},  # the PDFs re-render identically with this version
        "sections": {section.key: section.collect(window, before.get(section.key)) for section in SECTIONS},
    }  # fmt: skip
    if previous is not None:
        data["previous"] = {"number": previous.number, "period": previous.period}
    return data


def sha256(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(snapshot)).hexdigest()
