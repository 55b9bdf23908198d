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
from .errors import AuditInputError
from .spec import AuditSpec
from .spread import spread
from .suppression import Publication, Reason, Suppression

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
# How a metric moves with being selected: +1 when a higher value means selected more often (the selection rate,
# and being selected among those with a positive or a negative outcome), -1 when it means selected less often.
# With ``favourable`` this says who is disadvantaged; base rate, precision and accuracy carry no direction.
SELECTION_SIGN = {
    "selection_rate": 1,
    "true_positive_rate": 1,
    "false_positive_rate": 1,
    "false_negative_rate": -1,
    "true_negative_rate": -1,
}
# What a published metric entry can say about the test behind its p-value.
DISPARITY_FIELDS = (
    "difference",
    "difference_low",
    "difference_high",
    "ratio",
    "ratio_low",
    "ratio_high",
    "p_value",
    "four_fifths_flag",
)


def disadvantaged_when(metric: str, favourable: str | None) -> str | None:
    """``"higher"`` or ``"lower"``: which side of the reference group is the disadvantaged one for ``metric``."""
    sign = SELECTION_SIGN.get(metric)
    if sign is None or favourable is None:
        return None
    harmful_selection = favourable == "no"
    return "higher" if (sign > 0) == harmful_selection else "lower"


@dataclass
class Grouping:
    attributes: tuple[str, ...]
    keys: list[tuple[str, ...]]
    cells: Cells  # tp, fp, fn, tn, n: one entry per group
    reference: int  # index of the reference group
    reference_chosen_by: str  # "auditor" or "largest group"
    publication: list[Publication]
    reason: list[Reason]
    metrics: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    disparities: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    tests: dict[str, list[str | None]] = field(default_factory=dict)  # metric → "z" / "fisher" / None per group
    adjusted: dict[str, dict[int, tuple[float, str]]] = field(default_factory=dict)  # metric → group → (p, family)
    spreads: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return " × ".join(self.attributes)

    def shown(self, metric: str, i: int) -> bool:
        """Whether the metric's value of group ``i`` is published."""
        level = Publication.SELECTION_ONLY if metric == "selection_rate" else Publication.FULL
        return self.publication[i] <= level

    def compared(self, metric: str, i: int) -> bool:
        """Whether group ``i``'s comparison with the reference group is published."""
        return i != self.reference and self.shown(metric, i) and self.shown(metric, self.reference)

    def _metric(self, metric: str, i: int, favourable: str | None) -> dict[str, Any]:
        if not self.shown(metric, i):
            return {"suppressed": True}
        values = self.metrics[metric]
        entry: dict[str, Any] = {k: values[k][i].item() for k in ("value", "low", "high")}  # NaN: undefined
        entry["numerator"], entry["denominator"] = int(values["numerator"][i]), int(values["denominator"][i])
        entry["suppressed"] = False
        if self.compared(metric, i):
            disparity = self.disparities[metric]
            entry.update({k: disparity[k][i].item() for k in DISPARITY_FIELDS})
            entry["p_test"] = self.tests[metric][i]
            entry["p_adjusted"], entry["p_family"] = self.adjusted.get(metric, {}).get(i, (math.nan, None))
            side = disadvantaged_when(metric, favourable)
            difference = entry["difference"]
            entry["disadvantaged"] = (
                None
                if side is None or not math.isfinite(difference) or difference == 0
                else (difference > 0) == (side == "higher")
            )
        return entry

    def as_dict(self, favourable: str | None) -> dict[str, Any]:
        groups = []
        for i, key in enumerate(self.keys):
            published = self.publication[i] < Publication.HIDDEN
            full = self.publication[i] == Publication.FULL
            groups.append(
                {
                    "group": dict(zip(self.attributes, key, strict=True)),
                    "label": ", ".join(key),
                    "n": int(self.cells["n"][i]) if published else None,
                    "counts": {c: int(self.cells[c][i]) for c in ("tp", "fp", "fn", "tn")} if full else None,
                    "reference": i == self.reference,
                    "suppressed": not published,
                    "publication": PUBLICATION_NAMES[self.publication[i]],
                    "suppression": REASON_NAMES[self.reason[i]],
                    "metrics": {metric: self._metric(metric, i, favourable) for metric in self.metrics},
                }
            )
        return {
            "attributes": list(self.attributes),
            "name": self.name,
            "reference": dict(zip(self.attributes, self.keys[self.reference], strict=True)),
            "reference_chosen_by": self.reference_chosen_by,
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


PUBLICATION_NAMES = {
    Publication.FULL: "full",
    Publication.SELECTION_ONLY: "selection-rate-only",
    Publication.HIDDEN: "suppressed",
}
REASON_NAMES = {Reason.NONE: None, Reason.PRIMARY: "too-few-people", Reason.SECONDARY: "secondary"}


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
    spec: AuditSpec,
    attributes: tuple[str, ...],
    keys: list[tuple[str, ...]],
    n: np.ndarray,
    publication: list[Publication],
    file_name: str,
) -> tuple[int, str]:
    """The auditor's reference group where it is published in full, else the largest group published in full."""
    for attribute, value in spec.reference.items():
        if attribute not in spec.protected:
            raise AuditInputError.at(
                file_name, "a reference group is given for a column that is not protected", attribute
            )
        if len(attributes) == 1 and attributes[0] == attribute:
            if (value,) not in keys:
                shown = ", ".join(k[0] for k in keys[:20])
                raise AuditInputError.at(
                    file_name, f"has no group {value!r} to use as reference; groups: {shown}", attribute
                )
            if publication[keys.index((value,))] != Publication.FULL:
                raise AuditInputError.at(
                    file_name,
                    f"the reference group {value!r} has too few people (or too few with one outcome or decision) "
                    f"to be published with --min-cell {spec.min_cell}; choose a larger group",
                    attribute,
                )
    if all(a in spec.reference for a in attributes):
        wanted = tuple(spec.reference[a] for a in attributes)
        if wanted in keys and publication[keys.index(wanted)] == Publication.FULL:
            return keys.index(wanted), "auditor"
    full = [i for i in range(len(keys)) if publication[i] == Publication.FULL]
    candidates = full or list(range(len(keys)))
    return max(candidates, key=lambda i: (n[i], -i)), "largest group"


