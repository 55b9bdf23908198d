"""Small-cell suppression for publication, primary and secondary, as statistical offices do it.

With a threshold ``k`` (``min_cell``; 0 or 1 publishes everything):

- **Primary.** A group of fewer than ``k`` people is not published at all (no size, no rate). A published group's
  rates that rest on the actual outcome (base rate, error rates, precision, accuracy) need at least ``k`` people
  with each outcome and at least ``k`` selected: any three of them, with the group's size and selection rate,
  give back the four cells of the confusion matrix, so they are published together or not at all. The selection
  rate rests on the group's size alone.
- **Secondary.** A hidden number must not follow from the published ones by subtraction. Along every line of a
  table (all groups that share every attribute but one, whose total is published elsewhere), the hidden groups
  are none or at least two: when exactly one is hidden, the smallest published group of the line is hidden as
  well. This runs for sizes and for the outcome-based rates, until nothing changes.

The same rule serves the groupings, the stability tables (period × group) and the counts table; calibration bins
use the size rule (:func:`hide_lone_cells`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from enum import IntEnum

import numpy as np


class Publication(IntEnum):
    """What of a group is published; the larger the value, the more is hidden."""

    FULL = 0  # size and every rate
    SELECTION_ONLY = 1  # size and selection rate; the outcome-based rates are hidden
    HIDDEN = 2  # nothing


class Reason(IntEnum):
    NONE = 0
    PRIMARY = 1  # too few people
    SECONDARY = 2  # hidden so that another hidden number cannot be worked out


def _lines(keys: Sequence[tuple[str, ...]]) -> list[list[int]]:
    """Indices of the groups that share every attribute but one, for each attribute."""
    width = len(keys[0]) if keys else 0
    lines: list[list[int]] = []
    for free in range(width):
        by_rest: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            by_rest[key[:free] + key[free + 1 :]].append(i)
        lines.extend(by_rest.values())
    return lines


CELLS = ("tp", "fp", "fn", "tn")


class Suppression:
    """The suppression of every table of one audit, decided together.

    Tables are given from the coarsest to the finest (each attribute alone, then the intersections; then tables
    with a period). A group of a finer table inherits what its groups in every coarser table hide, so that no
    table publishes the parts of a group another table hides; then the line rule runs within the table.
    """

    def __init__(self, min_cell: int) -> None:
        self.min_cell = min_cell
        self.tables: dict[tuple[str, ...], dict[tuple[str, ...], Publication]] = {}

    def status_of(self, attributes: tuple[str, ...], key: tuple[str, ...]) -> Publication | None:
        """What a table already decided for a group (``None``: no such table or group)."""
        return self.tables.get(attributes, {}).get(key)

    def table(
        self, attributes: tuple[str, ...], keys: Sequence[tuple[str, ...]], cells: Mapping[str, np.ndarray]
    ) -> tuple[list[Publication], list[Reason]]:
        status, reason = publication(keys, cells, self.min_cell, self._inherited(attributes, keys))
        self.tables[attributes] = dict(zip(keys, status, strict=True))
        return status, reason

    def _inherited(self, attributes: tuple[str, ...], keys: Sequence[tuple[str, ...]]) -> list[Publication]:
        inherited = [Publication.FULL] * len(keys)
        for coarser, decided in self.tables.items():
            if len(coarser) >= len(attributes) or not set(coarser) <= set(attributes):
                continue
            positions = [attributes.index(a) for a in coarser]
            for i, key in enumerate(keys):
                parent = decided.get(tuple(key[p] for p in positions))
                if parent is not None and parent > inherited[i]:
                    inherited[i] = parent
        return inherited


def publication(
    keys: Sequence[tuple[str, ...]],
    cells: Mapping[str, np.ndarray],
    min_cell: int,
    inherited: Sequence[Publication] | None = None,
) -> tuple[list[Publication], list[Reason]]:
    """Per group: what is published and, when something is hidden, why (``inherited``: at least this much is
    hidden, as a coarser table decided)."""
    count = len(keys)
    status = [Publication.FULL] * count
    reason = [Reason.NONE] * count
    if min_cell <= 1 or count == 0:
        return status, reason
    n = np.asarray(cells["n"])
    positives = np.asarray(cells["tp"]) + np.asarray(cells["fn"])
    negatives = np.asarray(cells["fp"]) + np.asarray(cells["tn"])
    selected = np.asarray(cells["tp"]) + np.asarray(cells["fp"])
    smallest_margin = np.minimum(np.minimum(positives, negatives), selected)
    for i in range(count):
        if n[i] < min_cell:
            status[i], reason[i] = Publication.HIDDEN, Reason.PRIMARY
        elif smallest_margin[i] < min_cell:
            status[i], reason[i] = Publication.SELECTION_ONLY, Reason.PRIMARY
        if inherited is not None and inherited[i] > status[i]:
            status[i], reason[i] = inherited[i], Reason.SECONDARY

    def hides(i: int, cell: str) -> bool:
        """Whether group ``i`` keeps ``cell`` unknown: a selection rate of 0 tells that tp = fp = 0, and one of 1
        that fn = tn = 0, so such a group hides nothing there."""
        if status[i] == Publication.HIDDEN:
            return True
        if status[i] == Publication.FULL:
            return False
        return bool(selected[i] > 0) if cell in ("tp", "fp") else bool(selected[i] < n[i])

    lines = _lines(keys)
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [i for i in line if status[i] == Publication.HIDDEN]
            shown = [i for i in line if status[i] < Publication.HIDDEN]
            if len(hidden) == 1 and shown:
                pick = min(shown, key=lambda i: (n[i], i))
                status[pick], reason[pick] = Publication.HIDDEN, Reason.SECONDARY
                changed = True
            for cell in CELLS:
                hiding = [i for i in line if hides(i, cell)]
                if len(hiding) != 1:
                    continue
                candidates = [i for i in line if status[i] == Publication.FULL and 0 < selected[i] < n[i]]
                if candidates:
                    pick = min(candidates, key=lambda i: (smallest_margin[i], i))
                    status[pick], reason[pick] = Publication.SELECTION_ONLY, Reason.SECONDARY
                else:  # nothing left to hide beside it: hide a whole group
                    others = [i for i in line if status[i] < Publication.HIDDEN and i not in hiding]
                    if not others:
                        continue
                    pick = min(others, key=lambda i: (n[i], i))
                    status[pick], reason[pick] = Publication.HIDDEN, Reason.SECONDARY
                changed = True
    return status, reason


def hide_lone_cells(sizes: Sequence[int], min_cell: int) -> list[Reason]:
    """For the parts of one published total (a group's calibration bins): parts under ``min_cell`` are hidden, and
    when exactly one is, the smallest other part too, so that the total cannot give it back."""
    reason = [Reason.PRIMARY if min_cell > 1 and size < min_cell else Reason.NONE for size in sizes]
    hidden = [i for i, r in enumerate(reason) if r]
    shown = [i for i, r in enumerate(reason) if not r]
    if len(hidden) == 1 and shown:
        reason[min(shown, key=lambda i: (sizes[i], i))] = Reason.SECONDARY
    return reason
