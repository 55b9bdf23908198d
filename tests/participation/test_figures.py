"""The response figures against a hand count and Python's own median, on degenerate inputs too: nothing asked,
one question, ties, an answer dated before its question, exactly the deadline."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

import pytest
from django.utils import timezone

from algoscope.participation.engine.figures import answer_figures, answer_lateness

NOW = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def test_nothing_asked() -> None:
    figures = answer_figures([], now=NOW, deadline_days=30)
    assert (figures.received, figures.answered, figures.open, figures.overdue) == (0, 0, 0, 0)
    assert figures.median_days is None and figures.median_whole_days is None and figures.answered_late == 0


def test_against_a_hand_count() -> None:
    asked = NOW - 100 * DAY
    rows = [
        (asked, asked + 2 * DAY),
        (asked, asked + 2 * DAY),  # a tie
        (asked, asked + 30 * DAY),  # exactly the deadline: on time
        (asked, asked + 31 * DAY),  # late
        (asked, asked - DAY),  # a clock set wrong: counts as no wait, never negative
        (NOW - 31 * DAY, None),  # overdue
        (NOW - 30 * DAY, None),  # exactly the deadline: not yet overdue
    ]
    figures = answer_figures(rows, now=NOW, deadline_days=30)
    assert (figures.received, figures.answered, figures.open, figures.overdue) == (7, 5, 2, 1)
    assert figures.median_days == statistics.median([2, 2, 30, 31, 0]) == 2
    assert figures.answered_within_deadline == 4 and figures.answered_late == 1
    assert [answer_lateness(a, b, now=NOW, deadline_days=30) for a, b in rows] == [
        "",
        "",
        "",
        "late",
        "",
        "overdue",
        "",
    ]


def test_one_question_answered_within_the_hour() -> None:
    figures = answer_figures([(NOW - dt.timedelta(hours=1), NOW)], now=NOW, deadline_days=30)
    assert figures.median_days == 1 / 24 and figures.median_whole_days == 0


@pytest.mark.django_db
def test_the_figures_count_the_consultations_open_in_the_period(consultation: Any) -> None:
    """A consultation counts for the periods it was open in, not for every period (it opened yesterday and closes
    in 30 days)."""
    from algoscope.participation.selectors import participation_figures

    today = timezone.localdate()
    assert participation_figures(today - dt.timedelta(days=60), today - dt.timedelta(days=2))["consultations"] == 0
    assert participation_figures(today - dt.timedelta(days=60), today - dt.timedelta(days=1))["consultations"] == 1
    assert participation_figures(today + dt.timedelta(days=31), None)["consultations"] == 0
    assert participation_figures()["consultations"] == 1
