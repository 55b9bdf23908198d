"""Intervals, tests and corrections: reference values, and coverage on simulated data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algoscope.audits.engine import stats
from algoscope.audits.engine.spread import spread

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


def test_the_largest_gap_interval_covers_the_true_gap_and_contains_its_estimate() -> None:
    """Simulated audits of four groups with known rates: the simultaneous interval of max − min covers the true
    gap at least at the nominal level, and always contains the estimate (a percentile bootstrap did not)."""
    rng = np.random.default_rng(7)
    true_rates = np.array([0.20, 0.30, 0.35, 0.34])
    sizes = np.array([400, 300, 300, 40])
    hits, runs = 0, 400
    for _ in range(runs):
        selected = rng.binomial(sizes, true_rates).astype(float)
        gap = spread(selected, sizes.astype(float), np.ones(4, dtype=bool), 0.95)
        assert gap is not None
        assert gap["max_min_difference_low"] <= gap["max_min_difference"] <= gap["max_min_difference_high"]
        assert gap["min_max_ratio_low"] <= gap["min_max_ratio"] <= gap["min_max_ratio_high"]
        hits += gap["max_min_difference_low"] <= 0.15 <= gap["max_min_difference_high"]
    assert hits / runs >= 0.95, hits / runs


def test_the_largest_gap_leaves_out_hidden_and_empty_groups() -> None:
    k, n = np.array([1.0, 50.0, 10.0, 0.0]), np.array([2.0, 100.0, 100.0, 0.0])
    gap = spread(k, n, np.array([False, True, True, True]), 0.95)
    assert gap is not None and gap["groups_compared"] == 2
    assert gap["highest_group"] == 1 and gap["lowest_group"] == 2
    assert gap["max_min_difference"] == pytest.approx(0.4)
    assert spread(k, n, np.array([False, True, False, True]), 0.95) is None  # one group: no gap


def statsmodels_adjusted(p: list[float], method: str) -> list[float]:
    """statsmodels' ``multipletests`` ("holm" or "fdr_bh"), without the full garbage collection its Holm runs on
    every call: in the whole suite's heap that took 0.4 s a call, two minutes for the examples below."""
    from unittest import mock

    from statsmodels.stats.multitest import multipletests

    with mock.patch("gc.collect", return_value=0):
        return list(multipletests(p, method=method)[1])


P_VALUES = st.lists(
    st.one_of(st.floats(0, 1), st.just(math.nan), st.sampled_from([0.0, 1.0, 0.05, 0.05])), min_size=0, max_size=40
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(p=P_VALUES, method=st.sampled_from(["holm", "bh"]))
def test_adjusted_p_values_equal_statsmodels_with_undefined_p_anywhere(p: list[float], method: str) -> None:
    """Every adjusted p equals statsmodels' ``multipletests`` on the defined p-values, wherever the undefined
    ones (NaN: the reference group, a 0/0 rate) stand; an adjusted p is never below its raw p."""
    ours = stats.ADJUST[method](p)
    defined = [i for i, value in enumerate(p) if not math.isnan(value)]
    assert all(math.isnan(ours[i]) for i in range(len(p)) if i not in defined)
    if not defined:
        return
    theirs = statsmodels_adjusted([p[i] for i in defined], {"holm": "holm", "bh": "fdr_bh"}[method])
    for i, expected in zip(defined, theirs, strict=True):
        assert ours[i] == pytest.approx(expected, abs=1e-12)
        assert ours[i] >= p[i] - 1e-15


def test_the_outside_check_table_keeps_significance_where_statsmodels_does() -> None:
    """The case an outside statistician found: a NaN first in the list reordered everything after it."""
    from statsmodels.stats.multitest import multipletests

    p = [math.nan, 0.36, 1e-13, math.nan, 0.02, 0.049, 0.0]
    defined = [x for x in p if not math.isnan(x)]
    for method, theirs in (("holm", "holm"), ("bh", "fdr_bh")):
        expected = iter(multipletests(defined, method=theirs)[1])
        assert [x for x in stats.ADJUST[method](p) if not math.isnan(x)] == pytest.approx(list(expected))
    assert stats.benjamini_hochberg(p)[1] >= 0.36  # was 2.6e-12 in the outside check


def test_two_proportion_test_names_the_test() -> None:
    assert stats.two_proportion_test(450, 1000, 550, 1000)[1] == "z"
    assert stats.two_proportion_test(1, 7, 30, 100)[1] == "fisher"
    assert stats.two_proportion_test(0, 0, 30, 100) == (pytest.approx(math.nan, nan_ok=True), None)
