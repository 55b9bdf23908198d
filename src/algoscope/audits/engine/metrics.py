"""Group metrics, disparities and spreads from the counts table. Names follow Fairlearn and Aequitas.

Every metric is a proportion ``numerator / denominator`` of confusion-matrix cells (tp, fp, fn, tn), so each has
a Wilson interval, and two groups compare by difference (Newcombe interval) and ratio (Katz interval) with a
two-proportion test. Groupings are each protected attribute alone and every intersection of them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from . import stats
from .bootstrap import spread_intervals
from .errors import AuditInputError
from .spec import AuditSpec

Cells = dict[str, np.ndarray]
# name → (numerator, denominator) over the cells tp, fp, fn, tn; the names are Fairlearn's.
METRICS: dict[str, tuple[Callable[[Cells], np.ndarray], Callable[[Cells], np.ndarray]]] = {
    "base_rate": (lambda c: c["tp"] + c["fn"], lambda c: c["n"]),
    "selection_rate": (lambda c: c["tp"] + c["fp"], lambda c: c["n"]),
    "true_positive_rate": (lambda c: c["tp"], lambda c: c["tp"] + c["fn"]),
    "false_positive_rate": (lambda c: c["fp"], lambda c: c["fp"] + c["tn"]),
    "false_negative_rate": (lambda c: c["fn"], lambda c: c["tp"] + c["fn"]),
    "true_negative_rate": (lambda c: c["tn"], lambda c: c["fp"] + c["tn"]),
    "precision": (lambda c: c["tp"], lambda c: c["tp"] + c["fp"]),
    "accuracy": (lambda c: c["tp"] + c["tn"], lambda c: c["n"]),
}
# The same quantities in Aequitas' group table.
AEQUITAS_NAMES = {
    "base_rate": "prev",
    "selection_rate": "pprev",
    "true_positive_rate": "tpr",
    "false_positive_rate": "fpr",
    "false_negative_rate": "fnr",
    "true_negative_rate": "tnr",
    "precision": "precision",
    "accuracy": "accuracy",
}
FOUR_FIFTHS = 0.8


@dataclass
class Grouping:
    attributes: tuple[str, ...]
    keys: list[tuple[str, ...]]
    cells: Cells  # tp, fp, fn, tn, n: one entry per group
    reference: int  # index of the reference group
    reference_given: bool
    suppressed: np.ndarray  # n < min_cell
    min_cell: int
    metrics: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    disparities: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    spreads: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return " × ".join(self.attributes)

    def as_dict(self) -> dict[str, Any]:
        groups = []
        for i, key in enumerate(self.keys):
            group: dict[str, Any] = {
                "group": dict(zip(self.attributes, key, strict=True)),
                "label": ", ".join(key),
                "n": int(self.cells["n"][i]),
                "counts": {c: int(self.cells[c][i]) for c in ("tp", "fp", "fn", "tn")},
                "reference": i == self.reference,
                "suppressed": bool(self.suppressed[i]),
                "metrics": {},
            }
            for metric, values in self.metrics.items():
                entry: dict[str, Any] = {k: values[k][i].item() for k in ("value", "low", "high")}  # NaN: no value
                entry["numerator"], entry["denominator"] = int(values["numerator"][i]), int(values["denominator"][i])
                entry["suppressed"] = bool(values["denominator"][i] < self.min_cell)
                if i != self.reference:
                    entry.update({k: v[i].item() for k, v in self.disparities[metric].items()})
                group["metrics"][metric] = entry
            groups.append(group)
        return {
            "attributes": list(self.attributes),
            "name": self.name,
            "reference": dict(zip(self.attributes, self.keys[self.reference], strict=True)),
            "reference_chosen_by": "auditor" if self.reference_given else "largest group",
            "groups": groups,
            "spread": {
                metric: {
                    **{k: v for k, v in spread.items() if not k.endswith("_group")},
                    "highest_group": ", ".join(self.keys[spread["highest_group"]]),
                    "lowest_group": ", ".join(self.keys[spread["lowest_group"]]),
                }
                for metric, spread in self.spreads.items()
            },
        }


def groupings_of(protected: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Each attribute alone, then every intersection of two or more (all subsets up to four attributes)."""
    if len(protected) <= 4:
        return [c for size in range(1, len(protected) + 1) for c in itertools.combinations(protected, size)]
    return [(a,) for a in protected] + [protected]


