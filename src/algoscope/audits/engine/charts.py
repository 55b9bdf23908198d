"""Accessible SVG charts for the audit report, drawn from the published result dict. Pure Python: strings of SVG.

Every chart has a title and a description for screen readers and sits next to a table with the same numbers.
Texts and number formats come from the caller (:class:`Labels`), so a chart speaks the report's language; groups
that are not published are drawn as a grey label with the "not published" text, never as a value.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from algoscope.common.svg import frame

WIDTH = 640
ROW = 22
LEFT = 190
RIGHT = 40
TOP = 28
LEGEND = 22
INK, MUTED, ACCENT, BAD, BAND = "#1b1f24", "#5b6670", "#0b4f8a", "#a3261b", "#e8f0e8"
Format = Callable[[float], str]


@dataclass(frozen=True)
class Labels:
    """What a chart writes, in the reader's language."""

    reference: str  # "reference group"
    suppressed: str  # "too few people to publish"
    undefined: str  # "no one to compute it on"
    flagged: str  # legend: "red: outside 0.8–1.25 and significant after correction"
    other: str  # legend: "blue: not both"
    percent: Format  # 0.998 → "99,8 %"
    ratio: Format
    tick: Format
    count: Format


def flagged(entry: dict[str, Any], alpha: float) -> bool:
    """Red: outside the four-fifths band and an adjusted p-value below ``alpha`` (0 included)."""
    p = entry.get("p_adjusted")
    return bool(entry.get("four_fifths_flag")) and p is not None and p < alpha


def _label(y: float, text: str, hidden: bool = False) -> str:
    shown = escape(text if len(text) <= 30 else text[:29] + "…")
    colour = MUTED if hidden else INK
    return f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" fill="{colour}">{shown}</text>'


def _axis(x_of: Callable[[float], float], ticks: list[float], bottom: float, fmt: Format) -> list[str]:
    """Grid lines from the top down to ``bottom`` and the tick labels under it."""
    parts = []
    for tick in ticks:
        x, text = x_of(tick), escape(fmt(tick))
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="#e3e7eb"/>')
        parts.append(f'<text x="{x:.1f}" y="{bottom + 14:.1f}" text-anchor="middle" fill="{MUTED}">{text}</text>')
    return parts


def _legend(height: int, labels: Labels) -> list[str]:
    """Two lines at the chart's foot: what red and what blue mean."""
    y = height - 6
    return [
        f'<rect x="8" y="{y - 8}" width="8" height="8" fill="{BAD}"/>',
        f'<text x="20" y="{y}" fill="{INK}">{escape(labels.flagged)}</text>',
        f'<rect x="8" y="{y - 8 - LEGEND + 6}" width="8" height="8" fill="{ACCENT}"/>',
        f'<text x="20" y="{y - LEGEND + 6}" fill="{INK}">{escape(labels.other)}</text>',
    ]


def _missing(group: dict[str, Any], entry: dict[str, Any], key: str, labels: Labels) -> str | None:
    """Why no value is drawn for a group: not published, or undefined; ``None`` when there is a value."""
    if group["suppressed"] or entry.get("suppressed"):
        return labels.suppressed
    if entry.get(key) is None:
        return labels.undefined
    return None


