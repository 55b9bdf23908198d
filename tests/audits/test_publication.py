"""What an audit publishes: suppression that suppresses, the family of tests, directions, missing values,
reproducibility fields, charts and wording (the defects an outside statistician found)."""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.utils import translation

from algoscope.audits import report
from algoscope.audits.engine import charts
from algoscope.audits.engine.audit import run_audit
from algoscope.audits.engine.counts import read_counts
from algoscope.audits.engine.errors import AuditInputError
from algoscope.audits.engine.spec import AuditSpec, spec_from_mapping
from algoscope.audits.engine.suppression import Reason, hide_lone_cells

SPEC = AuditSpec(protected=("group",), label="outcome", prediction="decision", min_cell=10)


def decisions(tmp_path: Path, groups: dict[str, tuple[int, int, int, int]], name: str = "d.csv") -> Path:
    """A decisions file with the given (tp, fp, fn, tn) per group."""
    rows = ["group,outcome,decision"]
    for group, (tp, fp, fn, tn) in groups.items():
        rows += [f"{group},1,1"] * tp + [f"{group},0,1"] * fp + [f"{group},1,0"] * fn + [f"{group},0,0"] * tn
    path = tmp_path / name
    path.write_text("\n".join(rows) + "\n")
    return path


# A large reference, a mid group, a group of 7, a group of 2, a group whose labels are all 0, one never selected.
TABLE = {
    "A": (120, 80, 100, 200),
    "B": (50, 40, 60, 150),
    "C": (2, 1, 2, 2),
    "D": (1, 0, 0, 1),
    "E": (0, 12, 0, 38),
    "F": (0, 0, 30, 40),
}


@pytest.fixture
def small_groups(tmp_path: Path) -> dict[str, Any]:
    return run_audit(read_counts(decisions(tmp_path, TABLE), SPEC))


def recoverable(keys: list[tuple[str, ...]], hidden: list[bool]) -> list[int]:
    """Groups a line total gives back by subtraction: the one hidden group of the groups that share every attribute
    but one (written here apart from the engine, as the check)."""
    found = set()
    for free in range(len(keys[0]) if keys else 0):
        lines: dict[tuple[str, ...], list[int]] = {}
        for i, key in enumerate(keys):
            lines.setdefault(key[:free] + key[free + 1 :], []).append(i)
        for line in lines.values():
            inside = [i for i in line if hidden[i]]
            if len(inside) == 1 and len(line) > 1:
                found.add(inside[0])
    return sorted(found)


def groups_of(result: dict[str, Any], *attributes: str) -> dict[str, dict[str, Any]]:
    grouping = next(g for g in result["groupings"] if g["attributes"] == list(attributes))
    return {g["label"]: g for g in grouping["groups"]}


def test_a_suppressed_group_publishes_nothing(small_groups: dict[str, Any]) -> None:
    groups = groups_of(small_groups, "group")
    for label in ("C", "D"):
        group = groups[label]
        assert group["suppressed"] and group["suppression"] == "too-few-people"
        assert group["n"] is None and group["counts"] is None
        assert all(entry == {"suppressed": True} for entry in group["metrics"].values())
    published = json.dumps(groups["C"]) + json.dumps(groups["D"])
    assert '"n": 7' not in published and '"n": 2' not in published


def test_outcome_rates_need_enough_people_with_each_outcome_and_selected(small_groups: dict[str, Any]) -> None:
    groups = groups_of(small_groups, "group")
    for label in ("E", "F"):  # E: nobody with a positive outcome; F: nobody selected
        group = groups[label]
        assert group["publication"] == "selection-rate-only"
        assert group["n"] == {"E": 50, "F": 70}[label]
        assert group["counts"] is None
        assert not group["metrics"]["selection_rate"]["suppressed"]
        for metric in ("base_rate", "false_positive_rate", "true_positive_rate", "precision", "accuracy"):
            assert group["metrics"][metric] == {"suppressed": True}