def cells_by(table: pl.DataFrame, attributes: tuple[str, ...]) -> tuple[list[tuple[str, ...]], Cells]:
    wide = (
        table.group_by([*attributes, "y_true", "y_pred"])
        .agg(pl.col("n").sum())
        .with_columns(
            pl.when((pl.col("y_true") == 1) & (pl.col("y_pred") == 1))
            .then(pl.lit("tp"))
            .when((pl.col("y_true") == 0) & (pl.col("y_pred") == 1))
            .then(pl.lit("fp"))
            .when((pl.col("y_true") == 1) & (pl.col("y_pred") == 0))
            .then(pl.lit("fn"))
            .otherwise(pl.lit("tn"))
            .alias("cell")
        )
        .group_by([*attributes, "cell"])
        .agg(pl.col("n").sum())
        .pivot(on="cell", index=list(attributes), values="n")
        .sort(list(attributes))
    )
    keys = [tuple(str(v) for v in row) for row in wide.select(list(attributes)).iter_rows()]
    cells = {
        c: wide[c].fill_null(0).to_numpy().astype(float) if c in wide.columns else np.zeros(len(keys))
        for c in ("tp", "fp", "fn", "tn")
    }
    cells["n"] = cells["tp"] + cells["fp"] + cells["fn"] + cells["tn"]
    return keys, cells


def _reference(
    spec: AuditSpec, attributes: tuple[str, ...], keys: list[tuple[str, ...]], n: np.ndarray, file_name: str
) -> tuple[int, bool]:
    for attribute, value in spec.reference.items():
        if attribute not in spec.protected:
            raise AuditInputError.at(
                file_name, "a reference group is given for a column that is not protected", attribute
            )
        if len(attributes) == 1 and attributes[0] == attribute and (value,) not in keys:
            shown = ", ".join(k[0] for k in keys[:20])
            raise AuditInputError.at(
                file_name, f"has no group {value!r} to use as reference; groups: {shown}", attribute
            )
    if all(a in spec.reference for a in attributes):
        wanted = tuple(spec.reference[a] for a in attributes)
        if wanted in keys:
            return keys.index(wanted), True
    return int(np.argmax(n)), False


def analyse_grouping(
    table: pl.DataFrame, spec: AuditSpec, attributes: tuple[str, ...], file_name: str, rng: np.random.Generator
) -> Grouping:
    keys, cells = cells_by(table, attributes)
    reference, given = _reference(spec, attributes, keys, cells["n"], file_name)
    z = stats.z_value(spec.confidence)
    grouping = Grouping(attributes, keys, cells, reference, given, cells["n"] < spec.min_cell, spec.min_cell)
    adjust = stats.holm if spec.correction == "holm" else stats.benjamini_hochberg
    for metric, (numerator_of, denominator_of) in METRICS.items():
        k, n = numerator_of(cells), denominator_of(cells)
        low, high = stats.wilson(k, n, z)
        grouping.metrics[metric] = {
            "value": stats.proportion(k, n),
            "low": low,
            "high": high,
            "numerator": k,
            "denominator": n,
        }
        kr, nr = np.full_like(k, k[reference]), np.full_like(n, n[reference])
        difference, d_low, d_high = stats.newcombe(k, n, kr, nr, z)
        ratio, r_low, r_high = stats.katz(k, n, kr, nr, z)
        p_values = [
            math.nan if i == reference else stats.two_proportion_p(int(k[i]), int(n[i]), int(kr[i]), int(nr[i]))
            for i in range(len(keys))
        ]
        grouping.disparities[metric] = {
            "difference": difference,
            "difference_low": d_low,
            "difference_high": d_high,
            "ratio": ratio,
            "ratio_low": r_low,
            "ratio_high": r_high,
            "p_value": np.array(p_values),
            "p_adjusted": np.array(adjust(p_values)),
            "four_fifths_flag": (ratio < FOUR_FIFTHS) | (ratio > 1 / FOUR_FIFTHS),
        }
    grouping.spreads = spread_intervals(cells, METRICS, spec, rng)
    return grouping
