"""Intervals, tests and multiple-testing corrections for proportions, computed from counts. Pure numpy.

- Wilson score interval for one proportion;
- Newcombe's hybrid score interval (method 10) for a difference of two proportions;
- Katz log interval for a ratio of two proportions (0.5 added to empty cells for the interval only);
- two-sided two-proportion z-test (pooled), or Fisher's exact test when an expected cell count is below 5;
- Holm (family-wise error) and Benjamini-Hochberg (false discovery rate) adjusted p-values.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def z_value(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def proportion(k: Array, n: Array) -> Array:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, k / np.where(n > 0, n, 1), np.nan)


def wilson(k: Array, n: Array, z: float) -> tuple[Array, Array]:
    """Wilson score interval; ``nan`` where ``n`` is 0."""
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    safe = np.where(n > 0, n, 1.0)
    p = k / safe
    denominator = 1 + z**2 / safe
    centre = (p + z**2 / (2 * safe)) / denominator
    half = z * np.sqrt(p * (1 - p) / safe + z**2 / (4 * safe**2)) / denominator
    low = np.where(n > 0, np.clip(centre - half, 0, 1), np.nan)
    high = np.where(n > 0, np.clip(centre + half, 0, 1), np.nan)
    return low, high


def newcombe(k1: Array, n1: Array, k2: Array, n2: Array, z: float) -> tuple[Array, Array, Array]:
    """Difference p1 − p2 with Newcombe's hybrid score interval."""
    p1, p2 = proportion(k1, n1), proportion(k2, n2)
    l1, u1 = wilson(k1, n1, z)
    l2, u2 = wilson(k2, n2, z)
    d = p1 - p2
    low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, low, high


def katz(k1: Array, n1: Array, k2: Array, n2: Array, z: float) -> tuple[Array, Array, Array]:
    """Ratio p1 / p2 with the Katz log interval (0.5 added to zero counts for the interval)."""
    k1, n1, k2, n2 = (np.asarray(a, dtype=float) for a in (k1, n1, k2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = proportion(k1, n1) / proportion(k2, n2)
        zero = (k1 == 0) | (k2 == 0)
        a, b = np.where(zero, k1 + 0.5, k1), np.where(zero, n1 + 0.5, n1)
        c, d = np.where(zero, k2 + 0.5, k2), np.where(zero, n2 + 0.5, n2)
        log_ratio = np.log((a / b) / (c / d))
        se = np.sqrt(1 / a - 1 / b + 1 / c - 1 / d)
        low, high = np.exp(log_ratio - z * se), np.exp(log_ratio + z * se)
    valid = (n1 > 0) & (n2 > 0)
    return np.where(valid, ratio, np.nan), np.where(valid, low, np.nan), np.where(valid, high, np.nan)


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_exact(k1: int, n1: int, k2: int, n2: int) -> float:
    """Two-sided Fisher exact test of a 2×2 table (sum of tables no more likely than the observed one)."""
    total, successes = n1 + n2, k1 + k2
    low, high = max(0, successes - n2), min(successes, n1)

    def log_p(x: int) -> float:
        return _log_choose(n1, x) + _log_choose(n2, successes - x) - _log_choose(total, successes)

    observed = log_p(k1)
    p = sum(math.exp(log_p(x)) for x in range(low, high + 1) if log_p(x) <= observed + 1e-7)
    return min(1.0, p)


def two_proportion_test(k1: int, n1: int, k2: int, n2: int) -> tuple[float, str | None]:
    """Two-sided p-value for p1 = p2 and the test behind it: ``"z"`` (pooled z-test) or ``"fisher"`` (exact,
    when an expected cell count is below 5); ``(nan, None)`` when a group has nobody in the denominator."""
    if n1 == 0 or n2 == 0:
        return math.nan, None
    pooled = (k1 + k2) / (n1 + n2)
    expected = (n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled))
    if min(expected) < 5:
        return fisher_exact(k1, n1, k2, n2), "fisher"
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = abs(k1 / n1 - k2 / n2) / se  # se > 0: every expected count is at least 5
    return math.erfc(z / math.sqrt(2)), "z"


def two_proportion_p(k1: int, n1: int, k2: int, n2: int) -> float:
    """The p-value of :func:`two_proportion_test`."""
    return two_proportion_test(k1, n1, k2, n2)[0]


def _defined(p: list[float]) -> list[int]:
    """Indices of the defined p-values, smallest first (ties keep their order). An undefined p (``nan``: the
    reference group, a 0/0 rate) is not a test: it is left out before sorting, since ``nan`` has no order."""
    return sorted((i for i, value in enumerate(p) if not math.isnan(value)), key=lambda i: p[i])


def holm(p: list[float]) -> list[float]:
    """Holm step-down adjusted p-values over the defined ones (``nan`` stays ``nan`` and is not counted)."""
    order = _defined(p)
    m, adjusted, running = len(order), [math.nan] * len(p), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted


def benjamini_hochberg(p: list[float]) -> list[float]:
    """Benjamini-Hochberg step-up adjusted p-values over the defined ones (``nan`` stays ``nan``, not counted)."""
    order = _defined(p)
    m, adjusted, running = len(order), [math.nan] * len(p), 1.0
    for rank in range(m - 1, -1, -1):
        i = order[rank]
        running = min(running, p[i] * m / (rank + 1))
        adjusted[i] = min(1.0, running)
    return adjusted


ADJUST = {"holm": holm, "bh": benjamini_hochberg}
