"""Benchmark: our LEXIMIN and MAXIMIN against the Sortition Foundation's ``sortition-algorithms`` on the same pools.

    make bench-sortition                  # every public instance and the synthetic pools (800 people; households)
    .venv/bin/python bench/bench_sortition.py --instances sf_fixture_22 --timeout 300

Ours runs with HiGHS alone and again with COIN-OR (``--solver cbc``: CBC for the pricing program, CLP for the
master LP); a synthetic pool where 40 % of the volunteers live in twos shows a case where people cannot be grouped
into types. Theirs runs in the bench environment only (GPL-3.0; ``uv sync --group bench``), each run in a child
process with a time limit: MAXIMIN with the HiGHS and the CBC (python-mip) backends and, where ``gurobipy``'s
size-limited licence allows, LEXIMIN (its dual LP needs Gurobi). For each instance it prints wall time, the
smallest probability, the Gini coefficient, the support size, the largest difference between their sorted
probability vector and our LEXIMIN's, and their time over ours; results go to bench/out/sortition.json.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import multiprocessing
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "sortition"
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "bench"))

from algoscope.sortition.engine.csvinput import read_pool  # noqa: E402
from algoscope.sortition.engine.model import Algorithm  # noqa: E402
from algoscope.sortition.engine.selection import select  # noqa: E402
from algoscope.sortition.engine.stats import gini  # noqa: E402
from sortition_pools import generate  # noqa: E402

Instance = tuple[str, Path, Path, int, list[str]]  # name, categories, respondents, panel size, address columns


def instances(names: list[str] | None) -> list[Instance]:
    found: list[Instance] = []
    for expected in sorted(DATA.glob("*/expected.json")):
        spec = json.loads(expected.read_text())
        folder = expected.parent
        found.append((folder.name, folder / spec["categories"], folder / spec["respondents"], spec["panel_size"], []))
    pool = generate(OUT / "sortition" / "pool_800_6")
    found.append(("synthetic_800_6", pool / "features.csv", pool / "candidates.csv", 80, []))
    pool = generate(OUT / "sortition" / "pool_300_households", pool=300, panel=30, households=0.4)
    found.append(("synthetic_300_homes", pool / "features.csv", pool / "candidates.csv", 30, ["address"]))
    return [i for i in found if names is None or i[0] in names]


def ours(
    categories: Path, respondents: Path, k: int, algorithm: str, address: list[str], solver: str = "auto"
) -> dict[str, Any]:
    pool = read_pool(categories.read_bytes(), respondents.read_bytes(), k=k, address_columns=address)
    started = time.perf_counter()
    selection = select(pool, k, algorithm=Algorithm(algorithm), seed="bench", lottery_size=1, solver=solver)
    wall = time.perf_counter() - started
    vector = sorted(selection.probabilities.values())
    return {"wall": wall, "sorted": vector, "support": selection.report["support"]}


def _their_rows(path: Path, categories: bool) -> tuple[list[str], list[dict[str, str]]]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    head = list(rows[0].keys())
    if categories and "value" not in head and "name" not in head:  # the replication layout: category,feature
        rows = [{"feature": r["category"], "value": r["feature"], "min": r["min"], "max": r["max"]} for r in rows]
    elif categories and "name" in head:
        rows = [{"feature": r["category"], "value": r["name"], "min": r["min"], "max": r["max"]} for r in rows]
    if not categories and not any(h.endswith("id") for h in head):
        rows = [{"id": str(i), **r} for i, r in enumerate(rows, 1)]
    return list(rows[0].keys()), rows


def theirs(categories: Path, respondents: Path, k: int, algorithm: str, backend: str, queue: Any) -> None:
    quiet = os.open(os.devnull, os.O_WRONLY)  # their solvers print from C code: silence the child's output
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    from sortition_algorithms import Settings, read_in_features, read_in_people
    from sortition_algorithms.committee_generation import standardize_distribution
    from sortition_algorithms.committee_generation.leximin import find_distribution_leximin
    from sortition_algorithms.committee_generation.maximin import find_distribution_maximin
    from sortition_algorithms.utils import set_random_provider

    head, rows = _their_rows(categories, True)
    features, _, _ = read_in_features(head, rows, k)
    head, rows = _their_rows(respondents, False)
    id_column = next(h for h in head if h == "id" or h.endswith("_id"))
    people, _ = read_in_people(head, rows, features, Settings(id_column=id_column, columns_to_keep=[]))
    set_random_provider(42)
    find = find_distribution_leximin if algorithm == "leximin" else find_distribution_maximin
    started = time.perf_counter()
    committees, weights, _ = find(features, people, k, [], backend)
    wall = time.perf_counter() - started
    committees, weights = standardize_distribution(committees, weights)
    pi = dict.fromkeys(people, 0.0)
    for committee, weight in zip(committees, weights, strict=True):
        for person in committee:
            pi[person] += weight
    queue.put({"wall": wall, "sorted": sorted(pi.values()), "support": len(committees)})


def run_theirs(args: tuple[Any, ...], timeout: float) -> dict[str, Any]:
    queue: Any = multiprocessing.Queue()
    process = multiprocessing.Process(target=theirs, args=(*args, queue))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.terminate()
        return {"error": f"timeout after {timeout:.0f} s"}
    if queue.empty():
        return {"error": f"failed (exit {process.exitcode}; e.g. gurobipy's size-limited licence)"}
    result: dict[str, Any] = queue.get()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--instances", nargs="*", help="folder names (default: all, plus synthetic_800_6 and synthetic_300_homes)"
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run of theirs")
    parser.add_argument("--no-theirs", action="store_true", help="only ours (no bench environment needed)")
    args = parser.parse_args()
    results = []
    print(f"{'instance':<18} {'run':<26} {'wall s':>8} {'min π':>8} {'Gini':>6} {'support':>7} ", end="")
    print(f"{'Δ sorted':>9} {'ratio':>7}")
    for name, categories, respondents, k, address in instances(args.instances):
        reference = ours(categories, respondents, k, "leximin", address, "highs")
        runs = {
            "ours leximin highs": reference,
            "ours leximin cbc": ours(categories, respondents, k, "leximin", address, "cbc"),
            "ours maximin": ours(categories, respondents, k, "maximin", address, "highs"),
        }
        if address:  # their reader is not given the address columns here: not the same problem
            runs["theirs"] = {"error": "not run (households)"}
        elif not args.no_theirs:
            for algorithm, backend in (("maximin", "highspy"), ("maximin", "mip"), ("leximin", "highspy")):
                runs[f"theirs {algorithm} {backend}"] = run_theirs(
                    (categories, respondents, k, algorithm, backend), args.timeout
                )
        for label, run in runs.items():
            row: dict[str, Any] = {"instance": name, "run": label, **{k: v for k, v in run.items() if k != "sorted"}}
            if "sorted" in run:
                vector = np.array(run["sorted"])
                row |= {
                    "min": float(vector.min()),
                    "gini": gini(vector),
                    "diff": float(np.max(np.abs(vector - np.array(reference["sorted"])))),
                    "ratio": run["wall"] / reference["wall"],
                }
                print(
                    f"{name:<18} {label:<26} {run['wall']:8.2f} {row['min']:8.4f} {row['gini']:6.3f} "
                    f"{run['support']:7d} {row['diff']:9.1e} {row['ratio']:7.1f}"
                )
            else:
                print(f"{name:<18} {label:<26} {run['error']}")
            results.append(row)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "sortition.json").write_text(
        json.dumps({"machine": platform.platform(), "cpus": multiprocessing.cpu_count(), "runs": results}, indent=2)
    )


if __name__ == "__main__":
    main()
