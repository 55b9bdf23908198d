"""Pricing and the master LP: the swap heuristic stays inside the quotas and stops only at a local optimum; the LP
relaxation answers only what it can answer exactly; HiGHS and CBC/CLP (the optional ``algoscope[cbc]`` backend) give
the same LEXIMIN vector, and a master solve that stalls or fails numerically is finished another way; the solver
choice and its errors."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from algoscope.sortition.engine import cbc, clp, highs
from algoscope.sortition.engine.columns import ColumnGeneration, resolve_solver
from algoscope.sortition.engine.csvinput import read_pool
from algoscope.sortition.engine.errors import PanelInputError
from algoscope.sortition.engine.highs import PanelModel
from algoscope.sortition.engine.model import Person, Pool, Quota
from algoscope.sortition.engine.swaps import SwapSearch
from algoscope.sortition.engine.types import TypeModel, build

DATA = Path(__file__).resolve().parents[3] / "shared/data/sortition"
SYNTHETIC_300 = Path(__file__).resolve().parent / "data/synthetic_300"  # bench/sortition_pools.generate(pool=300)


def public_instance(name: str) -> tuple[Pool, int]:
    folder = DATA / name
    spec = json.loads((folder / "expected.json").read_text())
    pool = read_pool(
        (folder / spec["categories"]).read_bytes(), (folder / spec["respondents"]).read_bytes(), k=spec["panel_size"]
    )
    return pool, spec["panel_size"]


def household_pool(seed: int = 7, size: int = 60) -> tuple[Pool, int]:
    """Volunteers with three features, a third of them living in twos; quotas around the pool's shares."""
    rng = np.random.default_rng(seed)
    features = {"gender": ["f", "m"], "age": ["young", "middle", "old"], "region": ["north", "south"]}
    weights = {"gender": [0.5, 0.5], "age": [0.2, 0.3, 0.5], "region": [0.7, 0.3]}
    people = []
    for i in range(size):
        values = tuple(str(rng.choice(features[f], p=weights[f])) for f in features)
        home = f"home{i // 2}" if i < size // 3 else ""
        people.append(Person(f"p{i}", values, home))
    k = 12
    quotas = (
        Quota("gender", "f", 5, 7),
        Quota("gender", "m", 5, 7),
        Quota("age", "young", 3, 5),
        Quota("age", "middle", 3, 5),
        Quota("age", "old", 3, 5),
        Quota("region", "north", 5, 7),
        Quota("region", "south", 5, 7),
    )
    return Pool(tuple(features), quotas, tuple(people)), k


def test_a_climb_keeps_every_bound_and_ends_where_no_single_swap_gains() -> None:
    pool, k = household_pool()
    models: list[TypeModel] = [build(pool, k), build(*public_instance("sf_fixture_22"))]
    assert models[0].households
    rng = np.random.default_rng(2026)
    for model in models:
        start = PanelModel(model).best(np.zeros(model.count))
        assert start is not None
        search = SwapSearch(model)
        for _ in range(5):
            weights = rng.random(model.count)
            panel = search.climb(start[0], weights)
            assert model.is_panel(panel)
            assert weights @ panel >= weights @ start[0] - 1e-12
            value = weights @ panel
            for a in np.flatnonzero(panel):
                for b in np.flatnonzero(panel < model.sizes):
                    swapped = panel.copy()
                    swapped[a] -= 1
                    swapped[b] += 1
                    if a != b and model.is_panel(swapped):
                        assert weights @ swapped <= value + 1e-12, (a, b)


@pytest.mark.slow
@pytest.mark.parametrize("instance", ["households", "sf_fixture_22"])
def test_cbc_and_highs_give_the_same_leximin_vector(instance: str) -> None:
    pool, k = household_pool() if instance == "households" else public_instance(instance)
    model = build(pool, k)
    with_highs = ColumnGeneration(model, solver="highs")
    with_cbc = ColumnGeneration(model, solver="cbc")
    assert isinstance(with_cbc.pricer, cbc.CbcPanelModel) and isinstance(with_highs.pricer, PanelModel)
    assert isinstance(with_cbc.master, clp.Master) and isinstance(with_highs.master, highs.Master)
    a, b = with_highs.run(leximin=True), with_cbc.run(leximin=True)
    assert np.allclose(np.sort(a.type_probabilities), np.sort(b.type_probabilities), atol=1e-6)
    assert all(model.is_panel(panel) for panel in b.panels)
    if instance == "sf_fixture_22":
        assert abs(float(b.type_probabilities.min()) - 1 / 11) < 1e-6