def analyse_grouping(
    table: pl.DataFrame, spec: AuditSpec, attributes: tuple[str, ...], file_name: str, suppression: Suppression
) -> Grouping:
    """Rates with intervals, comparisons with the reference group and raw p-values, what is published (decided
    with the audit's other tables: ``suppression``), and the largest gaps. The p-values are adjusted afterwards,
    over the families of :func:`adjust_families`."""
    keys, cells = cells_by(table, attributes)
    status, reason = suppression.table(attributes, keys, cells)
    reference, chosen_by = _reference(spec, attributes, keys, cells["n"], status, file_name)
    z = stats.z_value(spec.confidence)
    grouping = Grouping(attributes, keys, cells, reference, chosen_by, status, reason)
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
        tests = [
            (math.nan, None)
            if i == reference
            else stats.two_proportion_test(int(k[i]), int(n[i]), int(kr[i]), int(nr[i]))
            for i in range(len(keys))
        ]
        grouping.tests[metric] = [test for _, test in tests]
        grouping.disparities[metric] = {
            "difference": difference,
            "difference_low": d_low,
            "difference_high": d_high,
            "ratio": ratio,
            "ratio_low": r_low,
            "ratio_high": r_high,
            "p_value": np.array([p for p, _ in tests]),
            "four_fifths_flag": (ratio < FOUR_FIFTHS) | (ratio > 1 / FOUR_FIFTHS),
        }
        shown = np.array([grouping.shown(metric, i) for i in range(len(keys))])
        gap = spread(k, n, shown, spec.confidence)
        if gap is not None:
            grouping.spreads[metric] = gap
    return grouping


def adjust_families(groupings: list[Grouping], spec: AuditSpec) -> list[dict[str, Any]]:
    """Adjust the published p-values for multiple comparisons over the families ``spec.family`` names; returns
    the families (id, what they hold, how many tests). A test without a p-value (0/0) is in no family."""
    members: dict[str, list[tuple[Grouping, str, int]]] = {}
    described: dict[str, str] = {}
    for grouping in groupings:
        for metric in METRICS:
            in_summary = len(grouping.attributes) == 1 and metric in spec.key_metrics
            if spec.family == "all":
                family, about = "all", "every published comparison with a reference group"
            elif spec.family == "summary" and in_summary:
                family = "summary"
                about = (
                    "the comparisons the summary draws its conclusions from: "
                    + ", ".join(spec.key_metrics)
                    + " for each protected attribute"
                )
            else:
                family, about = f"{metric} by {grouping.name}", f"{metric}, every group of {grouping.name}"
            described.setdefault(family, about)
            p_values = grouping.disparities[metric]["p_value"]
            for i in range(len(grouping.keys)):
                if grouping.compared(metric, i) and not math.isnan(p_values[i]):
                    members.setdefault(family, []).append((grouping, metric, i))
    adjust = stats.ADJUST[spec.correction]
    families = []
    for family, tests in members.items():
        adjusted = adjust([float(g.disparities[m]["p_value"][i]) for g, m, i in tests])
        for (grouping, metric, i), value in zip(tests, adjusted, strict=True):
            grouping.adjusted.setdefault(metric, {})[i] = (value, family)
        families.append({"id": family, "holds": described[family], "tests": len(tests)})
    return families
