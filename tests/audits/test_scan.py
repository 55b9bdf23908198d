"""The exploratory subgroup scan (bias-aware hierarchical k-means) finds a planted subgroup and stays honest."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import polars as pl
from django.core.management import call_command

from algoscope.audits.engine.hbac import ScanSettings, scan


def planted(rows: int = 20_000, seed: int = 3, bias: bool = True) -> pl.DataFrame:
    """Wrongly flagged far more often when district = D4 and contract = temporary: a subgroup no column names."""
    rng = np.random.default_rng(seed)
    district = rng.choice(np.array(["D1", "D2", "D3", "D4"]), size=rows)
    contract = rng.choice(np.array(["permanent", "temporary", "none"]), size=rows)
    income = rng.normal(30, 8, rows)
    y_true = (rng.random(rows) < 0.1).astype(np.int8)
    target = (district == "D4") & (contract == "temporary")
    false_flag = rng.random(rows) < np.where(target & bias, 0.35, 0.05)
    y_pred = np.where(y_true == 1, rng.random(rows) < 0.7, false_flag).astype(np.int8)
    return pl.DataFrame(
        {"district": district, "contract": contract, "income": income, "y_true": y_true, "y_pred": y_pred}
    )


def test_scan_finds_the_planted_subgroup_on_held_out_rows() -> None:
    result = scan(planted(), ScanSettings(features=("district", "contract", "income"), min_cluster_share=0.03))
    assert result["exploratory"] and result["metric"] == "false_positive"
    assert result["rows_searched"] == result["rows_tested"] == 10_000
    top = result["clusters"][0]
    features = [p["feature"] for p in top["profile"][:3]]
    assert {"district=D4", "contract=temporary"} <= set(features)
    assert top["rate_inside"] > 0.25 > 0.1 > top["rate_outside"] and top["p_bonferroni"] < 1e-6


def test_scan_without_a_planted_subgroup_reports_nothing_significant() -> None:
    result = scan(planted(bias=False), ScanSettings(features=("district", "contract", "income")))
    assert all(c["p_bonferroni"] > 0.01 for c in result["clusters"])


def test_cli_runs_the_scan(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    planted().write_csv(path)
    call_command(
        "audit",
        "run",
        str(path),
        "--protected",
        "district",
        "--label",
        "y_true",
        "--prediction",
        "y_pred",
        "--scan-features",
        "district,contract,income",
        "--json",
        str(tmp_path / "o.json"),
        "--html",
        str(tmp_path / "o.html"),
        stdout=io.StringIO(),
    )
    result = json.loads((tmp_path / "o.json").read_text())
    assert result["exploratory_scan"]["clusters"][0]["rate_inside"] > 0.2
    assert "Exploratory scan for disadvantaged subgroups" in (tmp_path / "o.html").read_text()
