"""Score calibration per group: in each score bin, the mean score against the observed rate of positives."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from . import stats
from .spec import AuditSpec
from .suppression import Publication, Reason, Suppression, hide_lone_cells


def calibration(
    scores: pl.DataFrame,
    spec: AuditSpec,
    attributes: tuple[str, ...],
    score_range: tuple[float, float],
    suppression: Suppression,
) -> dict[str, Any]:
    """Per group: bins with n, mean score, observed positive rate (Wilson interval); expected calibration error.

    The expected calibration error (ECE) is the n-weighted mean of |observed rate − mean score| over the bins; it
    is meaningful when scores are probabilities (between 0 and 1). Bins rest on the actual outcomes, so a group is
    published only where its grouping publishes its outcome-based rates (``suppression``); in a published group,
    bins under ``min_cell`` people (and, when exactly one is, the next smallest) show no numbers, and the ECE is
    then computed over every bin but published only as a whole.
    """
    z = stats.z_value(spec.confidence)
    per_bin = (
        scores.group_by([*attributes, "bin"])
        .agg(
            pl.col("n").sum().alias("n"),
            (pl.col("n") * pl.col("y_true")).sum().alias("positives"),
            pl.col("score_sum").sum().alias("score_sum"),
        )
        .sort([*attributes, "bin"])
    )
    probability_scale = score_range[0] >= 0.0 and score_range[1] <= 1.0
    groups: list[dict[str, Any]] = []
    for key, frame in per_bin.group_by(list(attributes), maintain_order=True):
        n = frame["n"].to_numpy().astype(float)
        positives = frame["positives"].to_numpy().astype(float)
        mean_score = frame["score_sum"].to_numpy() / n
        observed = positives / n
        low, high = stats.wilson(positives, n, z)
        label = ", ".join(str(k) for k in key)
        group: dict[str, Any] = {"group": dict(zip(attributes, (str(k) for k in key), strict=True)), "label": label}
        decided = suppression.status_of(attributes, tuple(str(k) for k in key))
        if spec.min_cell > 1 and (n.sum() < spec.min_cell or decided != Publication.FULL):
            groups.append({**group, "n": None, "suppressed": True, "expected_calibration_error": None, "bins": []})
            continue
        ece = float(np.sum(n * np.abs(observed - mean_score)) / n.sum()) if probability_scale else None
        hidden = hide_lone_cells([int(v) for v in n], spec.min_cell)
        bins: list[dict[str, Any]] = []
        for b, nb, ms, o, lo, hi, why in zip(frame["bin"], n, mean_score, observed, low, high, hidden, strict=True):
            if why != Reason.NONE:
                bins.append({"bin": int(b), "suppressed": True})
                continue
            bins.append(
                {
                    "bin": int(b),
                    "n": int(nb),
                    "mean_score": float(ms),
                    "observed_rate": float(o),
                    "low": float(lo),
                    "high": float(hi),
                    "suppressed": False,
                }
            )
        groups.append(
            {**group, "n": int(n.sum()), "suppressed": False, "expected_calibration_error": ece, "bins": bins}
        )
    return {
        "attributes": list(attributes),
        "name": " × ".join(attributes),
        "score_range": list(score_range),
        "probability_scale": probability_scale,
        "groups": groups,
    }
