"""Figures about answering: how long questions waited, which are overdue. Pure, so that a report and a page compute
them the same way, and a test can check them against a hand count."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerFigures:
    received: int
    answered: int
    open: int
    overdue: int  # open, and asked more than the deadline ago
    median_days: float | None  # of the answered ones; None when none is answered
    answered_within_deadline: int

    @property
    def median_whole_days(self) -> int | None:
        """The median rounded to whole days (a page writes "less than a day" for 0)."""
        return None if self.median_days is None else round(self.median_days)

    @property
    def answered_late(self) -> int:
        return self.answered - self.answered_within_deadline


def answer_figures(
    asked: Iterable[tuple[dt.datetime, dt.datetime | None]], *, now: dt.datetime, deadline_days: int
) -> AnswerFigures:
    """``asked``: (asked at, answered at or None) of each question. The median is of whole and fractional days
    between asking and answering (an answer one hour after the question counts 0.04 days)."""
    waits: list[float] = []
    received = open_count = overdue = within = 0
    for asked_at, answered_at in asked:
        received += 1
        state = answer_lateness(asked_at, answered_at, now=now, deadline_days=deadline_days)
        if answered_at is None:
            open_count += 1
            overdue += state == "overdue"
            continue
        waits.append(max(answered_at - asked_at, dt.timedelta(0)).total_seconds() / 86_400)
        within += state != "late"
    return AnswerFigures(
        received=received,
        answered=len(waits),
        open=open_count,
        overdue=overdue,
        median_days=statistics.median(waits) if waits else None,
        answered_within_deadline=within,
    )


def answer_lateness(
    asked_at: dt.datetime, answered_at: dt.datetime | None, *, now: dt.datetime, deadline_days: int
) -> str:
    """ "overdue": still open more than the deadline after it was asked; "late": answered after the deadline;
    "" otherwise. The one rule for the figures, the flags on the pages and the API."""
    deadline = dt.timedelta(days=deadline_days)
    if answered_at is None:
        return "overdue" if now - asked_at > deadline else ""
    return "late" if answered_at - asked_at > deadline else ""
