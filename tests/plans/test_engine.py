"""The plans' pure core against the real reference files and damaged copies of them: every file loads as it is,
YAML and CSV round-trip, bad input is refused with the item and field named, the roll-up and the matrix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from algoscope.plans.engine import csvfile
from algoscope.plans.engine.document import strategy_to_dict
from algoscope.plans.engine.harmonisation import compare, matrix
from algoscope.plans.engine.progress import Reported, roll_up
from algoscope.plans.engine.reading import read_file
from algoscope.plans.engine.taxonomy import builtin

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "plans"
DEMO = Path(__file__).resolve().parents[2] / "src" / "algoscope" / "plans" / "demo" / "reference"
KNOWN = builtin().tags.keys()


def canonical(text: str) -> str:
    return yaml.safe_dump(yaml.safe_load(text), allow_unicode=True, sort_keys=False)


def belgian() -> dict:
    return yaml.safe_load((SHARED / "belgian_convergence_plan.yaml").read_text(encoding="utf-8"))


def test_the_demo_carries_the_shared_reference_files_unchanged() -> None:
    shared = sorted(p.name for p in SHARED.glob("*.yaml"))
    assert shared == sorted(p.name for p in DEMO.glob("*.yaml"))
    for name in shared:
        assert (SHARED / name).read_bytes() == (DEMO / name).read_bytes(), name


@pytest.mark.parametrize("path", sorted(SHARED.glob("*.yaml")), ids=lambda p: p.name)
def test_every_reference_file_loads_as_it_is_and_round_trips(path: Path) -> None:
    plan_file = read_file(path.name, path.read_bytes(), KNOWN)
    assert plan_file.problems == []
    assert plan_file.strategies or plan_file.tag_texts
    for strategy in plan_file.strategies:
        as_yaml = yaml.safe_dump(strategy_to_dict(strategy), allow_unicode=True, sort_keys=False)
        assert read_file("again.yaml", as_yaml, KNOWN).strategies == [strategy]
        for delimiter in (",", ";"):
            again = read_file("again.csv", "\ufeff" + csvfile.write(strategy, delimiter), KNOWN)
            assert again.problems == [] and again.strategies == [strategy]


def test_the_belgian_plan_reads_with_its_hierarchy_sourcing_and_tags() -> None:
    (plan,) = read_file("be.yaml", yaml.safe_dump(belgian()), KNOWN).strategies
    assert (plan.key, plan.jurisdiction, plan.kind, plan.adopted_on) == (
        "BE-FED-NCP-AI-2022",
        "BE-FED",
        "strategy",
        "2022-10-28",
    )
    objectives = [i for i in plan.items if i.kind == "objective"]
    assert [o.key for o in objectives] == [f"BE-O{n}" for n in range(1, 10)]
    a05 = plan.item("BE-O1-A05")
    assert a05 is not None and a05.parent == "BE-O1" and a05.provisional
    assert a05.verification == "secondary_summary" and "cut off" in a05.verification_note
    assert plan.item("BE-O1").tags == ("oecd:1.2", "oecd:1.3", "oecd:1.5", "oecd:2.3", "ai_watch:regulation")
    assert plan.item("BE-O1-A04").extra["title_nl_implemented_as"].startswith("Raadgevend Comité")
    assert plan.extra["todo"] and plan.extra["governance"]["steering_committee"]  # nothing the file says is lost


def test_a_stated_level_per_language_makes_the_item_as_good_as_its_weakest_part() -> None:
    (sapai, _vision) = read_file("nl.yaml", (SHARED / "netherlands_ai.yaml").read_bytes(), KNOWN).strategies
    assert sapai.item("NL-SAPAI-T1").verification == "unverified"  # its Dutch title is recalled, not checked


def test_bare_texts_get_provisional_ids() -> None:
    (_vision, strategy) = read_file("lu.yaml", (SHARED / "luxembourg_ai.yaml").read_bytes(), KNOWN).strategies
    aims = [i for i in strategy.items if i.kind == "aim"]
    assert [a.key for a in aims] == ["LU-AI-STRATEGY-2030-AIM1", "LU-AI-STRATEGY-2030-AIM2", "LU-AI-STRATEGY-2030-AIM3"]
    assert all(a.provisional for a in aims)


def _refused(data: dict, name: str = "be.yaml") -> list[tuple[str, str, str]]:
    plan_file = read_file(name, yaml.safe_dump(data, allow_unicode=True), KNOWN)
    assert plan_file.problems, "expected a refusal"
    return [(p.path, p.code, p.message) for p in plan_file.problems]


def test_duplicate_ids_are_refused_naming_both_items() -> None:
    data = belgian()
    data["objectives"][1]["action_points"][0]["id"] = "BE-O1-A01"
    problems = _refused(data)
    assert (
        "be.yaml.item BE-O1-A01.id",
        "duplicate-id",
        "the id 'BE-O1-A01' is used twice (also by item BE-O1-A01)",
    ) in problems


def test_unknown_tags_are_refused() -> None:
    data = belgian()
    data["objectives"][0]["oecd_mapping"]["principles"].append("1.9")
    assert ("be.yaml.item BE-O1.tags", "unknown-tag", "unknown tag 'oecd:1.9'") in _refused(data)


def _canonical_be() -> dict:
    (plan,) = read_file("be.yaml", yaml.safe_dump(belgian()), KNOWN).strategies
    return strategy_to_dict(plan)


def test_a_child_before_its_parent_and_a_cycle_are_refused() -> None:
    data = _canonical_be()
    child = data["items"].pop(1)  # BE-O1-A01 moved before BE-O1
    data["items"].insert(0, child)
    assert any(code == "child-before-parent" and "item BE-O1-A01" in path for path, code, _m in _refused(data))
    data = _canonical_be()
    data["items"][0]["parent"] = "BE-O1-A01"  # BE-O1 → BE-O1-A01 → BE-O1
    problems = _refused(data)
    assert any(code == "cycle" and "BE-O1" in message for _p, code, message in problems)


def test_a_kpi_without_a_unit_weights_that_do_not_sum_and_bad_numbers_are_refused() -> None:
    data = _canonical_be()
    items = {item["id"]: item for item in data["items"]}
    items["BE-O1-A01"]["kpis"] = [{"id": "K1", "name": {"en": "Campaigns"}, "target": 3}]
    items["BE-O2-A01"]["weight"], items["BE-O2-A02"]["weight"] = 0.5, 0.4
    items["BE-O3-A01"]["weight"] = 1.0  # its sibling has none
    items["BE-O4-A01"]["budget"] = {"planned": -5}
    items["BE-O4-A02"]["weight"] = "lots"
    problems = {(path, code) for path, code, _m in _refused(data)}
    assert ("be.yaml.item BE-O1-A01.kpis.0.unit", "kpi-unit") in problems
    assert ("be.yaml.item BE-O2.weights", "weights") in problems
    assert ("be.yaml.item BE-O3.weights", "weights") in problems
    assert ("be.yaml.item BE-O4-A01.budget.planned", "negative") in problems
    assert ("be.yaml.item BE-O4-A02.weight", "number") in problems


def test_damaged_files_are_refused_with_a_reason() -> None:
    assert read_file("x.yaml", b"\xff\xfe\x00garbage", KNOWN).problems[0].code == "encoding"
    assert read_file("x.yaml", "plan: [unclosed", KNOWN).problems[0].code == "yaml"
    assert read_file("x.yaml", "- a list", KNOWN).problems[0].code == "shape"
    assert read_file("x.yaml", "hello: world", KNOWN).problems[0].code == "shape"
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert "aliases are not accepted" in read_file("x.yaml", bomb, KNOWN).problems[0].message
    assert read_file("x.yaml", b"a" * 2_000_001, KNOWN).problems[0].code == "too-large"
    assert read_file("x.csv", "id;title\n1;x\n", KNOWN).problems[0].code == "columns"
    assert read_file("x.csv", "record,id\nitem,A\n", KNOWN).problems[-1].code == "strategy"


def test_a_csv_with_a_formula_cell_reads_back_as_text() -> None:
    (plan,) = read_file("be.yaml", yaml.safe_dump(belgian()), KNOWN).strategies
    item = plan.items[0]
    changed = plan.with_items(
        [item.__class__(**{**item.__dict__, "title": {"en": '=HYPERLINK("x")'}}), *plan.items[1:]]
    )
    text = csvfile.write(changed)
    assert "'=HYPERLINK" in text
    assert read_file("x.csv", text, KNOWN).strategies[0].items[0].title == {"en": '=HYPERLINK("x")'}


def test_the_roll_up_uses_explicit_weights_leaves_out_cancelled_parts_and_shows_its_formula() -> None:
    data = _canonical_be()
    items = {item["id"]: item for item in data["items"]}
    for key, weight in (
        ("BE-O1-A01", 0.1),
        ("BE-O1-A02", 0.2),
        ("BE-O1-A03", 0.2),
        ("BE-O1-A04", 0.15),
        ("BE-O1-A05", 0.25),
        ("BE-O1-A06", 0.1),
    ):
        items[key]["weight"] = weight
    (plan,) = read_file("be.yaml", yaml.safe_dump(data), KNOWN).strategies
    latest = {
        "BE-O1-A02": Reported(60.0, "on_track", "manual"),
        "BE-O1-A05": Reported(45.0, "at_risk", "manual"),
        "BE-O1-A06": Reported(None, "cancelled", "manual"),
    }
    rolled, overall = roll_up(plan, latest)
    o1 = rolled["BE-O1"]
    # A06 (0.1) is left out: the others' weights are divided by 0.9
    assert o1.left_out == ("BE-O1-A06",)
    assert o1.progress == pytest.approx((0.2 * 60 + 0.25 * 45) / 0.9)
    assert "0.222 × 60 % (BE-O1-A02)" in o1.formula() and "(BE-O1-A01, not reported)" in o1.formula()
    assert rolled["BE-O1-A01"].method == "not_reported"
    assert overall.progress == pytest.approx(o1.progress / 9)  # nine objectives, equal weights


def test_an_objective_reported_by_hand_keeps_its_own_figure() -> None:
    (plan,) = read_file("be.yaml", yaml.safe_dump(belgian()), KNOWN).strategies
    rolled, _overall = roll_up(
        plan, {"BE-O2": Reported(80.0, "on_track", "manual"), "BE-O2-A01": Reported(10.0, "on_track", "manual")}
    )
    assert rolled["BE-O2"].progress == 80.0 and rolled["BE-O2"].terms == ()


def test_the_matrix_shows_gaps_and_possible_duplication_within_a_country() -> None:
    strategies = [s for p in sorted(SHARED.glob("*.yaml")) for s in read_file(p.name, p.read_bytes(), KNOWN).strategies]
    grid = matrix(strategies, builtin().in_scheme("oecd"))
    row = {r.tag.code: r for r in grid.rows}
    cells = {c.strategy: c for c in row["2.5"].cells}
    assert cells["BE-FED-NCP-AI-2022"].gap  # no Belgian federal objective targets international co-operation
    assert cells["BE-WAL-DW4AI-2019"].items == ("DW4AI-A4",)
    flanders = {c.strategy: c for c in row["1.2"].cells}["BE-VLG-AI-PLAN-2019"]
    assert flanders.items == ("VLG-L3",) and flanders.overlap  # the federal plan covers 1.2 too
    lu = {c.strategy: c for c in row["1.2"].cells}["LU-AI-VISION-2019"]
    assert lu.items == ("LU19-O6",) and not lu.overlap  # no other Luxembourg strategy covers it
    be, nl = strategies[0], next(s for s in strategies if s.key == "NL-SAPAI-2019")
    pairs = {p.tag.ref: p for p in compare(be, nl, builtin().in_scheme("oecd"))}
    assert [i.key for i in pairs["oecd:1.4"].left] == ["BE-O2"] and [i.key for i in pairs["oecd:1.4"].right] == [
        "NL-SAPAI-T3"
    ]


def test_a_deeply_nested_file_is_refused_not_a_crash() -> None:
    """Found by an outside check: 4 KB of nested lists made the import answer 500 after seconds of work."""
    deep = "a: " + "[" * 2000 + "]" * 2000 + "\n"
    assert read_file("x.yaml", deep, KNOWN).problems[0].code == "nesting"
    extra = '"' + "[" * 50_000 + "]" * 50_000 + '"'
    text = f"record,id,kind,jurisdiction,title_en,extra\nstrategy,S,strategy,NL,t,{extra}\n"
    assert read_file("x.csv", text, KNOWN).problems[0].code == "nesting"


def test_the_formula_rounds_half_up_like_the_page_and_writes_numbers_the_page_s_way() -> None:
    """Found by an outside check: the headline said 33,3 % and the formula below it 33.2 % (half to even)."""
    from algoscope.plans.engine.progress import Rolled, Term

    rolled = Rolled(33.25, "weighted_children", (Term("A", 0.5, 66.5, True), Term("B", 0.5, 0.0, False)))
    assert rolled.formula() == "0.5 × 66.5 % (A) + 0.5 × 0 % (B, not reported) = 33.3 %"
    comma = rolled.formula("non rapporté", lambda value, decimals: f"{value:.{decimals}f}".replace(".", ","))
    assert comma == "0,5 × 66,5 % (A) + 0,5 × 0 % (B, non rapporté) = 33,2 %"  # the caller rounds as it likes
