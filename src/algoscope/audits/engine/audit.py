"""Running an audit on a counts table: every grouping's metrics, disparities and spreads, calibration, stability."""

from __future__ import annotations

import datetime as dt
import math
import platform
from dataclasses import asdict
from typing import Any

import numpy as np
import polars as pl

from .calibration import calibration
from .counts import Counts
from .hbac import ScanSettings, scan
from .metrics import AEQUITAS_NAMES, METRICS, analyse_grouping, groupings_of
from .spec import AuditSpec
from .stability import stability

ENGINE_VERSION = "1.0"


def run_audit(counts: Counts, *, software: dict[str, str] | None = None) -> dict[str, Any]:
    """The audit's result as a JSON-ready dict: parameters, input, groupings, calibration, stability, counts;
    the exploratory subgroup scan too when the spec names scan features."""
    spec = counts.spec
    rng = np.random.default_rng(spec.seed)
    groupings = [
        analyse_grouping(counts.table, spec, attrs, counts.file_name, rng) for attrs in groupings_of(spec.protected)
    ]
    result: dict[str, Any] = {
        "engine_version": ENGINE_VERSION,
        "computed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "parameters": _parameters(spec),
        "input": counts.describe(),
        "metrics": {m: {"fairlearn": m, "aequitas": AEQUITAS_NAMES[m]} for m in METRICS},
        "groupings": [g.as_dict() for g in groupings],
        "calibration": [],
        "stability": [],
        "counts": published_counts(counts.table, spec.min_cell),
        "software": {
            "python": platform.python_version(),
            "polars": pl.__version__,
            "numpy": np.__version__,
            **(software or {}),
        },
    }
    if counts.scores is not None and counts.score_range is not None:
        for attrs in [(a,) for a in spec.protected] + ([spec.protected] if len(spec.protected) > 1 else []):
            result["calibration"].append(calibration(counts.scores, spec, attrs, counts.score_range))
    if spec.period:
        result["stability"] = [stability(counts.table, spec, a) for a in spec.protected]
    if counts.sample is not None:
        settings = ScanSettings(spec.scan_features, spec.intervention, seed=spec.seed)
        result["exploratory_scan"] = scan(counts.sample, settings, spec.confidence)
    safe: dict[str, Any] = _json_safe(result)
    return safe


def _json_safe(value: Any) -> Any:
    """Plain JSON: NaN and infinities (an undefined rate or ratio) become ``null``; numpy scalars become numbers.

    The engine's modules leave NaN where a value is undefined; this is the one place that turns it into ``null``.
    """
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _parameters(spec: AuditSpec) -> dict[str, Any]:
    data = asdict(spec)
    data["protected"] = list(spec.protected)
    return data


def published_counts(table: pl.DataFrame, min_cell: int) -> dict[str, Any]:
    """The counts table for publication: cells below ``min_cell`` people are given as ``null`` (suppressed)."""
    rows = [{**row, "n": row["n"] if row["n"] >= min_cell else None} for row in table.iter_rows(named=True)]
    return {
        "columns": table.columns,
        "rows": rows,
        "suppressed_below": min_cell,
        "suppressed_cells": sum(1 for r in rows if r["n"] is None),
    }
