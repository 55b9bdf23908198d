"""Benchmark: the bias-audit engine against Fairlearn's MetricFrame on the same decision tables, in one run.

    make bench-audit                                  # 1M, 10M and 100M rows (Fairlearn up to 10M)
    .venv/bin/python bench/bench_audit.py --rows 1000000 10000000 --fairlearn-max 10000000

For each size it writes a Parquet decision table (3 protected attributes: 2 × 4 × 6 = 48 intersections, injected
bias, a score; the generator of shared/research/fairness.md), then runs in separate child processes, so that
peak memory is each one's own:

- the engine: read and check the file, reduce it to the counts table, and compute the full audit (8 metrics
  with intervals for every grouping: 3 attributes, 3 pairs, the triple; disparities, tests, 2,000 bootstrap
  replicates);
- Fairlearn 0.15 MetricFrame on the 48 intersections with the same four metrics the research notes timed
  (selection rate, false positive rate, false negative rate, accuracy) plus count, difference and ratio.

It prints wall time, peak memory (RSS) and the ratio, checks that every number Fairlearn computes equals the
engine's (largest absolute difference), and writes bench/out/audit.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
ATTRIBUTES = ("sex", "age_group", "region")
FAIRLEARN_METRICS = ("selection_rate", "false_positive_rate", "false_negative_rate", "accuracy")


def generate(rows: int, path: Path, chunk: int = 5_000_000) -> None:
    """Write ``rows`` decisions in row groups of ``chunk`` (so 100M rows never sit in memory at once)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(42)
    base = {"<25": 0.35, "25-44": 0.3, "45-64": 0.25, "65+": 0.2}
    writer = None
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        sex = rng.choice(np.array(["F", "M"]), size=n)
        age = rng.choice(np.array(list(base)), size=n, p=[0.2, 0.35, 0.3, 0.15])
        region = rng.choice(
            np.array(["BXL", "VLA", "WAL", "NL", "LU", "OTH"]), size=n, p=[0.15, 0.35, 0.25, 0.1, 0.05, 0.1]
        )
        y_true = (rng.random(n) < np.select([age == k for k in base], list(base.values()))).astype(np.int8)
        bias = np.where(sex == "M", 0.3, 0.0) + np.where(region == "OTH", 0.5, 0.0)
        score = 1 / (1 + np.exp(-(-1.2 + 2.0 * y_true + bias + rng.normal(0, 1.0, n))))
        table = pa.table(
            {
                "sex": pa.array(sex).dictionary_encode(),
                "age_group": pa.array(age).dictionary_encode(),
                "region": pa.array(region).dictionary_encode(),
                "y_true": y_true,
                "y_pred": (score >= 0.5).astype(np.int8),
                "score": score.astype(np.float32),
            }
        )
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema, compression="zstd")
        writer.write_table(table, row_group_size=1_000_000)
    assert writer is not None
    writer.close()


def run_engine(path: str, out: str) -> None:
    from algoscope.audits.engine.audit import run_audit
    from algoscope.audits.engine.counts import read_counts
    from algoscope.audits.engine.spec import AuditSpec

    started = time.perf_counter()
    spec = AuditSpec(protected=ATTRIBUTES, label="y_true", prediction="y_pred")
    result = run_audit(read_counts(Path(path), spec))
    seconds = time.perf_counter() - started
    triple = next(g for g in result["groupings"] if len(g["attributes"]) == 3)
    values = {
        g["label"]: {m: g["metrics"][m]["value"] for m in FAIRLEARN_METRICS} | {"count": g["n"]}
        for g in triple["groups"]
    }
    Path(out).write_text(json.dumps({"seconds": seconds, "values": values}))


def run_fairlearn(path: str, out: str) -> None:
    import pandas as pd
    from fairlearn.metrics import MetricFrame, count, false_negative_rate, false_positive_rate, selection_rate
    from sklearn.metrics import accuracy_score

    started = time.perf_counter()
    frame = pd.read_parquet(path)
    mf = MetricFrame(
        metrics={
            "selection_rate": selection_rate,
            "false_positive_rate": false_positive_rate,
            "false_negative_rate": false_negative_rate,
            "accuracy": accuracy_score,
            "count": count,
        },
        y_true=frame["y_true"],
        y_pred=frame["y_pred"],
        sensitive_features=frame[list(ATTRIBUTES)],
    )
    mf.difference(), mf.ratio()
    seconds = time.perf_counter() - started
    values = {
        ", ".join(str(v) for v in index): {k: float(v) for k, v in row.items()} for index, row in mf.by_group.iterrows()
    }
    Path(out).write_text(json.dumps({"seconds": seconds, "values": values}))


def measure(kind: str, path: Path, workdir: Path) -> dict[str, Any]:
    out = workdir / f"{kind}.json"
    code = (
        "import resource, sys, time; sys.path.insert(0, 'bench'); import bench_audit; t = time.perf_counter(); "
        f"bench_audit.run_{kind}({str(path)!r}, {str(out)!r}); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    wall, peak_kb = done.stdout.split()[-2:]
    data = json.loads(out.read_text())
    return {"wall_s": float(wall), "peak_mb": int(peak_kb) / 1024, "values": data["values"]}


def largest_difference(ours: dict[str, Any], theirs: dict[str, Any]) -> float:
    worst = 0.0
    for group, metrics in theirs.items():
        for metric, value in metrics.items():
            mine = ours[group][metric]
            if mine is None:
                continue  # undefined rate (0/0): the engine reports none, Fairlearn 0
            worst = max(worst, abs(float(mine) - value))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000, 100_000_000])
    parser.add_argument("--fairlearn-max", type=int, default=10_000_000)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    print(
        f"{'rows':>12} {'engine s':>9} {'engine MB':>10} {'Fairlearn s':>12} {'Fairlearn MB':>13} "
        f"{'speed-up':>9} {'max |diff|':>11}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        workdir = Path(tmp)
        for rows in args.rows:
            path = workdir / f"decisions-{rows}.parquet"
            generate(rows, path)
            engine = measure("engine", path, workdir)
            row: dict[str, Any] = {"rows": rows, "file_mb": path.stat().st_size / 2**20, "engine": engine}
            if rows <= args.fairlearn_max:
                fairlearn = measure("fairlearn", path, workdir)
                row["fairlearn"] = fairlearn
                row["speedup"] = fairlearn["wall_s"] / engine["wall_s"]
                row["max_abs_difference"] = largest_difference(engine["values"], fairlearn["values"])
                print(
                    f"{rows:>12,} {engine['wall_s']:>9.2f} {engine['peak_mb']:>10.0f} {fairlearn['wall_s']:>12.1f} "
                    f"{fairlearn['peak_mb']:>13.0f} {row['speedup']:>8.0f}× {row['max_abs_difference']:>11.1e}"
                )
            else:
                print(f"{rows:>12,} {engine['wall_s']:>9.2f} {engine['peak_mb']:>10.0f} {'(not run)':>12}")
            for part in ("engine", "fairlearn"):
                row.get(part, {}).pop("values", None)
            results.append(row)
            path.unlink()
    meta = {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count()}
    (OUT / "audit.json").write_text(json.dumps({"results": results, "meta": meta}, indent=2))


if __name__ == "__main__":
    main()
