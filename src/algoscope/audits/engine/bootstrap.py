"""Count-level bootstrap: resampling people with replacement is a multinomial draw over the table's cells.

So B replicates of any quantity built from the counts (here Fairlearn's between-groups max − min difference
and min / max ratio) cost B small multinomial draws, not B passes over the rows.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .spec import AuditSpec

CELLS = ("tp", "fp", "fn", "tn")


def spread_intervals(
    cells: Mapping[str, np.ndarray],
    metrics: Mapping[str, tuple[Callable[..., np.ndarray], Callable[..., np.ndarray]]],
    spec: AuditSpec,
    rng: np.random.Generator,
) -> dict[str, dict[str, Any]]:
    """Per metric: the max − min difference and min / max ratio over groups, each with a percentile interval."""
    counts = np.stack([cells[c] for c in CELLS], axis=1)  # groups × 4
    total = int(counts.sum())
    draws = rng.multinomial(total, counts.ravel() / total, size=spec.bootstrap).reshape(spec.bootstrap, -1, 4)
    replicate = {c: draws[:, :, i].astype(float) for i, c in enumerate(CELLS)}
    replicate["n"] = draws.sum(axis=2).astype(float)
    tail = (1 - spec.confidence) / 2 * 100
    result: dict[str, dict[str, Any]] = {}
    for metric, (numerator_of, denominator_of) in metrics.items():
        k, n = numerator_of(cells), denominator_of(cells)
        with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN replicates of tiny groups: NaN is the answer
            observed = np.where(n > 0, k / np.where(n > 0, n, 1), np.nan)
            kb, nb = numerator_of(replicate), denominator_of(replicate)
            rates = np.where(nb > 0, kb / np.where(nb > 0, nb, 1), np.nan)
            differences = np.nanmax(rates, axis=1) - np.nanmin(rates, axis=1)
            ratios = np.nanmin(rates, axis=1) / np.nanmax(rates, axis=1)
        if np.all(np.isnan(observed)):
            continue
        high_i, low_i = int(np.nanargmax(observed)), int(np.nanargmin(observed))
        difference = float(observed[high_i] - observed[low_i])
        ratio = float(observed[low_i] / observed[high_i]) if observed[high_i] > 0 else float("nan")
        result[metric] = {
            "difference": difference,
            "difference_low": float(np.nanpercentile(differences, tail)),
            "difference_high": float(np.nanpercentile(differences, 100 - tail)),
            "ratio": ratio,
            "ratio_low": float(np.nanpercentile(ratios, tail)) if np.any(~np.isnan(ratios)) else None,
            "ratio_high": float(np.nanpercentile(ratios, 100 - tail)) if np.any(~np.isnan(ratios)) else None,
            "highest_group": high_i,
            "lowest_group": low_i,
        }
    return result