def rate_chart(grouping: dict[str, Any], metric: str, title: str, labels: Labels, alpha: float) -> str:
    """Each group's rate as a dot with its interval; the reference group's rate as a dashed line."""
    groups = grouping["groups"]
    height = TOP + ROW * len(groups) + 26 + LEGEND * 2
    span = WIDTH - LEFT - RIGHT

    def x_of(v: float) -> float:
        return LEFT + v * span

    bottom = TOP + ROW * len(groups) + 4
    body = _axis(x_of, [0, 0.25, 0.5, 0.75, 1.0], bottom, labels.percent)
    reference = next(g for g in groups if g["reference"])["metrics"][metric].get("value")
    if reference is not None:
        x = x_of(reference)
        body.append(
            f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{ACCENT}" '
            f'stroke-dasharray="4 3"/>'
        )
        body.append(f'<text x="{x + 4:.1f}" y="{TOP - 12}" fill="{ACCENT}">{escape(labels.reference)}</text>')
    described = []
    for i, group in enumerate(groups):
        y = TOP + ROW * i + ROW / 2
        entry = group["metrics"][metric]
        why = _missing(group, entry, "value", labels)
        body.append(_label(y, group["label"], why is not None))
        if why is not None:
            body.append(f'<text x="{LEFT + 4}" y="{y + 4}" fill="{MUTED}">{escape(why)}</text>')
            described.append(f"{group['label']}: {why}")
            continue
        colour = BAD if flagged(entry, alpha) else ACCENT
        body.append(
            f'<line x1="{x_of(entry["low"]):.1f}" y1="{y}" x2="{x_of(entry["high"]):.1f}" y2="{y}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
        body.append(f'<circle cx="{x_of(entry["value"]):.1f}" cy="{y}" r="4" fill="{colour}"/>')
        described.append(f"{group['label']}: {labels.percent(entry['value'])}")
    body += _legend(height, labels)
    return frame(title, "; ".join(described), WIDTH, height, body)


def forest_chart(grouping: dict[str, Any], metric: str, title: str, labels: Labels, alpha: float) -> str:
    """Each group's ratio to the reference group with its interval, on a log scale; the four-fifths band shaded."""
    groups = [g for g in grouping["groups"] if not g["reference"]]
    height = TOP + ROW * max(len(groups), 1) + 26 + LEGEND * 2
    shown = [g["metrics"][metric] for g in groups if g["metrics"][metric].get("ratio")]
    lows = [e["ratio_low"] for e in shown if e.get("ratio_low")] + [e["ratio"] for e in shown]
    highs = [e["ratio_high"] for e in shown if e.get("ratio_high")] + [e["ratio"] for e in shown]
    low_bound = min([0.25, *(v / 1.1 for v in lows)])  # wide enough for every interval, at least 0.25–4
    high_bound = max([4.0, *(v * 1.1 for v in highs)])
    span = WIDTH - LEFT - RIGHT
    bottom = TOP + ROW * max(len(groups), 1) + 4

    def x_of(v: float) -> float:
        v = min(max(v, low_bound), high_bound)
        return LEFT + (math.log(v) - math.log(low_bound)) / (math.log(high_bound) - math.log(low_bound)) * span

    body = [
        f'<rect x="{x_of(0.8):.1f}" y="{TOP - 6}" width="{x_of(1.25) - x_of(0.8):.1f}" '
        f'height="{bottom - TOP + 6}" fill="{BAND}"/>'
    ]
    ticks = [
        t for t in (0.03125, 0.0625, 0.125, 0.25, 0.5, 0.8, 1, 1.25, 2, 4, 8, 16, 32) if low_bound <= t <= high_bound
    ]
    body += _axis(x_of, ticks, bottom, labels.tick)
    body.append(f'<line x1="{x_of(1):.1f}" y1="{TOP - 8}" x2="{x_of(1):.1f}" y2="{bottom}" stroke="{INK}"/>')
    described = []
    for i, group in enumerate(groups):
        y = TOP + ROW * i + ROW / 2
        entry = group["metrics"][metric]
        why = _missing(group, entry, "ratio", labels)
        body.append(_label(y, group["label"], why is not None))
        if why is not None:
            body.append(f'<text x="{LEFT + 4}" y="{y + 4}" fill="{MUTED}">{escape(why)}</text>')
            described.append(f"{group['label']}: {why}")
            continue
        colour = BAD if flagged(entry, alpha) else ACCENT
        if entry["ratio_low"] is not None and entry["ratio_high"] is not None:
            body.append(
                f'<line x1="{x_of(entry["ratio_low"]):.1f}" y1="{y}" x2="{x_of(entry["ratio_high"]):.1f}" '
                f'y2="{y}" stroke="{colour}" stroke-width="2"/>'
            )
        body.append(f'<rect x="{x_of(entry["ratio"]) - 4:.1f}" y="{y - 4}" width="8" height="8" fill="{colour}"/>')
        described.append(f"{group['label']}: {labels.ratio(entry['ratio'])}")
    body += _legend(height, labels)
    return frame(title, "; ".join(described), WIDTH, height, body)


def size_chart(grouping: dict[str, Any], title: str, labels: Labels) -> str:
    """Bars of the number of people per published group; groups not published show the "not published" text."""
    groups = grouping["groups"]
    height = TOP + ROW * len(groups) + 26
    largest = max((g["n"] for g in groups if g["n"] is not None), default=0) or 1
    span = WIDTH - LEFT - RIGHT - 40
    body, described = [], []
    for i, group in enumerate(groups):
        y = TOP + ROW * i + ROW / 2
        body.append(_label(y, group["label"], group["n"] is None))
        if group["n"] is None:
            body.append(f'<text x="{LEFT + 4}" y="{y + 4}" fill="{MUTED}">{escape(labels.suppressed)}</text>')
            described.append(f"{group['label']}: {labels.suppressed}")
            continue
        width = max(1.0, group["n"] / largest * span)
        body.append(f'<rect x="{LEFT}" y="{y - 7}" width="{width:.1f}" height="14" fill="{ACCENT}"/>')
        body.append(
            f'<text x="{LEFT + width + 4:.1f}" y="{y + 4}" fill="{INK}">{escape(labels.count(group["n"]))}</text>'
        )
        described.append(f"{group['label']}: {labels.count(group['n'])}")
    return frame(title, "; ".join(described), WIDTH, height, body)


def calibration_chart(calibration: dict[str, Any], title: str, labels: Labels, axis: tuple[str, str]) -> str:
    """Reliability diagram: per published group and bin, the observed rate (with interval) against the mean score;
    the diagonal is perfect calibration. Only for scores between 0 and 1."""
    size = 300
    left, top = 60, 20
    height = top + size + 50 + ROW * len(calibration["groups"])
    palette = ("#0b4f8a", "#a3261b", "#1d6b35", "#7a4b00", "#5b2a86", "#00616b", "#8a0b5c", "#4d4d4d")

    def xy(score: float, rate: float) -> tuple[float, float]:
        return left + score * size, top + (1 - rate) * size

    body = [f'<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="none" stroke="#d5dbe1"/>']
    x0, y0 = xy(0, 0)
    x1, y1 = xy(1, 1)
    body.append(f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y1}" stroke="{MUTED}" stroke-dasharray="4 3"/>')
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x, _ = xy(tick, 0)
        _, y = xy(0, tick)
        text = escape(labels.percent(tick))
        body.append(f'<text x="{x:.1f}" y="{top + size + 14}" text-anchor="middle" fill="{MUTED}">{text}</text>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{text}</text>')
    body.append(
        f'<text x="{left + size / 2}" y="{top + size + 30}" text-anchor="middle" fill="{INK}">{escape(axis[0])}</text>'
    )
    body.append(f'<text x="{left - 6}" y="{top - 6}" text-anchor="start" fill="{INK}">{escape(axis[1])}</text>')
    described = []
    for g, group in enumerate(calibration["groups"]):
        colour = palette[g % len(palette)]
        legend_y = top + size + 50 + ROW * g
        shown = escape(group["label"] if len(group["label"]) <= 40 else group["label"][:39] + "…")
        body.append(f'<rect x="{left}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>')
        body.append(f'<text x="{left + 16}" y="{legend_y}" fill="{INK}">{shown}</text>')
        if group["suppressed"]:
            body.append(f'<text x="{left + 300}" y="{legend_y}" fill="{MUTED}">{escape(labels.suppressed)}</text>')
            described.append(f"{group['label']}: {labels.suppressed}")
            continue
        points = []
        for b in group["bins"]:
            if b["suppressed"]:
                continue
            x, y = xy(b["mean_score"], b["observed_rate"])
            _, y_low = xy(0, b["low"])
            _, y_high = xy(0, b["high"])
            body.append(f'<line x1="{x:.1f}" y1="{y_low:.1f}" x2="{x:.1f}" y2="{y_high:.1f}" stroke="{colour}"/>')
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
            points.append(f"{labels.percent(b['mean_score'])} → {labels.percent(b['observed_rate'])}")
        described.append(f"{group['label']}: " + ", ".join(points))
    return frame(title, "; ".join(described), left + size + 260, height, body)
