"""What every section of a report is given: the window (period, scope, the moment the snapshot is taken, and
whether it is the live dashboard), and what it gives back: JSON-ready data with stable ids, its texts in every
language they exist in (``engine.texts.text``), and its ``figures`` (stable id → number).

What the data says as the period closed: what has a date is counted by it (published, answered, responded by the
close; asked, first published in the period). Reports made *for* a period after it closed (progress reports,
training figures) count when they are published by the time the snapshot is taken."""

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

    @property
    def closes_at(self) -> dt.datetime:
        """The period's close: midnight after its last day in Brussels (the live figures: now)."""
        if self.live:
            return self.taken_at
        after = dt.datetime.combine(
            self.period.ends_on + dt.timedelta(days=1), dt.time(), timezone.get_current_timezone()
        )
        return min(after, self.taken_at)

    def in_period(self, moment: dt.datetime | None) -> bool:
        return moment is not None and moment < self.closes_at and self.period.contains(self.day(moment))

    def by_close(self, moment: dt.datetime | None) -> bool:
        """It had happened when the period closed."""
        return moment is not None and moment < self.closes_at


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