def test_no_hidden_number_follows_from_a_total(tmp_path: Path) -> None:
    """Secondary suppression: in every line of every table, none or at least two groups are hidden."""
    frame = pl.DataFrame(
        {
            "sex": ["F"] * 300 + ["M"] * 300 + ["X"] * 3,
            "region": (["BXL"] * 150 + ["VLA"] * 145 + ["WAL"] * 5) * 2 + ["BXL"] * 3,
            "outcome": ([1, 0, 0] * 201),
            "decision": ([1, 1, 0, 0, 0] * 121)[:603],
        }
    )
    path = tmp_path / "d.parquet"
    frame.write_parquet(path)
    result = run_audit(
        read_counts(path, AuditSpec(protected=("sex", "region"), label="outcome", prediction="decision"))
    )
    for grouping in result["groupings"]:
        keys = [tuple(g["group"][a] for a in grouping["attributes"]) for g in grouping["groups"]]
        hidden_n = [g["n"] is None for g in grouping["groups"]]
        hidden_rates = [g["counts"] is None for g in grouping["groups"]]
        assert recoverable(keys, hidden_n) == [], grouping["name"]
        assert recoverable(keys, hidden_rates) == [], grouping["name"]
    sex = groups_of(result, "sex")
    assert sex["X"]["suppression"] == "too-few-people"
    assert sum(g["suppressed"] for g in sex.values()) == 2  # the lone hidden X takes the next smallest with it
    published = sum(g["n"] for g in sex.values() if g["n"] is not None)
    assert published != 600  # X's 3 people cannot be read off the 603 rows


def test_the_largest_gap_and_the_lights_ignore_hidden_groups(small_groups: dict[str, Any]) -> None:
    grouping = next(g for g in small_groups["groupings"] if g["attributes"] == ["group"])
    for metric, gap in grouping["spread"].items():
        assert gap["highest_group"] not in ("C", "D"), metric
        assert gap["lowest_group"] not in ("C", "D"), metric
    selection = grouping["spread"]["selection_rate"]
    assert selection["lowest_group"] == "F" and selection["max_min_difference"] == pytest.approx(0.4)
    for row in report.summary(small_groups):
        for light in row["lights"]:
            assert {g["label"] for g in light["groups"]} <= {"B", "E", "F"}


def test_calibration_bins_of_few_people_are_hidden_with_a_second_bin() -> None:
    assert hide_lone_cells([50, 40, 3, 30], 10) == [Reason.NONE, Reason.NONE, Reason.PRIMARY, Reason.SECONDARY]
    assert hide_lone_cells([50, 4, 3, 30], 10) == [Reason.NONE, Reason.PRIMARY, Reason.PRIMARY, Reason.NONE]
    assert hide_lone_cells([5, 4], 0) == [Reason.NONE, Reason.NONE]


def test_calibration_publishes_no_bin_under_the_threshold(compas_csv: Path) -> None:
    spec = AuditSpec(protected=("race",), label="recidivism", prediction="high_risk", score="decile_score", min_cell=20)
    result = run_audit(read_counts(compas_csv, spec))
    for group in result["calibration"][0]["groups"]:
        if group["suppressed"]:
            assert group["n"] is None and group["bins"] == []
            continue
        shown = [b for b in group["bins"] if not b["suppressed"]]
        assert all(b["n"] >= 20 and b["low"] <= b["observed_rate"] <= b["high"] for b in shown)
        assert sum(b["suppressed"] for b in group["bins"]) != 1
    native = next(g for g in result["calibration"][0]["groups"] if g["label"] == "Native American")
    assert native["suppressed"]  # 11 people


def test_a_negative_min_cell_is_refused(tmp_path: Path) -> None:
    from django.core.management import CommandError, call_command

    path = decisions(tmp_path, TABLE)
    with pytest.raises(CommandError, match="must be 0 or more"):
        call_command("audit", "run", str(path), "--protected", "group", "--label", "outcome", "--prediction",
                     "decision", "--min-cell", "-1", "--json", str(tmp_path / "a.json"))  # fmt: skip
    with pytest.raises(Exception, match="min_cell"):
        spec_from_mapping({"protected": "group", "label": "outcome", "prediction": "decision", "min_cell": "-1"})


