"""Summaries of a probability vector. Pure Python + numpy."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def gini(values: NDArray[np.float64]) -> float:
    """Gini coefficient (0: all equal); mean absolute difference over twice the mean."""
    v = np.sort(np.asarray(values, dtype=float))
    n = len(v)
    if n == 0 or v.sum() <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return max(0.0, float(((2 * ranks - n - 1) @ v) / (n * v.sum())))


def summary(values: NDArray[np.float64]) -> dict[str, float]:
    v = np.asarray(values, dtype=float)
    return {
        "min": float(v.min()),
        "max": float(v.max()),
        "mean": float(v.mean()),
        "gini": gini(v),
        "share_below_mean_half": float((v < v.mean() / 2).mean()),
    }
