"""Exploratory scan for disadvantaged subgroups without protected attributes: bias-aware hierarchical k-means.

After Misztal-Radecka & Indurkhya (2021), as used by the Algorithm Audit foundation: start with one cluster;
repeatedly split the cluster whose bias metric varies most with 2-means on the features, keeping a split when
both parts have at least the minimum size and one part has a higher bias metric than the parent. The metric is
oriented "higher = worse" (a false positive for a punitive decision, a false negative for an assistive one,
being selected otherwise).

Clusters are found on one half of a seeded sample and tested on the other half (so the test is not biased by the
search), with a Bonferroni correction over the clusters tested. The result is **exploratory**: input for people
to deliberate on, not a finding of discrimination.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from . import stats

METRIC_FOR = {"punitive": "false_positive", "assistive": "false_negative", "none": "selected"}


@dataclass(frozen=True)
class ScanSettings:
    features: tuple[str, ...]
    intervention: str = "punitive"
    min_cluster_share: float = 0.05
    max_splits: int = 20
    seed: int = 20260801


def _design(frame: pl.DataFrame, features: tuple[str, ...]) -> tuple[np.ndarray, list[str]]:
    """One-hot text columns, standardise numbers; returns the matrix and the column names."""
    blocks, names = [], []
    for column in features:
        series = frame[column]
        if series.dtype.is_numeric():
            values = series.cast(pl.Float64).fill_null(series.cast(pl.Float64).mean()).to_numpy()
            spread = values.std() or 1.0
            blocks.append(((values - values.mean()) / spread)[:, None])
            names.append(column)
        else:
            text = series.cast(pl.String).fill_null("(empty)")
            for value in text.unique().sort().to_list()[:50]:
                blocks.append((text == value).cast(pl.Float64).to_numpy()[:, None])
                names.append(f"{column}={value}")
    return np.hstack(blocks), names


def _two_means(x: np.ndarray, rng: np.random.Generator, iterations: int = 25) -> np.ndarray:
    """Labels 0/1 of k-means with k = 2 (k-means++ start)."""
    first = x[rng.integers(len(x))]
    distance = ((x - first) ** 2).sum(axis=1)
    second = x[rng.choice(len(x), p=distance / distance.sum())] if distance.sum() > 0 else x[rng.integers(len(x))]
    centres = np.vstack([first, second])
    labels = np.full(len(x), -1)  # no label yet: the first assignment always counts as a change
    for _ in range(iterations):
        new = ((x[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        for k in (0, 1):
            if np.any(labels == k):
                centres[k] = x[labels == k].mean(axis=0)
    return labels


def fit_clusters(
    x: np.ndarray, metric: np.ndarray, settings: ScanSettings, rng: np.random.Generator
) -> list[np.ndarray]:
    """The clusters' centroids, found by bias-aware hierarchical splitting."""
    minimum = max(2, math.ceil(settings.min_cluster_share * len(x)))
    clusters = [np.arange(len(x))]
    final: list[np.ndarray] = []
    for _ in range(settings.max_splits):
        candidates = [c for c in clusters if len(c) >= 2 * minimum]
        if not candidates:
            break
        parent = max(candidates, key=lambda c: float(metric[c].std()))
        labels = _two_means(x[parent], rng)
        children = [parent[labels == 0], parent[labels == 1]]
        clusters.pop(next(i for i, c in enumerate(clusters) if c is parent))
        if min(len(c) for c in children) >= minimum and max(metric[c].mean() for c in children) > metric[parent].mean():
            clusters.extend(children)
        else:
            final.append(parent)
    return [x[c].mean(axis=0) for c in clusters + final]


def scan(frame: pl.DataFrame, settings: ScanSettings, confidence: float = 0.95) -> dict[str, Any]:
    """Split ``frame`` (features, y_true, y_pred) in two halves: find clusters on one, test them on the other."""
    rng = np.random.default_rng(settings.seed)
    y_true, y_pred = frame["y_true"].to_numpy(), frame["y_pred"].to_numpy()
    kind = METRIC_FOR[settings.intervention]
    metric = {
        "false_positive": (y_pred == 1) & (y_true == 0),
        "false_negative": (y_pred == 0) & (y_true == 1),
        "selected": y_pred == 1,
    }[kind].astype(float)
    x, names = _design(frame, settings.features)
    order = rng.permutation(len(x))
    search, test = order[: len(x) // 2], order[len(x) // 2 :]
    centres = np.vstack(fit_clusters(x[search], metric[search], settings, rng))
    assigned = ((x[test][:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    metric_test = metric[test]
    z = stats.z_value(confidence)
    clusters: list[dict[str, Any]] = []
    for k in range(len(centres)):
        inside = assigned == k
        n_in, n_out = int(inside.sum()), int((~inside).sum())
        if n_in == 0 or n_out == 0:
            continue
        k_in, k_out = float(metric_test[inside].sum()), float(metric_test[~inside].sum())
        p = stats.two_proportion_p(int(k_in), n_in, int(k_out), n_out)
        low, high = stats.newcombe(
            np.array([k_in]), np.array([float(n_in)]), np.array([k_out]), np.array([float(n_out)]), z
        )[1:]
        profile = x[test][inside].mean(axis=0) - x[test][~inside].mean(axis=0)
        top = np.argsort(-np.abs(profile))[:5]
        clusters.append(
            {
                "size": n_in,
                "rate_inside": k_in / n_in,
                "rate_outside": k_out / n_out,
                "difference": k_in / n_in - k_out / n_out,
                "difference_low": float(low[0]),
                "difference_high": float(high[0]),
                "p_value": p,
                "profile": [{"feature": names[i], "difference": float(profile[i])} for i in top],
            }
        )
    tested = len(clusters)
    for cluster in clusters:
        cluster["p_bonferroni"] = min(1.0, cluster["p_value"] * tested)
    clusters.sort(key=lambda c: -c["difference"])
    return {
        "exploratory": True,
        "metric": kind,
        "features": list(settings.features),
        "rows_searched": len(search),
        "rows_tested": len(test),
        "min_cluster_share": settings.min_cluster_share,
        "seed": settings.seed,
        "clusters": clusters,
    }