def test_the_summary_family_is_stated_and_corrected_as_statsmodels_does(tmp_path: Path) -> None:
    from statsmodels.stats.multitest import multipletests

    path = decisions(tmp_path, TABLE)
    spec = AuditSpec(protected=("group",), label="outcome", prediction="decision", min_cell=0)
    result = run_audit(read_counts(path, spec))
    testing = result["multiple_testing"]
    assert testing["family"] == "summary" and testing["method"] == "holm"
    summary_family = next(f for f in testing["families"] if f["id"] == "summary")
    tests = [
        (label, metric, g["metrics"][metric])
        for label, g in groups_of(result, "group").items()
        for metric in result["key_metrics"]
        if not g["reference"] and g["metrics"][metric].get("p_value") is not None
    ]
    assert summary_family["tests"] == len(tests) == 10  # 5 groups × 2 key metrics, every p defined
    assert all(entry["p_family"] == "summary" for _, _, entry in tests)
    expected = multipletests([entry["p_value"] for _, _, entry in tests], method="holm")[1]
    assert [entry["p_adjusted"] for _, _, entry in tests] == pytest.approx(list(expected), abs=1e-12)
    accuracy = groups_of(result, "group")["B"]["metrics"]["accuracy"]
    assert accuracy["p_family"] == "accuracy by group"  # outside the summary: per metric and grouping
    everything = run_audit(read_counts(path, replace(spec, family="all")))
    families = everything["multiple_testing"]["families"]
    assert [f["id"] for f in families] == ["all"] and families[0]["tests"] > 10


def test_directions_tests_methods_and_version_are_in_the_json(small_groups: dict[str, Any]) -> None:
    assert small_groups["directions"]["difference"] == "group − reference group"
    assert small_groups["directions"]["ratio"] == "group ÷ reference group"
    assert {"rate_interval", "difference_interval", "ratio_interval", "test", "largest_gap_interval"} <= set(
        small_groups["methods"]
    )
    assert small_groups["software"]["algoscope"] and "commit" in small_groups["software"]
    groups = groups_of(small_groups, "group")
    assert groups["B"]["metrics"]["selection_rate"]["p_test"] == "z"
    spread = next(iter(small_groups["groupings"]))["spread"]["selection_rate"]
    assert {"max_min_difference", "min_max_ratio"} <= set(spread) and "difference" not in spread


def test_who_is_disadvantaged_follows_whether_selection_is_a_benefit(tmp_path: Path) -> None:
    path = decisions(tmp_path, {"A": (100, 100, 100, 200), "B": (60, 60, 30, 50)})  # B selected more (60 % vs 40 %)
    burden = run_audit(read_counts(path, replace(SPEC, intervention="punitive")))
    benefit = run_audit(read_counts(path, replace(SPEC, intervention="assistive")))
    assert burden["parameters"]["favourable"] == "no" and benefit["parameters"]["favourable"] == "yes"
    assert groups_of(burden, "group")["B"]["metrics"]["selection_rate"]["disadvantaged"] is True
    assert groups_of(benefit, "group")["B"]["metrics"]["selection_rate"]["disadvantaged"] is False
    # B's false-negative rate is 30/90 vs 100/200 (lower): left out less often, an advantage when it is a benefit
    assert groups_of(benefit, "group")["B"]["metrics"]["false_negative_rate"]["disadvantaged"] is False
    light = report.light(next(iter(burden["groupings"])), "selection_rate", 0.05)
    assert light["light"] == "red" and light["groups"][0]["label"] == "B"


def test_a_p_value_of_zero_is_drawn_significant() -> None:
    assert charts.flagged({"four_fifths_flag": True, "p_adjusted": 0.0}, 0.05)
    assert not charts.flagged({"four_fifths_flag": True, "p_adjusted": None}, 0.05)
    assert not charts.flagged({"four_fifths_flag": True, "p_adjusted": 0.05}, 0.05)


def test_numbers_are_worded_as_a_statistician_would() -> None:
    with translation.override("en"):
        assert report.ratio(1.2511) == "1.251" and report.ratio(1.25) == "1.25" and report.ratio(0.7999) == "0.7999"
        assert report.ratio(0.8123) == "0.81"
        assert (
            report.points(0.0421) == "+4.2 pp" and report.points(-0.1) == "−10.0 pp" and report.points(0.0) == "0.0 pp"
        )
        assert str(report.LIGHTS["green"]) == "No disparity shown by this test"
    with translation.override("fr"):
        assert report.percent(0.998) == "99,8\u00a0%"
        assert report.ratio(1.2511) == "1,251"


