"""Intervals, tests and corrections: reference values, and coverage on simulated data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algoscope.audits.engine import stats
from algoscope.audits.engine.bootstrap import spread_intervals
from algoscope.audits.engine.metrics import METRICS
from algoscope.audits.engine.spec import AuditSpec

Z = stats.z_value(0.95)


def test_wilson_reference_values() -> None:
    low, high = stats.wilson(np.array([5.0, 0.0, 10.0]), np.array([10.0, 10.0, 10.0]), Z)
    assert low[0] == pytest.approx(0.2366, abs=1e-4) and high[0] == pytest.approx(0.7634, abs=1e-4)
    assert low[1] == pytest.approx(0, abs=1e-12) and high[1] == pytest.approx(0.2775, abs=1e-4)  # not degenerate at 0/n
    assert high[2] == 1
    assert all(np.isnan(stats.wilson(np.array([0.0]), np.array([0.0]), Z)))


def test_fisher_and_z_test_agree_with_scipy() -> None:
    from scipy.stats import fisher_exact

    for table in ((3, 10, 9, 10), (0, 8, 5, 7), (12, 40, 3, 35)):
        k1, n1, k2, n2 = table
        expected = fisher_exact([[k1, n1 - k1], [k2, n2 - k2]]).pvalue
        assert stats.fisher_exact(*table) == pytest.approx(expected, rel=1e-9)
    # large counts use the pooled z-test: 45% vs 55% of 1000
    assert stats.two_proportion_p(450, 1000, 550, 1000) == pytest.approx(7.7e-6, rel=0.05)


def test_holm_and_benjamini_hochberg_agree_with_scipy() -> None:
    from scipy.stats import false_discovery_control

    p = [0.01, 0.04, 0.03, 0.005, math.nan, 0.2]
    assert stats.holm(p)[:4] == pytest.approx([0.04, 0.09, 0.09, 0.025])  # m = 5: 0.03 × 3, then monotone
    assert math.isnan(stats.holm(p)[4])
    finite = [x for x in p if not math.isnan(x)]
    expected = list(false_discovery_control(finite))
    got = [x for x in stats.benjamini_hochberg(p) if not math.isnan(x)]
    assert got == pytest.approx(expected)


def test_katz_and_newcombe_contain_the_estimate() -> None:
    ratio, low, high = stats.katz(np.array([30.0]), np.array([100.0]), np.array([20.0]), np.array([100.0]), Z)
    assert ratio[0] == pytest.approx(1.5) and low[0] < 1.5 < high[0]
    d, dl, dh = stats.newcombe(np.array([30.0]), np.array([100.0]), np.array([20.0]), np.array([100.0]), Z)
    assert d[0] == pytest.approx(0.1) and dl[0] < 0.1 < dh[0]


@settings(max_examples=25, deadline=None)
@given(p=st.floats(0.02, 0.98), n=st.sampled_from([30, 100, 1000]), seed=st.integers(0, 2**32 - 1))
def test_wilson_interval_covers_the_true_rate_about_95_percent_of_the_time(p: float, n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    k = rng.binomial(n, p, size=4000).astype(float)
    low, high = stats.wilson(k, np.full_like(k, n), Z)
    coverage = float(np.mean((low <= p) & (p <= high)))
    assert 0.90 <= coverage <= 0.995, coverage  # Wilson is close to nominal; 4000 draws give ±0.7 % noise


def test_count_bootstrap_interval_of_the_spread_covers_the_truth() -> None:
    """Simulate audits of three groups with known rates; the 95 % interval of max − min covers the true gap."""
    rng = np.random.default_rng(7)
    true_rates = np.array([0.20, 0.30, 0.35])
    sizes = np.array([400, 300, 300])
    spec = AuditSpec(protected=("g",), label="y", prediction="p", bootstrap=500, seed=1)
    hits, runs = 0, 150
    for _ in range(runs):
        selected = rng.binomial(sizes, true_rates).astype(float)
        cells = {"tp": selected, "fp": np.zeros(3), "fn": sizes - selected, "tn": np.zeros(3)}
        cells["n"] = sizes.astype(float)
        spread = spread_intervals(cells, {"selection_rate": METRICS["selection_rate"]}, spec, rng)["selection_rate"]
        hits += spread["difference_low"] <= 0.15 <= spread["difference_high"]
    assert hits / runs >= 0.88, hits / runs
