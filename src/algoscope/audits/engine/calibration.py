"""Score calibration per group: in each score bin, the mean score against the observed rate of positives."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from . import stats
from .spec import AuditSpec


def calibration(
    scores: pl.DataFrame, spec: AuditSpec, attributes: tuple[str, ...], score_range: tuple[float, float]
) -> dict[str, Any]:
    """Per group: bins with n, mean score, observed positive rate (Wilson interval); expected calibration error.

    The expected calibration error (ECE) is the n-weighted mean of |observed rate − mean score| over the bins; it
    is meaningful when scores are probabilities (between 0 and 1).
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
    groups = []
    for key, frame in per_bin.group_by(list(attributes), maintain_order=True):
        n = frame["n"].to_numpy().astype(float)
        positives = frame["positives"].to_numpy().astype(float)
        mean_score = frame["score_sum"].to_numpy() / n
        observed = positives / n
        low, high = stats.wilson(positives, n, z)
        ece = float(np.sum(n * np.abs(observed - mean_score)) / n.sum()) if probability_scale else None
        groups.append(
            {
                "group": dict(zip(attributes, (str(k) for k in key), strict=True)),
                "label": ", ".join(str(k) for k in key),
                "n": int(n.sum()),
                "suppressed": bool(n.sum() < spec.min_cell),
                "expected_calibration_error": ece,
                "bins": [
                    {
                        "bin": int(b),
                        "n": int(nb),
                        "mean_score": float(ms),
                        "observed_rate": float(o),
                        "low": float(lo),
                        "high": float(hi),
                    }
                    for b, nb, ms, o, lo, hi in zip(frame["bin"], n, mean_score, observed, low, high, strict=True)
                ],
            }
        )
    return {
        "attributes": list(attributes),
        "name": " × ".join(attributes),
        "score_range": list(score_range),
        "probability_scale": probability_scale,
        "groups": groups,
    }