@pytest.mark.parametrize(
    ("policy", "rows", "groups"),
    [("group", 6, {"a", "b", "(missing)"}), ("drop", 4, {"a", "b"})],
)
def test_missing_protected_values_form_a_group_or_are_dropped(
    tmp_path: Path, policy: str, rows: int, groups: set[str]
) -> None:
    path = tmp_path / "d.csv"
    path.write_text("group,outcome,decision\na,1,1\na,0,0\n,1,0\nb,1,1\n ,0,1\nb,0,0\n")
    counts = read_counts(path, replace(SPEC, missing=policy, min_cell=0))  # type: ignore[arg-type]
    result = run_audit(counts)
    assert result["input"]["rows"] == rows
    assert result["input"]["missing_protected"] == {
        "policy": policy,
        "rows": 2,
        "rows_used": rows,
        "by_column": {"group": 2},
    }
    assert set(groups_of(result, "group")) == groups
    with pytest.raises(AuditInputError, match=r"column 'group', row 4: 2 empty or missing cells \(rows 4, 6\)"):
        read_counts(path, SPEC)


def test_decimal_commas_in_a_semicolon_file_are_read(tmp_path: Path) -> None:
    path = tmp_path / "be.csv"
    path.write_text("groep;uitkomst;beslissing;score\na;1;1;0,91\na;0;0;0,12\nb;1;0;0,45\nb;0;1;0,6\n")
    spec = AuditSpec(protected=("groep",), label="uitkomst", prediction="beslissing", score="score", min_cell=0)
    counts = read_counts(path, spec)
    assert counts.decimal == "," and counts.score_range == (0.12, 0.91)
    comma = tmp_path / "comma.csv"
    comma.write_text('g,y,p,s\na,1,1,"0,5"\nb,0,0,"0,25"\n')
    spec = AuditSpec(protected=("g",), label="y", prediction="p", score="s", min_cell=0)
    with pytest.raises(AuditInputError, match="is not a number: '0,5'"):
        read_counts(comma, spec)
    assert read_counts(comma, replace(spec, decimal=",")).score_range == (0.25, 0.5)


def test_the_report_speaks_the_chosen_language_in_words_numbers_and_charts(tmp_path: Path) -> None:
    from django.core.management import call_command

    path = decisions(tmp_path, TABLE)
    for language, words in (
        ("fr", ("groupe de référence", "Audit de biais", "\u00a0%")),
        ("nl", ("referentiegroep", "Bias-audit", "\u00a0%")),
        ("de", ("Referenzgruppe", "Bias-Audit", "\u00a0%")),
    ):
        html_path = tmp_path / f"{language}.html"
        call_command("audit", "run", str(path), "--protected", "group", "--label", "outcome", "--prediction",
                     "decision", "--language", language, "--json", str(tmp_path / "a.json"), "--html",
                     str(html_path))  # fmt: skip
        html = html_path.read_text()
        assert all(word in html for word in words), language
        assert "reference group" not in html and "People per group" not in html, language
        assert not re.search(r"\d\.\d %", html), language  # no English decimal point before a percent sign
        svg = html[html.index("<svg") : html.index("</svg>")]
        assert not re.search(r">\d+%<", svg), language  # chart ticks localised too


def test_the_html_report_shows_no_number_of_a_hidden_group(tmp_path: Path) -> None:
    from django.core.management import call_command

    path = decisions(tmp_path, TABLE)
    call_command("audit", "run", str(path), "--protected", "group", "--label", "outcome", "--prediction",
                 "decision", "--json", str(tmp_path / "a.json"), "--html", str(tmp_path / "a.html"))  # fmt: skip
    html = (tmp_path / "a.html").read_text()
    for label in ("C", "D"):
        row = re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', html, re.S)
        assert row and "×" in row.group(1) and not re.search(r">\s*[1-9]\d*\s*<", row.group(1)), label
    assert "too few people to publish" in html
    assert "pp" in html and "Read with care" in html and "corrected together" in html


