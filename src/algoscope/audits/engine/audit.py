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
from .spec import MISSING_GROUP, AuditSpec
from .stability import stability
from .suppression import Publication, Suppression

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
    suppression = Suppression(spec.min_cell)  # every table's suppression, decided together, coarse to fine
    groupings = [
        analyse_grouping(counts.table, spec, attrs, counts.file_name, suppression)
        for attrs in groupings_of(spec.protected)
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
        "counts": None,
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
            result["calibration"].append(calibration(counts.scores, spec, attrs, counts.score_range, suppression))
    if spec.period:
        result["stability"] = [stability(counts.table, spec, a, suppression) for a in spec.protected]
    result["counts"] = published_counts(counts.table, spec, suppression)
    result["input"]["missing_protected"] = _published_missing(result["input"]["missing_protected"], suppression)
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


def published_counts(table: pl.DataFrame, spec: AuditSpec, suppression: Suppression) -> dict[str, Any]:
    """The counts table for publication, as a full grid: every group (protected attributes and period) with all
    four outcome × decision cells, zeros included, so that a missing row tells nothing; the cells of a group that
    is not published in full (decided with every other table) are ``null``."""
    key_columns = tuple(c for c in table.columns if c not in ("y_true", "y_pred", "n"))
    keys, cells = cells_by(table, key_columns)
    status, _ = suppression.table(key_columns, keys, cells)
    rows = []
    for key, decided, i in zip(keys, status, range(len(keys)), strict=True):
        for y_true, y_pred, cell in ((0, 0, "tn"), (0, 1, "fp"), (1, 0, "fn"), (1, 1, "tp")):
            n = None if decided != Publication.FULL else int(cells[cell][i])
            rows.append({**dict(zip(key_columns, key, strict=True)), "y_true": y_true, "y_pred": y_pred, "n": n})
    return {
        "columns": [*key_columns, "y_true", "y_pred", "n"],
        "rows": rows,
        "suppressed_below": spec.min_cell,
        "suppressed_cells": sum(1 for r in rows if r["n"] is None),
    }


def _published_missing(missing: dict[str, Any], suppression: Suppression) -> dict[str, Any]:
    """How many rows had no protected value: with ``--missing group`` these rows are the group ``(missing)``, so
    their number is published only where that group is."""
    if missing.get("policy") != "group" or not missing.get("rows"):
        return missing
    by_column = {
        column: count if suppression.status_of((column,), (MISSING_GROUP,)) != Publication.HIDDEN else None
        for column, count in missing["by_column"].items()
    }
    shown = all(v is not None for v in by_column.values())
    return {**missing, "rows": missing["rows"] if shown else None, "by_column": by_column}
