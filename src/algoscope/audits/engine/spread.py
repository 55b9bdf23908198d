"""The largest gap between groups (Fairlearn's between-groups difference and ratio) with a valid interval.

The gap ``max − min`` of estimated rates is a maximum of noisy estimates: biased upwards, and a percentile
bootstrap of it is lopsided around the estimate and can exclude it. Instead, each group gets a Wilson interval at
the simultaneous level ``1 − α/G`` (Bonferroni over the ``G`` groups compared), so that with probability at least
``1 − α`` every true rate lies in its interval at once; then

- the true largest rate is at least ``max(low)`` and at most ``max(high)``, the true smallest at least
  ``min(low)`` and at most ``min(high)``;
- so the true gap lies in ``[max(0, max(low) − min(high)), max(high) − min(low)]`` and the true ratio
  ``min / max`` in ``[min(low) / max(high), min(1, min(high) / max(low))]``.

Both intervals contain the estimate, hold for any number of groups and need no resampling; they are
conservative (coverage at least the nominal level).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import stats

METHOD = "simultaneous Wilson score bounds (Bonferroni over the groups compared)"


def spread(k: np.ndarray, n: np.ndarray, shown: np.ndarray, confidence: float) -> dict[str, Any] | None:
    """Gap and ratio between the highest and the lowest rate among the ``shown`` groups with people in the
    denominator; ``None`` when fewer than two such groups."""
    index = np.flatnonzero(np.asarray(shown, dtype=bool) & (np.asarray(n) > 0))
    if len(index) < 2:
        return None
    k_s, n_s = np.asarray(k, dtype=float)[index], np.asarray(n, dtype=float)[index]
    rates = k_s / n_s
    z = stats.z_value(1 - (1 - confidence) / len(index))
    low, high = stats.wilson(k_s, n_s, z)
    top, bottom = int(np.argmax(rates)), int(np.argmin(rates))
    largest_low, smallest_high = float(low.max()), float(high.min())
    ratio = float(rates[bottom] / rates[top]) if rates[top] > 0 else math.nan
    return {
        "max_min_difference": float(rates[top] - rates[bottom]),
        "max_min_difference_low": max(0.0, largest_low - smallest_high),
        "max_min_difference_high": float(high.max() - low.min()),
        "min_max_ratio": ratio,
        "min_max_ratio_low": float(low.min() / high.max()) if high.max() > 0 else math.nan,
        "min_max_ratio_high": min(1.0, smallest_high / largest_low) if largest_low > 0 else 1.0,
        "highest_group": int(index[top]),
        "lowest_group": int(index[bottom]),
        "groups_compared": len(index),
    }
