"""Known answers and golden values: COMPAS as ProPublica published it, and Fairlearn and Aequitas on the same data."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest

from algoscope.audits.engine.audit import run_audit
from algoscope.audits.engine.counts import read_counts
from algoscope.audits.engine.metrics import AEQUITAS_NAMES
from algoscope.audits.engine.spec import AuditSpec

COMPAS = AuditSpec(
    protected=("race", "sex"),
    label="recidivism",
    prediction="high_risk",
    reference={"race": "Caucasian", "sex": "Male"},
)


def grouping(result: dict[str, Any], *attributes: str) -> dict[str, Any]:
    return next(g for g in result["groupings"] if g["attributes"] == list(attributes))


def by_label(g: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {group["label"]: group for group in g["groups"]}


@pytest.fixture(scope="module")
def compas_result(compas_csv: Path) -> dict[str, Any]:
    return run_audit(read_counts(compas_csv, COMPAS))


@pytest.fixture(scope="module")
def compas_unsuppressed(compas_csv: Path) -> dict[str, Any]:
    """Every group published (``min_cell`` 0: the auditor's own view), to compare each number with the peers."""
    return run_audit(read_counts(compas_csv, replace(COMPAS, min_cell=0)))


def test_compas_matches_propublica(compas_result: dict[str, Any]) -> None:
    assert compas_result["input"]["rows"] == 6172
    race = by_label(grouping(compas_result, "race"))
    black, white = race["African-American"], race["Caucasian"]
    assert (black["n"], white["n"]) == (3175, 2103)
    assert round(black["metrics"]["false_positive_rate"]["value"], 3) == 0.423
    assert round(white["metrics"]["false_positive_rate"]["value"], 3) == 0.220
    assert round(black["metrics"]["false_negative_rate"]["value"], 3) == 0.285
    assert round(white["metrics"]["false_negative_rate"]["value"], 3) == 0.496
    fpr = black["metrics"]["false_positive_rate"]
    assert fpr["low"] < 0.423 < fpr["high"] and fpr["p_adjusted"] < 1e-20 and fpr["four_fifths_flag"]
    assert white["reference"] and "ratio" not in white["metrics"]["false_positive_rate"]
    native = race["Native American"]  # 11 people, of whom 6 did not reoffend: too few to publish a false-positive rate
    assert not native["suppressed"] and native["metrics"]["false_positive_rate"]["suppressed"]
    assert not race["Asian"]["metrics"]["selection_rate"]["suppressed"]


@pytest.mark.slow
def test_every_metric_equals_fairlearn(compas_frame: pl.DataFrame, compas_unsuppressed: dict[str, Any]) -> None:
    from fairlearn.metrics import (
        MetricFrame,
        false_negative_rate,
        false_positive_rate,
        selection_rate,
        true_negative_rate,
        true_positive_rate,
    )
    from sklearn.metrics import accuracy_score, precision_score

    frame = compas_frame.to_pandas()
    metrics = {
        "selection_rate": selection_rate,
        "true_positive_rate": true_positive_rate,
        "false_positive_rate": false_positive_rate,
        "false_negative_rate": false_negative_rate,
        "true_negative_rate": true_negative_rate,
        "precision": lambda t, p: precision_score(t, p, zero_division=np.nan),
        "accuracy": accuracy_score,
        "base_rate": lambda t, p: float(np.mean(t)),
    }
    for attributes in (["race"], ["race", "sex"]):
        mf = MetricFrame(
            metrics=metrics, y_true=frame["recidivism"], y_pred=frame["high_risk"], sensitive_features=frame[attributes]
        )
        ours = by_label(grouping(compas_unsuppressed, *attributes))
        for index, row in mf.by_group.iterrows():
            label = ", ".join(index) if isinstance(index, tuple) else index
            for metric in metrics:
                expected, entry = row[metric], ours[label]["metrics"][metric]
                if entry["denominator"] == 0:  # undefined: we report no value where Fairlearn reports 0 (or nan)
                    assert entry["value"] is None and (np.isnan(expected) or expected == 0), (label, metric)
                    continue
                assert entry["value"] == pytest.approx(expected, abs=1e-12), (label, metric)
        spread = grouping(compas_unsuppressed, *attributes)["spread"]
        for metric in ("selection_rate", "false_positive_rate", "accuracy"):
            assert spread[metric]["max_min_difference"] == pytest.approx(mf.difference()[metric], abs=1e-12)
            assert spread[metric]["min_max_ratio"] == pytest.approx(mf.ratio()[metric], abs=1e-12)


@pytest.mark.slow
def test_every_metric_and_disparity_equals_aequitas(
    compas_frame: pl.DataFrame, compas_unsuppressed: dict[str, Any]
) -> None:
    from aequitas.bias import Bias
    from aequitas.group import Group

    frame = compas_frame.to_pandas().rename(columns={"high_risk": "score", "recidivism": "label_value"})
    frame = frame[["score", "label_value", "race", "sex"]].astype({"race": str, "sex": str})
    crosstab, _ = Group().get_crosstabs(frame)
    disparities = Bias().get_disparity_predefined_groups(
        crosstab, original_df=frame, ref_groups_dict={"race": "Caucasian", "sex": "Male"}
    )
    checked = 0
    for _, row in pd.DataFrame(disparities).iterrows():
        ours = by_label(grouping(compas_unsuppressed, row["attribute_name"]))[row["attribute_value"]]
        assert ours["n"] == row["group_size"]
        for metric, name in AEQUITAS_NAMES.items():
            assert ours["metrics"][metric]["value"] == pytest.approx(row[name], abs=1e-12), (
                metric,
                row["attribute_value"],
            )
            if f"{name}_disparity" in row and not ours["reference"]:
                assert ours["metrics"][metric]["ratio"] == pytest.approx(row[f"{name}_disparity"], rel=1e-9)
                checked += 1
    assert checked >= 30


def test_fairlearn_agrees_on_48_intersections(synthetic_parquet: Path) -> None:
    from fairlearn.metrics import MetricFrame, false_positive_rate, selection_rate

    spec = AuditSpec(protected=("sex", "age_group", "region"), label="y_true", prediction="y_pred", min_cell=0)
    result = run_audit(read_counts(synthetic_parquet, spec))
    frame = pd.read_parquet(synthetic_parquet)
    mf = MetricFrame(
        metrics={"selection_rate": selection_rate, "false_positive_rate": false_positive_rate},
        y_true=frame["y_true"],
        y_pred=frame["y_pred"],
        sensitive_features=frame[["sex", "age_group", "region"]],
    )
    ours = by_label(grouping(result, "sex", "age_group", "region"))
    assert len(ours) == 48 == len(mf.by_group)
    for index, row in mf.by_group.iterrows():
        assert ours[", ".join(index)]["metrics"]["selection_rate"]["value"] == pytest.approx(
            row["selection_rate"], abs=1e-12
        )
        assert ours[", ".join(index)]["metrics"]["false_positive_rate"]["value"] == pytest.approx(
            row["false_positive_rate"], abs=1e-12
        )
    assert len(result["groupings"]) == 7  # three attributes alone, three pairs, the triple
