"""A report's period: a year (``2026``), a half (``2026-H2``), a quarter (``2026-Q3``) or a month (``2026-09``)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

PATTERN: Final = re.compile(r"(?P<year>(19|20)[0-9]{2})(-(?P<part>H[12]|Q[1-4]|0[1-9]|1[0-2]))?")


class PeriodError(ValueError):
    """A period label that is not one of the four forms."""


@dataclass(frozen=True)
class Period:
    label: str
    starts_on: dt.date
    ends_on: dt.date

    def is_over(self, today: dt.date) -> bool:
        """Closed: its last day is behind us."""
        return today > self.ends_on

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def covers(self, starts_on: dt.date, ends_on: dt.date) -> bool:
        """A plan's reporting period lies within this one."""
        return self.starts_on <= starts_on and ends_on <= self.ends_on

    def overlaps(self, starts_on: dt.date, ends_on: dt.date) -> bool:
        return starts_on <= self.ends_on and self.starts_on <= ends_on


def parse_period(label: str) -> Period:
    text = (label or "").strip().upper()
    match = PATTERN.fullmatch(text)
    if match is None:
        raise PeriodError(label)
    year, part = int(match["year"]), match["part"] or ""
    if not part:
        first, last = 1, 12
    elif part[0] == "H":
        first = 1 if part == "H1" else 7
        last = first + 5
    elif part[0] == "Q":
        first = 3 * (int(part[1]) - 1) + 1
        last = first + 2
    else:
        first = last = int(part)
    ends_on = dt.date(year, last, calendar.monthrange(year, last)[1])
    return Period(text, dt.date(year, first, 1), ends_on)


def current_quarter(today: dt.date) -> Period:
    return parse_period(f"{today.year}-Q{(today.month - 1) // 3 + 1}")


def last_closed_quarter(today: dt.date) -> Period:
    quarter = current_quarter(today)
    return current_quarter(quarter.starts_on - dt.timedelta(days=1))
