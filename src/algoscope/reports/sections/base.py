"""What every section of a report is given: the window (period, scope, the moment the snapshot is taken, and
whether it is the live dashboard), and what it gives back: JSON-ready data with stable ids, its texts in every
language they exist in (``engine.texts.text``), and its ``figures`` (stable id → number)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from algoscope.reports.engine.periods import Period
from algoscope.reports.engine.scope import Scope
from algoscope.reports.engine.texts import name

Data = dict[str, Any]


@dataclass(frozen=True)
class Window:
    period: Period
    scope: Scope
    taken_at: dt.datetime
    live: bool = False

    def day(self, moment: dt.datetime) -> dt.date:
        """The day something happened, in the site's time zone (Brussels)."""
        return timezone.localtime(moment).date()

    def in_period(self, moment: dt.datetime | None) -> bool:
        return moment is not None and moment <= self.taken_at and self.period.contains(self.day(moment))

    def by_end(self, moment: dt.datetime | None) -> bool:
        """It had happened when the snapshot was taken."""
        return moment is not None and moment <= self.taken_at


@dataclass(frozen=True)
class Section:
    """``collect(window, previous)``: ``previous`` is the same section of the scope's previous published report
    (for what moved since), or None."""

    key: str
    template: str
    collect: Callable[[Window, Data | None], Data]


def counts(values: list[str], keys: tuple[str, ...]) -> dict[str, int]:
    """How many of each key (every key present, 0 included: a table shows the zeros)."""
    return {key: sum(1 for v in values if v == key) for key in keys}


def org_name(organisation: Any) -> dict[str, Any]:
    """An organisation's name as a snapshot keeps it (``engine.texts.name``)."""
    return name(organisation.name, organisation.original_language)
