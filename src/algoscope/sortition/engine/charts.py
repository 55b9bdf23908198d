"""The public probability chart: everyone's selection probability, sorted, against an equal chance for all.
Pure Python (strings of SVG; every text escaped). The page shows a table with the same numbers beside it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

from algoscope.common.svg import frame

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 44
INK, MUTED, ACCENT, EQUAL = "#1b1f24", "#5b6670", "#0b4f8a", "#a3261b"


def _ticks(top: float) -> list[float]:
    step = next(s for s in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0) if top / s <= 6)
    return [i * step for i in range(int(top / step + 1e-9) + 1)]


def probability_chart(
    sorted_probabilities: Sequence[float], equal: float, title: str, labels: Mapping[str, Any]
) -> str:
    """A step line of the sorted chances (x: share of respondents, y: chance) and a dashed line at ``equal``
    (panel size ÷ respondents). ``labels``: ``x``, ``y``, ``equal``, ``description`` (texts) and ``percent`` (a
    function writing a proportion as the reader's language does)."""
    percent: Callable[[float, int], str] = labels["percent"]
    values = list(sorted_probabilities)
    top = max([*values, equal, 0.01]) * 1.1
    span_x, span_y = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(share: float) -> float:
        return LEFT + share * span_x

    def y_of(p: float) -> float:
        return TOP + span_y * (1 - p / top)

    body = []
    for tick in _ticks(top):
        y = y_of(tick)
        body.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#e3e7eb"/>')
        body.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{escape(percent(tick, 0))}</text>'
        )
    for share in (0, 0.25, 0.5, 0.75, 1.0):
        x, text = x_of(share), escape(percent(share, 0))
        body.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" fill="{MUTED}">{text}</text>')
    middle = LEFT + span_x / 2
    body.append(
        f'<text x="{middle:.1f}" y="{HEIGHT - 6}" text-anchor="middle" fill="{INK}">{escape(labels["x"])}</text>'
    )
    body.append(
        f'<text x="14" y="{TOP + span_y / 2:.1f}" text-anchor="middle" fill="{INK}" '
        f'transform="rotate(-90 14 {TOP + span_y / 2:.1f})">{escape(labels["y"])}</text>'
    )
    if values:
        n = len(values)
        points = []
        for i, p in enumerate(values):
            points.append(f"{x_of(i / n):.1f},{y_of(p):.1f}")
            points.append(f"{x_of((i + 1) / n):.1f},{y_of(p):.1f}")
        body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{ACCENT}" stroke-width="2"/>')
    y = y_of(equal)
    body.append(
        f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{EQUAL}" stroke-dasharray="5 4"/>'
    )
    body.append(f'<text x="{LEFT + 6}" y="{y - 6:.1f}" fill="{EQUAL}">{escape(labels["equal"])}</text>')
    return frame(title, labels["description"], WIDTH, HEIGHT, body)


def quantiles(sorted_probabilities: Sequence[float]) -> list[tuple[float, float]]:
    """(share of respondents, probability) at 0 %, 10 %, 25 %, 50 %, 75 %, 90 % and 100 %: the chart's table."""
    values = list(sorted_probabilities)
    if not values:
        return []
    n = len(values)
    return [(q, values[min(n - 1, round(q * (n - 1)))]) for q in (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)]