def test_cbc_does_not_announce_itself_in_the_log() -> None:
    pool, k = household_pool()
    cbc.CbcPanelModel(build(pool, k))
    # python-mip logs "Using Python-MIP package version …" at INFO when imported; the CLI and the server log show it
    assert logging.getLogger("mip").getEffectiveLevel() >= logging.WARNING


def test_auto_takes_cbc_where_it_is_installed() -> None:
    assert resolve_solver() == "cbc"
    assert resolve_solver("cbc") == "cbc"
    assert resolve_solver("highs") == "highs"


def test_an_unknown_or_missing_solver_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    pool, k = household_pool()
    model = build(pool, k)
    with pytest.raises(PanelInputError, match="unknown solver gurobi"):
        ColumnGeneration(model, solver="gurobi")
    monkeypatch.setattr(cbc, "available", lambda: False)
    with pytest.raises(PanelInputError, match=r"algoscope\[cbc\]"):
        ColumnGeneration(model, solver="cbc")
    assert resolve_solver() == "highs"  # auto falls back to HiGHS without the extra


def test_the_cli_takes_the_solver_and_reports_it(tmp_path: Path) -> None:
    folder = DATA / "opendlp_monitor_30"
    args = ["--respondents", str(folder / "respondents.csv"), "--categories", str(folder / "categories.csv")]
    call_command(
        "panel", "select", *args, "--size", "30", "--solver", "cbc", "--seed", "1 2 3", "--out", str(tmp_path),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    report = json.loads((tmp_path / "public" / "report.json").read_text())
    assert report["solver"] == "cbc"
    assert abs(report["probabilities"]["min"] - 0.2967033) < 1e-6


def test_a_stalled_master_solve_is_finished_with_perturbation_and_gives_the_same_optimum() -> None:
    pool, k = public_instance("sf_fixture_22")
    model = build(pool, k)
    normal = ColumnGeneration(model, solver="highs").run(leximin=True)
    stalling = ColumnGeneration(model, solver="highs")
    stalling.master.limit = 2  # every re-solve past two simplex iterations counts as stalled
    stalling.master.h.setOptionValue("simplex_iteration_limit", 2)
    result = stalling.run(leximin=True)
    assert stalling.master.stalls > 10
    assert np.allclose(np.sort(result.type_probabilities), np.sort(normal.type_probabilities), atol=1e-6)


def test_a_failed_clp_master_solve_is_finished_another_way_and_gives_the_same_optimum() -> None:
    pool, k = public_instance("sf_fixture_22")
    model = build(pool, k)
    normal = ColumnGeneration(model, solver="cbc").run(leximin=True)
    stalling = ColumnGeneration(model, solver="cbc")
    assert isinstance(stalling.master, clp.Master)
    stalling.master.limit = 2  # every re-solve past two primal simplex iterations counts as stalled
    result = stalling.run(leximin=True)
    assert stalling.master.stalls > 10
    assert np.allclose(np.sort(result.type_probabilities), np.sort(normal.type_probabilities), atol=1e-6)


@pytest.mark.slow
def test_the_synthetic_300_pool_ends_on_the_leximin_optimum_with_every_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    # With CBC pricing and the HiGHS master, one late re-solve of this pool used to end "infeasible" (primal simplex
    # without perturbation, on a master whose fixed levels hold only to 1e-10), and the selection failed.
    spec = json.loads((SYNTHETIC_300 / "expected.json").read_text())
    k = spec["panel_size"]
    pool = read_pool(
        (SYNTHETIC_300 / spec["categories"]).read_bytes(), (SYNTHETIC_300 / spec["respondents"]).read_bytes(), k=k
    )
    model = build(pool, k)
    results = []
    for solver, with_clp in (("highs", False), ("cbc", False), ("cbc", True)):  # CLP comes with CBC only
        monkeypatch.setattr(clp, "available", lambda with_clp=with_clp: with_clp)
        generation = ColumnGeneration(model, solver=solver)
        assert isinstance(generation.master, clp.Master if with_clp else highs.Master)
        result = generation.run(leximin=True)
        assert all(model.is_panel(panel) for panel in result.panels)
        assert result.shortfall < 1e-8
        results.append(np.sort(result.type_probabilities))
    assert abs(results[0][0] - spec["leximin_min_prob"]) < 1e-6
    for other in results[1:]:
        assert np.allclose(results[0], other, atol=1e-6)


def test_the_lp_relaxation_answers_only_what_it_answers_exactly() -> None:
    pool, k = public_instance("sf_fixture_22")
    model = build(pool, k)
    generation = ColumnGeneration(model, solver="highs")
    rng = np.random.default_rng(11)
    for _ in range(40):
        weights = rng.random(model.count) ** 3
        exact = generation.pricer.best(weights)
        found = generation.price(weights)
        assert exact is not None and found is not None
        assert model.is_panel(found[0])
        assert abs(found[1] - exact[1]) <= 1e-9 * exact[1]  # the best value, whichever answered
        # a bar at or above the relaxation's bound: no panel beats it, and the answer says so without a MIP
        bound = generation.relaxation.solve(weights)
        assert bound is not None and bound[1] >= exact[1] - 1e-9
        calls = generation.calls
        assert generation.price(weights, bound[1] + 1e-6) is None
        assert generation.calls == calls
    assert generation.relaxed > 0


class _FailingRuns:
    """A HiGHS instance whose first ``fails`` runs end early (time limit 0), as a numerical failure would."""

    def __init__(self, h: object, fails: int) -> None:
        self.h, self.fails = h, fails

    def __getattr__(self, name: str) -> object:
        return getattr(self.h, name)

    def run(self) -> object:
        if self.fails:
            self.fails -= 1
            self.h.setOptionValue("time_limit", 0.0)  # type: ignore[attr-defined]
            result = self.h.run()  # type: ignore[attr-defined]
            self.h.setOptionValue("time_limit", float("inf"))  # type: ignore[attr-defined]
            return result
        return self.h.run()  # type: ignore[attr-defined]


@pytest.mark.parametrize("fails", [1, 2])
def test_a_highs_master_solve_that_ends_otherwise_than_optimal_is_finished_another_way(fails: int) -> None:
    pool, k = household_pool()
    model = build(pool, k)
    normal = ColumnGeneration(model, solver="highs")
    normal.warm_start()
    failing = ColumnGeneration(model, solver="highs")
    failing.warm_start()
    failing.master.h = _FailingRuns(failing.master.h, fails)  # type: ignore[union-attr,assignment]
    assert failing.master.solve()[2] == pytest.approx(normal.master.solve()[2], abs=1e-9)
    assert failing.master.stalls == 1


@pytest.mark.slow
def test_a_clp_library_that_does_not_load_is_named_and_highs_takes_over(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The COIN-OR folder without libClp: the reason names each path tried; the selection runs on HiGHS."""
    import cbcbox

    clp._load.cache_clear()
    with monkeypatch.context() as patched:
        patched.setattr(cbcbox, "cbc_dist_dir", lambda: str(tmp_path))
        failing = clp._load()
        clp._load.cache_clear()
    assert failing[0] is None and "missing" in failing[1] and str(tmp_path) in failing[1]
    monkeypatch.setattr(clp, "_load", lambda: failing)
    assert not clp.available() and clp.unavailable_reason() == failing[1]
    with pytest.raises(RuntimeError, match="CLP is not available: CLP's library does not load"):
        clp.Master(np.array([1, 1]))
    pool = read_pool(
        (SYNTHETIC_300 / "features.csv").read_bytes(), (SYNTHETIC_300 / "candidates.csv").read_bytes(), k=80
    )
    generation = ColumnGeneration(build(pool, 80), solver="cbc")  # CBC prices, HiGHS solves the master
    assert isinstance(generation.master, highs.Master)
    assert generation.run(leximin=False).shortfall < 1e-8
