"""Stability over periods: each group's rates per period, and how far they move."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from . import stats
from .metrics import METRICS, cells_by
from .spec import AuditSpec
from .suppression import Publication, Suppression

TRACKED = ("selection_rate", "false_positive_rate", "false_negative_rate", "accuracy")


def stability(table: pl.DataFrame, spec: AuditSpec, attribute: str, suppression: Suppression) -> dict[str, Any]:
    """For one protected attribute: per period and group the tracked rates with intervals; per group the range."""
    assert spec.period
    z = stats.z_value(spec.confidence)
    keys, cells = cells_by(table, (spec.period, attribute))
    status, _ = suppression.table((spec.period, attribute), keys, cells)  # with what the groupings hide
    periods = sorted({k[0] for k in keys})
    groups = sorted({k[1] for k in keys})
    series: dict[str, dict[str, list[dict[str, Any]]]] = {g: {m: [] for m in TRACKED} for g in groups}
    for metric in TRACKED:
        numerator_of, denominator_of = METRICS[metric]
        k, n = numerator_of(cells), denominator_of(cells)
        value = stats.proportion(k, n)
        low, high = stats.wilson(k, n, z)
        level = Publication.SELECTION_ONLY if metric == "selection_rate" else Publication.FULL
        for i, (period, group) in enumerate(keys):
            hidden = status[i] > level
            series[group][metric].append(
                {
                    "period": period,
                    "n": None if status[i] == Publication.HIDDEN else int(cells["n"][i]),
                    "value": None if hidden or np.isnan(value[i]) else float(value[i]),
                    "low": None if hidden or np.isnan(low[i]) else float(low[i]),
                    "high": None if hidden or np.isnan(high[i]) else float(high[i]),
                    "suppressed": bool(hidden),
                }
            )
    ranges = {
        group: {
            metric: (max(v) - min(v))
            if (v := [p["value"] for p in points if p["value"] is not None and not p["suppressed"]])
            else None
            for metric, points in by_metric.items()
        }
        for group, by_metric in series.items()
    }
    return {"attribute": attribute, "period_column": spec.period, "periods": periods, "groups": series, "range": ranges}