def test_holm_nan_bug_no_longer_flips_the_lights(tmp_path: Path) -> None:
    """The outside check's table: a group of 7, all-0 labels, a group never selected. The lights equal the ones
    computed with statsmodels' Holm over the summary family."""
    from statsmodels.stats.multitest import multipletests

    path = decisions(tmp_path, TABLE)
    result = run_audit(read_counts(path, replace(SPEC, min_cell=0)))
    groups = groups_of(result, "group")
    tests = [
        (g, m)
        for g in groups.values()
        for m in result["key_metrics"]
        if not g["reference"] and g["metrics"][m].get("p_value") is not None
    ]
    adjusted = multipletests([g["metrics"][m]["p_value"] for g, m in tests], method="holm")[1]
    for (group, metric), p in zip(tests, adjusted, strict=True):
        assert group["metrics"][metric]["p_adjusted"] == pytest.approx(p, abs=1e-12)
        assert (group["metrics"][metric]["p_adjusted"] < 0.05) == (p < 0.05)
    assert all(math.isfinite(g["metrics"]["selection_rate"]["value"]) for g in groups.values())


def _rows(cells: dict[tuple[str, ...], tuple[int, int, int, int]], columns: tuple[str, ...]) -> pl.DataFrame:
    """A decisions table with (tp, fp, fn, tn) people per key of ``columns``."""
    data: dict[str, list[object]] = {c: [] for c in (*columns, "y", "p")}
    for key, counts in cells.items():
        for (y, p), count in zip(((1, 1), (0, 1), (1, 0), (0, 0)), counts, strict=True):
            for _ in range(count):
                for column, value in zip(columns, key, strict=True):
                    data[column].append(value)
                data["y"].append(y)
                data["p"].append(p)
    return pl.DataFrame(data)


def sizes_an_attacker_recovers(result: dict[str, Any]) -> list[str]:
    """Every hidden group size that sums and subtractions over the published tables give back: a hidden group whose
    parts in a finer table are all published, or the one hidden group of a line whose total is known."""
    known: dict[tuple[tuple[str, ...], tuple[str, ...]], int | None] = {}
    for grouping in result["groupings"]:
        attrs = tuple(grouping["attributes"])
        for g in grouping["groups"]:
            known[(attrs, tuple(g["group"][a] for a in attrs))] = g["n"]
    for table in result["stability"]:
        attrs = (table["period_column"], table["attribute"])
        for group, series in table["groups"].items():
            for point in series["selection_rate"]:
                known[(attrs, (point["period"], group))] = point["n"]
    for cal in result["calibration"]:
        attrs = tuple(cal["attributes"])
        for g in cal["groups"]:
            key = (attrs, tuple(g["group"][a] for a in attrs))
            if g["n"] is not None:
                known[key] = g["n"]
    hidden = {key for key, n in known.items() if n is None}
    total = result["input"]["rows"]
    recovered: list[str] = []
    changed = True
    while changed:
        changed = False
        for (attrs, key), n in list(known.items()):
            if n is not None:
                continue
            finer_tables = {f for (f, _) in known if len(f) == len(attrs) + 1 and set(attrs) < set(f)}
            for finer in finer_tables:
                own = [
                    fn
                    for (f, fkey), fn in known.items()
                    if f == finer and all(fkey[finer.index(a)] == v for a, v in zip(attrs, key, strict=True))
                ]
                if own and all(v is not None for v in own):
                    known[(attrs, key)] = sum(v for v in own if v is not None)
                    changed = True
                    break
        for attrs in {a for (a, _) in known}:
            for free in range(len(attrs)):
                lines: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
                for a, key in known:
                    if a == attrs:
                        lines.setdefault(key[:free] + key[free + 1 :], []).append(key)
                for rest, keys in lines.items():
                    missing = [k for k in keys if known[(attrs, k)] is None]
                    if len(missing) != 1:
                        continue
                    coarse = attrs[:free] + attrs[free + 1 :]
                    line_total = total if not coarse else known.get((coarse, rest))
                    if line_total is None:
                        continue
                    known[(attrs, missing[0])] = line_total - sum(
                        known[(attrs, k)] or 0 for k in keys if k != missing[0]
                    )
                    changed = True
    for key in hidden:
        if known[key] is not None:
            recovered.append(f"{' × '.join(key[0])} = {', '.join(key[1])}: {known[key]}")
    return recovered


