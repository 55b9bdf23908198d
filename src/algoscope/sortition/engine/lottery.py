"""A transparent lottery: the distribution rounded to ``m`` equally likely panels, one drawn from a public seed.

Rounding (Flanigan, Kehne, Procaccia, "Fair Sortition Made Transparent", NeurIPS 2021): each panel gets
``floor(m·x_P)`` tickets and the fractional parts are rounded by pipage rounding, which keeps every panel's
expected number of tickets; the panels over types are then filled with people, cycling through each type's
members (in a shuffled order), so that within a type everyone is on the same number of tickets, give or take one.
The largest difference between a person's share of tickets and their probability is reported as the loss.

The draw itself (from the public seed and the manifest of the published files) is in ``verifier.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from algoscope.sortition.engine.model import Person


def rng_for(*parts: str) -> np.random.Generator:
    """A generator seeded from text, the same on every machine (PCG64)."""
    digest = hashlib.sha256("\n".join(parts).encode()).digest()
    return np.random.Generator(np.random.PCG64(int.from_bytes(digest[:16], "big")))


def pipage(values: NDArray[np.float64], rng: np.random.Generator) -> NDArray[np.int64]:
    """0/1 values with the same sum (an integer) and the same expectation per entry (dependent rounding)."""
    r = values.astype(float).copy()
    fractional = [i for i in range(len(r)) if 1e-9 < r[i] < 1 - 1e-9]
    while len(fractional) >= 2:
        i, j = fractional[0], fractional[1]
        up, down = min(1 - r[i], r[j]), min(r[i], 1 - r[j])
        if rng.random() < down / (up + down):
            r[i], r[j] = r[i] + up, r[j] - up
        else:
            r[i], r[j] = r[i] - down, r[j] + down
        fractional = [k for k in fractional if 1e-9 < r[k] < 1 - 1e-9]
    out: NDArray[np.int64] = np.rint(r).astype(np.int64)
    return out


def tickets(weights: NDArray[np.float64], m: int, rng: np.random.Generator) -> NDArray[np.int64]:
    """How many of the ``m`` tickets each panel gets."""
    scaled = weights * m
    floors = np.floor(scaled + 1e-9)
    residual = np.clip(scaled - floors, 0.0, 1.0)
    missing = m - int(floors.sum())
    if missing > 0:  # the residuals sum to ``missing`` up to rounding: make it exact before pipage
        residual = residual * (missing / residual.sum())
    else:
        residual[:] = 0.0
    return floors.astype(np.int64) + pipage(residual, rng)


def fill(
    panels: NDArray[np.int64], counts: NDArray[np.int64], members: Sequence[Sequence[Person]], rng: np.random.Generator
) -> list[list[str]]:
    """The ``m`` ticket panels as lists of person ids, each type's members taken in turn."""
    order = [list(people) for people in members]
    for people in order:
        rng.shuffle(people)
    cursor = [0] * len(order)
    out = []
    for panel, repeat in zip(panels, counts, strict=True):
        for _ in range(int(repeat)):
            chosen = []
            for t in np.flatnonzero(panel):
                people = order[t]
                for _ in range(int(panel[t])):
                    chosen.append(people[cursor[t] % len(people)].id)
                    cursor[t] += 1
            out.append(sorted(chosen))
    return out


def lottery_text(lottery: Sequence[Sequence[str]], pseudonyms: dict[str, str]) -> str:
    """The published lottery file: one line per ticket, ``number,pseudonym pseudonym …`` (pseudonyms sorted)."""
    lines = ["ticket,members"]
    for number, panel in enumerate(lottery, 1):
        lines.append(f"{number}," + " ".join(sorted(pseudonyms[i] for i in panel)))
    return "\n".join(lines) + "\n"
