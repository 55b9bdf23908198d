"""Pricing: the swap heuristic stays inside the quotas and stops only at a local optimum; HiGHS and CBC (the optional
``algoscope[cbc]`` backend) give the same LEXIMIN vector; the solver choice and its errors."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from algoscope.sortition.engine import cbc
from algoscope.sortition.engine.columns import ColumnGeneration, pricing_solver
from algoscope.sortition.engine.csvinput import read_pool
from algoscope.sortition.engine.errors import PanelInputError
from algoscope.sortition.engine.highs import PanelModel
from algoscope.sortition.engine.model import Person, Pool, Quota
from algoscope.sortition.engine.swaps import SwapSearch
from algoscope.sortition.engine.types import TypeModel, build

DATA = Path(__file__).resolve().parents[3] / "shared/data/sortition"


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


@pytest.mark.parametrize("instance", ["households", "sf_fixture_22"])
def test_cbc_and_highs_give_the_same_leximin_vector(instance: str) -> None:
    pool, k = household_pool() if instance == "households" else public_instance(instance)
    model = build(pool, k)
    highs = ColumnGeneration(model, solver="highs")
    with_cbc = ColumnGeneration(model, solver="cbc")
    assert isinstance(with_cbc.pricer, cbc.CbcPanelModel) and isinstance(highs.pricer, PanelModel)
    a, b = highs.run(leximin=True), with_cbc.run(leximin=True)
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
    pool, k = household_pool()
    assert pricing_solver(build(pool, k)) == "cbc"
    assert pricing_solver(build(*public_instance("opendlp_monitor_30"))) == "cbc"
    assert pricing_solver(build(pool, k), "highs") == "highs"


def test_an_unknown_or_missing_solver_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    pool, k = household_pool()
    model = build(pool, k)
    with pytest.raises(PanelInputError, match="unknown solver gurobi"):
        ColumnGeneration(model, solver="gurobi")
    monkeypatch.setattr(cbc, "available", lambda: False)
    with pytest.raises(PanelInputError, match=r"algoscope\[cbc\]"):
        ColumnGeneration(model, solver="cbc")
    assert pricing_solver(model) == "highs"  # auto falls back to HiGHS without the extra


def test_the_cli_takes_the_solver_and_reports_it(tmp_path: Path) -> None:
    folder = DATA / "opendlp_monitor_30"
    args = ["--respondents", str(folder / "respondents.csv"), "--categories", str(folder / "categories.csv")]
    call_command(
        "panel", "select", *args, "--size", "30", "--solver", "cbc", "--seed", "s", "--out", str(tmp_path),
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
