"""Running an audit on a counts table: every grouping's metrics, disparities and spreads, calibration, stability."""

from __future__ import annotations

import datetime as dt
import math
import platform
from dataclasses import asdict
from typing import Any

import numpy as np
import polars as pl

from algoscope.common.version import commit, version

from . import spread as spread_module
from .calibration import calibration
from .counts import Counts
from .hbac import ScanSettings, scan
from .metrics import AEQUITAS_NAMES, METRICS, adjust_families, analyse_grouping, cells_by, groupings_of
from .spec import AuditSpec
from .stability import stability
from .suppression import Publication, publication

ENGINE_VERSION = "2.0"
# How every published number was computed (docs/audits.md, "Methods"), in the JSON for whoever re-computes it.
METHODS = {
    "rate_interval": "Wilson score interval",
    "difference_interval": "Newcombe hybrid score interval (method 10)",
    "ratio_interval": "Katz log interval, 0.5 added to every cell of a table with an empty cell",
    "test": "two-sided pooled two-proportion z-test; Fisher's exact test (two-sided, minimum likelihood) when an "
    "expected cell count is below 5",
    "largest_gap_interval": spread_module.METHOD,
    "calibration_interval": "Wilson score interval per score bin",
}
DIRECTIONS = {
    "difference": "group − reference group",
    "ratio": "group ÷ reference group",
    "max_min_difference": "highest rate − lowest rate among the groups compared",
    "min_max_ratio": "lowest rate ÷ highest rate among the groups compared",
}


def run_audit(counts: Counts, *, software: dict[str, str] | None = None) -> dict[str, Any]:
    """The audit's result as a JSON-ready dict: parameters, input, groupings, calibration, stability, counts;
    the exploratory subgroup scan too when the spec names scan features."""
    spec = counts.spec
    groupings = [
        analyse_grouping(counts.table, spec, attrs, counts.file_name) for attrs in groupings_of(spec.protected)
    ]
    families = adjust_families(groupings, spec)
    result: dict[str, Any] = {
        "engine_version": ENGINE_VERSION,
        "computed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "parameters": _parameters(spec),
        "input": counts.describe(),
        "metrics": {m: {"fairlearn": m, "aequitas": AEQUITAS_NAMES[m]} for m in METRICS},
        "key_metrics": list(spec.key_metrics),
        "directions": DIRECTIONS,
        "methods": METHODS,
        "multiple_testing": {
            "method": spec.correction,
            "family": spec.family,
            "alpha": round(1 - spec.confidence, 10),
            "families": families,
        },
        "suppression": {
            "min_cell": spec.min_cell,
            "rule": "groups under min_cell people are not published; outcome-based rates need min_cell people with "
            "each outcome and min_cell selected; secondary suppression leaves no line of a table with exactly "
            "one hidden group",
        },
        "groupings": [g.as_dict(spec.favourable) for g in groupings],
        "calibration": [],
        "stability": [],
        "counts": published_counts(counts.table, spec),
        "software": {
            "algoscope": version(),
            "commit": commit(),
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
    data["favourable"] = spec.favourable
    return data


def published_counts(table: pl.DataFrame, spec: AuditSpec) -> dict[str, Any]:
    """The counts table for publication: the rows of a group (protected attributes and period) that is not
    published in full are given as ``null``, by the rule of :mod:`.suppression`."""
    key_columns = [c for c in table.columns if c not in ("y_true", "y_pred", "n")]
    keys, cells = cells_by(table, tuple(key_columns))
    status, _ = publication(keys, cells, spec.min_cell)
    hidden = {key for key, s in zip(keys, status, strict=True) if s != Publication.FULL}
    rows = []
    for row in table.iter_rows(named=True):
        key = tuple(str(row[c]) for c in key_columns)
        rows.append({**row, "n": None if key in hidden else row["n"]})
    return {
        "columns": table.columns,
        "rows": rows,
        "suppressed_below": spec.min_cell,
        "suppressed_cells": sum(1 for r in rows if r["n"] is None),
    }
