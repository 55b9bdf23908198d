"""The selection engine on the public instances: LEXIMIN's minimum as published, exact type aggregation, every
panel valid, households, replacements, infeasibility, the lottery and the draw."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from algoscope.sortition.engine import lottery, verifier
from algoscope.sortition.engine.columns import ColumnGeneration
from algoscope.sortition.engine.csvinput import read_pool
from algoscope.sortition.engine.errors import Infeasible
from algoscope.sortition.engine.legacy import legacy_panel
from algoscope.sortition.engine.model import Algorithm, Pool, Quota, counts
from algoscope.sortition.engine.selection import select
from algoscope.sortition.engine.types import build

DATA = Path(__file__).resolve().parents[3] / "shared/data/sortition"
INSTANCES = sorted(p.parent.name for p in DATA.glob("*/expected.json"))


def instance(name: str) -> tuple[Pool, int, dict[str, Any]]:
    expected = json.loads((DATA / name / "expected.json").read_text())
    pool = read_pool(
        (DATA / name / expected["categories"]).read_bytes(),
        (DATA / name / expected["respondents"]).read_bytes(),
        k=expected["panel_size"],
    )
    return pool, expected["panel_size"], expected


def assert_valid_panel(pool: Pool, people_ids: list[str], k: int) -> None:
    by_id = pool.by_id()
    people = [by_id[i] for i in people_ids]
    assert len(set(people_ids)) == k
    filled = counts(pool, people)
    for quota in pool.quotas:
        assert quota.min <= filled[(quota.feature, quota.value)] <= quota.max, quota
    homes = [p.household for p in people if p.household]
    assert len(homes) == len(set(homes))


def test_every_public_instance_is_here() -> None:
    assert INSTANCES == ["example_large_200", "example_small_20", "opendlp_monitor_30", "sf_fixture_22"]


@pytest.mark.parametrize("name", INSTANCES)
def test_leximin_minimum_is_the_published_one_and_maximin_reaches_it(name: str) -> None:
    pool, k, expected = instance(name)
    model = build(pool, k)
    leximin = ColumnGeneration(model).run(leximin=True)
    maximin = ColumnGeneration(model).run(leximin=False)
    lowest = float(np.min(leximin.type_probabilities))
    assert abs(lowest - expected["leximin_min_prob"]) < 1e-6
    assert abs(float(np.min(maximin.type_probabilities)) - lowest) < 1e-6
    for distribution in (leximin, maximin):
        assert abs(distribution.weights.sum() - 1) < 1e-9 and (distribution.weights > 0).all()
        assert distribution.shortfall < 1e-7
        assert all(model.is_panel(panel) for panel in distribution.panels)
        marginals = (distribution.panels / model.sizes).T @ distribution.weights
        assert np.allclose(marginals, distribution.type_probabilities, atol=1e-7)
    # everyone's expected number of seats adds up to the panel size
    assert abs(float(leximin.type_probabilities @ model.sizes) - k) < 1e-6


@pytest.mark.parametrize("name", ["opendlp_monitor_30", "sf_fixture_22"])
def test_aggregating_people_into_types_gives_the_same_leximin_vector(name: str) -> None:
    pool, k, _ = instance(name)
    by_type = select(pool, k, seed="1 2 3")
    model = build(pool, k, aggregate=False)
    assert model.count == len(pool.people)
    per_person = ColumnGeneration(model).run(leximin=True)
    assert np.allclose(sorted(by_type.probabilities.values()), np.sort(per_person.type_probabilities), atol=1e-6)


def test_leximin_is_fairer_than_maximin_above_the_minimum() -> None:
    pool, k, _ = instance("sf_fixture_22")
    leximin = select(pool, k, algorithm=Algorithm.LEXIMIN, seed="1 2 3").report
    maximin = select(pool, k, algorithm=Algorithm.MAXIMIN, seed="1 2 3").report
    # the leximin vector is the leximin-largest: at the first sorted position where they differ, it is larger
    a, b = np.array(leximin["sorted_probabilities"]), np.array(maximin["sorted_probabilities"])
    differ = np.flatnonzero(np.abs(a - b) > 1e-7)
    assert differ.size == 0 or a[differ[0]] > b[differ[0]]
    assert leximin["probabilities"]["gini"] < maximin["probabilities"]["gini"]


@pytest.mark.slow
def test_legacy_panels_meet_the_quotas_but_leave_some_people_far_behind() -> None:
    pool, k, _ = instance("sf_fixture_22")
    rng = lottery.rng_for("test")
    model = build(pool, k)
    for _ in range(20):
        panel = legacy_panel(model, rng)
        assert panel is not None
        assert_valid_panel(pool, panel, k)
    legacy = select(pool, k, algorithm=Algorithm.LEGACY, seed="1 2 3").report["probabilities"]
    assert legacy["min"] < 0.09090909  # below what LEXIMIN guarantees everyone


def test_the_drawn_panel_and_every_ticket_meet_the_quotas_and_the_shares_are_within_the_loss() -> None:
    pool, k, _ = instance("opendlp_monitor_30")
    selection = select(pool, k, seed="2026 11 22", lottery_size=200)
    assert len(selection.lottery) == 200
    for panel in selection.lottery:
        assert_valid_panel(pool, panel, k)
    assert selection.panel == selection.lottery[selection.ticket - 1]
    shares: dict[str, int] = {}
    for panel in selection.lottery:
        for person in panel:
            shares[person] = shares.get(person, 0) + 1
    loss = selection.report["lottery"]["loss"]
    for person, probability in selection.probabilities.items():
        assert abs(shares.get(person, 0) / 200 - probability) <= loss + 1e-12
    assert loss < 0.05


@pytest.mark.slow
def test_the_draw_is_the_same_for_the_same_inputs_and_seed_and_follows_the_published_formula() -> None:
    pool, k, _ = instance("sf_fixture_22")
    first = select(pool, k, seed="4 8 15", inputs="abc")
    again = select(pool, k, seed="4, 8, 15", inputs="abc")
    assert first.public == again.public and first.panel == again.panel and first.seed == "4 8 15"
    manifest = hashlib.sha256(first.public["manifest.json"]).hexdigest()
    m = len(first.lottery)
    ticket = int(hashlib.sha256(f"4 8 15\n{manifest}".encode()).hexdigest(), 16) % m + 1
    assert first.ticket == ticket
    other = select(pool, k, seed="16 23 42", inputs="abc")
    assert other.public == first.public  # the seed decides the ticket only
    # computed with coreutils: printf '4 8 15\n%s' 'abc' | sha256sum gives 0x…, read as a number modulo 7, plus 1
    expected = int(hashlib.sha256(b"4 8 15\nabc").hexdigest(), 16) % 7 + 1
    assert verifier.draw_ticket("04 8 15", "abc", 7) == expected


def test_pipage_keeps_the_sum_and_the_expectation() -> None:
    values = np.array([0.25, 0.5, 0.75, 0.5, 1.0, 0.0])
    rng = lottery.rng_for("pipage")
    rounds = np.array([lottery.pipage(values, rng) for _ in range(4000)])
    assert set(np.unique(rounds)) <= {0, 1} and (rounds.sum(axis=1) == 3).all()
    assert np.allclose(rounds.mean(axis=0), values, atol=0.03)


def _pool(rows: list[tuple[str, str, str]], quotas: list[Quota], **kwargs: Any) -> Pool:
    from algoscope.sortition.engine.model import Person

    people = tuple(Person(i, (g,), h) for i, g, h in rows)
    return Pool(("gender",), tuple(quotas), people, **kwargs)


def test_at_most_one_person_per_household() -> None:
    rows = [(f"p{i}", "f" if i % 2 else "m", f"home{i // 2}" if i < 8 else "") for i in range(12)]
    quotas = [Quota("gender", "f", 2, 4), Quota("gender", "m", 2, 4)]
    pool = _pool(rows, quotas)
    selection = select(pool, 4, seed="1 2 3", lottery_size=100)
    for panel in selection.lottery:
        assert_valid_panel(pool, panel, 4)
    # each household of two counts as one seat's worth of chances at most
    for home in range(4):
        pair = [selection.probabilities[f"p{2 * home}"], selection.probabilities[f"p{2 * home + 1}"]]
        assert sum(pair) <= 1 + 1e-9
    assert abs(sum(selection.probabilities.values()) - 4) < 1e-6


def test_replacements_keep_the_already_selected_and_exclude_their_housemates() -> None:
    rows = [("a", "f", "h1"), ("b", "m", "h1"), ("c", "f", ""), ("d", "m", ""), ("e", "f", ""), ("g", "m", "")]
    quotas = [Quota("gender", "f", 1, 2), Quota("gender", "m", 1, 2)]
    pool = _pool(rows, quotas, already_selected=("a",))
    selection = select(pool, 3, seed="1 2 3", lottery_size=50)
    assert selection.probabilities["a"] == 1.0 and selection.probabilities["b"] == 0.0
    for panel in selection.lottery:
        assert "a" not in panel and "b" not in panel and len(panel) == 2
        assert_valid_panel(pool, [*panel, "a"], 3)
    assert "a" in selection.panel


def test_infeasible_quotas_get_the_smallest_relaxation() -> None:
    rows = [(f"p{i}", "f" if i < 3 else "m", "") for i in range(10)]
    quotas = [Quota("gender", "f", 5, 6, row=2), Quota("gender", "m", 0, 5, row=3)]  # only 3 women
    pool = _pool(rows, quotas)
    with pytest.raises(Infeasible) as caught:
        select(pool, 6, seed="1 2 3")
    (change,) = caught.value.diagnosis.changes
    assert (change.feature, change.value, change.new_min, change.max) == ("gender", "f", 3, 6)
    assert "minimum 5 → 3" in str(caught.value.diagnosis)
    relaxed = _pool(rows, [Quota("gender", "f", 3, 6), Quota("gender", "m", 0, 5)])
    assert select(relaxed, 6, seed="1 2 3").report["probabilities"]["min"] > 0


def test_the_organisers_flex_bounds_limit_the_relaxation() -> None:
    rows = [(f"p{i}", "f" if i < 3 else "m", "") for i in range(10)]
    quotas = [Quota("gender", "f", 5, 6, min_flex=4), Quota("gender", "m", 0, 5)]
    with pytest.raises(Infeasible) as caught:
        select(_pool(rows, quotas), 6, seed="1 2 3")
    assert caught.value.diagnosis.changes == ()
    assert "min_flex" in caught.value.diagnosis.reason


def test_the_last_stage_optimum_and_the_final_lp_give_the_same_marginals(monkeypatch: pytest.MonkeyPatch) -> None:
    from algoscope.sortition.engine import columns

    pool, k, _ = instance("sf_fixture_22")
    model = build(pool, k)
    direct = ColumnGeneration(model).run(leximin=True)
    monkeypatch.setattr(columns, "SHORTFALL", -1.0)  # never good enough: always the final LP
    by_lp = ColumnGeneration(model).run(leximin=True)
    for distribution in (direct, by_lp):
        assert len(distribution.weights) <= model.count + 1 and distribution.shortfall < 1e-8
        marginals = (distribution.panels / model.sizes).T @ distribution.weights
        assert np.allclose(marginals, distribution.type_probabilities, atol=1e-8)
    assert np.allclose(direct.type_probabilities, by_lp.type_probabilities, atol=1e-9)


def test_a_distribution_that_misses_the_probabilities_found_is_an_error_not_a_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from algoscope.sortition.engine import columns

    pool, k, _ = instance("sf_fixture_22")
    generation = ColumnGeneration(build(pool, k))
    real = generation.distribution

    def off(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        return real(levels + 1e-3)  # as if an LP solve had ended with levels that no distribution reaches

    monkeypatch.setattr(columns, "SHORTFALL", -1.0)
    monkeypatch.setattr(generation, "distribution", off)
    with pytest.raises(RuntimeError, match="misses the probabilities"):
        generation.run(leximin=True)