def test_hidden_sizes_cannot_be_recovered_across_tables(tmp_path: Path) -> None:
    """The outside check recovered a group of 7 from the intersections, from the stability tables and from the
    calibration table; with the tables suppressed together, sums and subtractions give back nothing."""
    cells = {
        ("a1", "b1"): (1, 1, 1, 1), ("a1", "b2"): (1, 0, 1, 1),
        ("a2", "b1"): (4, 4, 3, 4), ("a2", "b2"): (4, 3, 4, 4),
        ("a3", "b1"): (3, 3, 3, 3), ("a3", "b2"): (22, 22, 22, 22),
        ("a4", "b1"): (22, 22, 22, 23), ("a4", "b2"): (3, 3, 2, 3),
    }  # fmt: skip
    frame = _rows(cells, ("A", "B"))
    frame = frame.with_columns(pl.col("B").alias("period"), (pl.col("y") * 0.6 + 0.2).alias("score"))
    path = tmp_path / "d.parquet"
    frame.write_parquet(path)
    spec = AuditSpec(protected=("A", "B"), label="y", prediction="p", min_cell=10)
    for extra in ({}, {"period": "period"}, {"score": "score"}):
        result = run_audit(read_counts(path, replace(spec, **extra)))  # type: ignore[arg-type]
        assert groups_of(result, "A")["a1"]["n"] is None
        assert sizes_an_attacker_recovers(result) == [], extra


def test_outcome_counts_of_a_group_cannot_be_recovered_from_other_tables(tmp_path: Path) -> None:
    """a2 is never selected (its tp = fp = 0 are known from its selection rate of 0), a3's outcome rates are hidden,
    S is published in full: the sums of S gave back a3's tp and fp. Now a second group's outcome rates are hidden
    beside a3's; and the counts table is a full grid (a missing row no longer says "0")."""
    cells = {
        ("a1", "s1"): (60, 20, 20, 100), ("a1", "s2"): (60, 20, 20, 100),
        ("a2", "s1"): (0, 0, 20, 20), ("a2", "s2"): (0, 0, 20, 20),
        ("a3", "s1"): (20, 15, 25, 60), ("a3", "s2"): (20, 15, 25, 60),
        ("a4", "s1"): (60, 20, 20, 100), ("a4", "s2"): (60, 20, 20, 100),
    }  # fmt: skip
    path = tmp_path / "d.parquet"
    _rows(cells, ("A", "S")).write_parquet(path)
    result = run_audit(read_counts(path, AuditSpec(protected=("A", "S"), label="y", prediction="p", min_cell=50)))
    a = groups_of(result, "A")
    hidden = [label for label, g in a.items() if g["counts"] is None and g["metrics"]["selection_rate"].get("value")]
    assert "a3" in hidden and len(hidden) >= 2  # a3 no longer alone among the groups that hide tp and fp
    rows = result["counts"]["rows"]
    assert len(rows) == 4 * len({(r["A"], r["S"]) for r in rows})  # every cell listed, zeros included


def test_the_missing_count_is_hidden_with_its_group(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    body = "".join(
        f"{g},{y},{p}\n" for g, n in (("a", 200), ("b", 150), ("", 3)) for y, p in [(1, 1), (0, 0)] * (n // 2)
    )
    path.write_text("group,outcome,decision\n" + body + ",1,0\n")
    result = run_audit(read_counts(path, replace(SPEC, missing="group")))
    missing = result["input"]["missing_protected"]
    assert groups_of(result, "group")["(missing)"]["n"] is None
    assert missing["rows"] is None and missing["by_column"] == {"group": None}


def test_nan_written_as_text_is_a_missing_value(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("group,outcome,decision\na,1,1\nNaN,0,1\nb,1,0\nnan,1,1\n")
    with pytest.raises(AuditInputError, match="2 empty or missing cells"):
        read_counts(path, SPEC)
    assert read_counts(path, replace(SPEC, missing="drop")).rows == 2


def test_numbers_are_rounded_not_cut() -> None:
    with translation.override("en"):
        assert report.ratio(1.25083) == "1.251" and report.ratio(0.666) == "0.67"
        assert report.percent(0.51494) == "51.5\u00a0%" and report.percent(0.2998) == "30.0\u00a0%"
