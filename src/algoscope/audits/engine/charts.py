"""Accessible SVG charts for the audit report, drawn from the result dict. Pure Python: strings of SVG.

Every chart has a title and description for screen readers and sits next to a table with the same numbers.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from algoscope.common.svg import frame

WIDTH = 640
ROW = 22
LEFT = 190
RIGHT = 40
TOP = 28
INK, MUTED, ACCENT, BAD, BAND = "#1b1f24", "#5b6670", "#0b4f8a", "#a3261b", "#e8f0e8"


def _frame(title: str, description: str, height: int, body: list[str]) -> str:
    return frame(title, description, WIDTH, height, body)


def _label(y: float, text: str, suppressed: bool = False) -> str:
    shown = escape(text if len(text) <= 30 else text[:29] + "…")
    colour = MUTED if suppressed else INK
    return f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" fill="{colour}">{shown}</text>'


def _axis(x_of: Any, ticks: list[float], height: int, fmt: Any) -> list[str]:
    parts = []
    for tick in ticks:
        x = x_of(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 18}" stroke="#e3e7eb"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" fill="{MUTED}">{fmt(tick)}</text>')
    return parts


def rate_chart(grouping: dict[str, Any], metric: str, title: str, labels: dict[str, str]) -> str:
    """Each group's rate as a dot with its interval; the reference group's rate as a dashed line."""
    groups = grouping["groups"]
    height = TOP + ROW * len(groups) + 26
    span = WIDTH - LEFT - RIGHT

    def x_of(v: float) -> float:
        return LEFT + v * span

    body = _axis(x_of, [0, 0.25, 0.5, 0.75, 1.0], height, lambda t: f"{t:.0%}")
    reference = next(g for g in groups if g["reference"])["metrics"][metric]["value"]
    if reference is not None:
        x = x_of(reference)
        body.append(
            f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{height - 18}" stroke="{ACCENT}" '
            f'stroke-dasharray="4 3"/>'
        )
        body.append(f'<text x="{x + 4:.1f}" y="{TOP - 12}" fill="{ACCENT}">{escape(labels["reference"])}</text>')
    for i, group in enumerate(groups):
        y = TOP + ROW * i + ROW / 2
        entry = group["metrics"][metric]
        hidden = group["suppressed"] or entry["suppressed"] or entry["value"] is None
        body.append(_label(y, group["label"], hidden))
        if hidden:
            body.append(f'<text x="{LEFT + 4}" y="{y + 4}" fill="{MUTED}">{escape(labels["suppressed"])}</text>')
            continue
        colour = BAD if entry.get("four_fifths_flag") and (entry.get("p_adjusted") or 1) < 0.05 else ACCENT
        body.append(
            f'<line x1="{x_of(entry["low"]):.1f}" y1="{y}" x2="{x_of(entry["high"]):.1f}" y2="{y}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
        body.append(f'<circle cx="{x_of(entry["value"]):.1f}" cy="{y}" r="4" fill="{colour}"/>')
    description = "; ".join(
        f"{g['label']}: {g['metrics'][metric]['value']:.1%}"
        for g in groups
        if g["metrics"][metric]["value"] is not None and not g["suppressed"] and not g["metrics"][metric]["suppressed"]
    )
    return _frame(title, description, height, body)


def forest_chart(grouping: dict[str, Any], metric: str, title: str, labels: dict[str, str]) -> str:
    """Each group's ratio to the reference group with its interval, on a log scale; the four-fifths band shaded."""
    groups = [g for g in grouping["groups"] if not g["reference"]]
    height = TOP + ROW * max(len(groups), 1) + 26
    shown = [g["metrics"][metric] for g in groups if g["metrics"][metric].get("ratio")]
    lows = [e["ratio_low"] for e in shown if e.get("ratio_low")] + [e["ratio"] for e in shown]
    highs = [e["ratio_high"] for e in shown if e.get("ratio_high")] + [e["ratio"] for e in shown]
    low_bound = min([0.25, *(v / 1.1 for v in lows)])  # wide enough for every interval, at least 0.25–4
    high_bound = max([4.0, *(v * 1.1 for v in highs)])
    span = WIDTH - LEFT - RIGHT

    def x_of(v: float) -> float:
        v = min(max(v, low_bound), high_bound)
        return LEFT + (math.log(v) - math.log(low_bound)) / (math.log(high_bound) - math.log(low_bound)) * span

    body = [
        f'<rect x="{x_of(0.8):.1f}" y="{TOP - 6}" width="{x_of(1.25) - x_of(0.8):.1f}" '
        f'height="{height - TOP - 12}" fill="{BAND}"/>'
    ]
    ticks = [
        t for t in (0.03125, 0.0625, 0.125, 0.25, 0.5, 0.8, 1, 1.25, 2, 4, 8, 16, 32) if low_bound <= t <= high_bound
    ]
    body += _axis(x_of, ticks, height, lambda t: f"{t:g}")
    body.append(f'<line x1="{x_of(1):.1f}" y1="{TOP - 8}" x2="{x_of(1):.1f}" y2="{height - 18}" stroke="{INK}"/>')
    for i, group in enumerate(groups):
        y = TOP + ROW * i + ROW / 2
        entry = group["metrics"][metric]
        hidden = group["suppressed"] or entry["suppressed"] or entry.get("ratio") is None
        body.append(_label(y, group["label"], hidden))
        if hidden:
            body.append(f'<text x="{LEFT + 4}" y="{y + 4}" fill="{MUTED}">{escape(labels["suppressed"])}</text>')
            continue
        colour = BAD if entry["four_fifths_flag"] and (entry.get("p_adjusted") or 1) < 0.05 else ACCENT
        if entry["ratio_low"] is not None and entry["ratio_high"] is not None:
            body.append(
                f'<line x1="{x_of(entry["ratio_low"]):.1f}" y1="{y}" x2="{x_of(entry["ratio_high"]):.1f}" '
                f'y2="{y}" stroke="{colour}" stroke-width="2"/>'
            )
        body.append(f'<rect x="{x_of(entry["ratio"]) - 4:.1f}" y="{y - 4}" width="8" height="8" fill="{colour}"/>')
    description = "; ".join(
        f"{g['label']}: {g['metrics'][metric]['ratio']:.2f}"
        for g in groups
        if g["metrics"][metric].get("ratio") is not None
    )
    return _frame(title, description, height, body)


def size_chart(grouping: dict[str, Any], title: str, min_cell: int) -> str:
    """Bars of the number of people per group; groups below the publication threshold in grey."""
    groups = grouping["groups"]
    height = TOP + ROW * len(groups) + 26
    largest = max(g["n"] for g in groups) or 1
    span = WIDTH - LEFT - RIGHT - 40
    body = []
    for i, group in enumerate(groups):
        y = TOP + ROW * i + ROW / 2
        width = max(1.0, group["n"] / largest * span)
        colour = "#98a2b3" if group["n"] < min_cell else ACCENT
        body.append(_label(y, group["label"], group["n"] < min_cell))
        body.append(f'<rect x="{LEFT}" y="{y - 7}" width="{width:.1f}" height="14" fill="{colour}"/>')
        body.append(f'<text x="{LEFT + width + 4:.1f}" y="{y + 4}" fill="{INK}">{group["n"]:,}</text>')
    description = "; ".join(f"{g['label']}: {g['n']}" for g in groups)
    return _frame(title, description, height, body)
