"""``algoscope panel select`` and ``panel verify``: files written, the draw re-done from the public files alone."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from algoscope.sortition.engine.lottery import draw_ticket

DATA = Path(__file__).resolve().parents[3] / "shared/data/sortition"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("panel", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_select_writes_the_panel_and_the_public_files_and_verify_redraws_it(tmp_path: Path) -> None:
    folder = DATA / "opendlp_monitor_30"
    summary = run(
        "select",
        "--respondents",
        str(folder / "respondents.csv"),
        "--categories",
        str(folder / "categories.csv"),
        "--size",
        "30",
        "--seed",
        "2026-11-22",
        "--lottery-size",
        "300",
        "--out",
        str(tmp_path),
    )
    assert "leximin: panel of 30 from 100 people" in summary and "min 0.2967" in summary
    panel = list(csv.DictReader((tmp_path / "panel.csv").open()))
    assert len(panel) == 30 and "first_name" in panel[0]  # the organisers' file has every column
    public = tmp_path / "public"
    respondents = (public / "respondents.csv").read_text()
    assert "Amina" not in respondents and "Oak Street" not in respondents  # no names, no addresses
    report = json.loads((public / "report.json").read_text())
    assert report["seed"] == "2026-11-22" and report["lottery"]["size"] == 300
    verified = run("verify", str(public), "--seed", "2026-11-22")
    assert verified.startswith(f"ticket {report['lottery']['ticket']}: ") and "verified" in verified
    pseudonyms = dict(csv.reader((tmp_path / "pseudonyms.csv").open()))
    drawn = sorted(pseudonyms[row["unique_id"]] for row in panel)
    assert verified.splitlines()[0].split(": ")[1].split() == drawn
    other = run("verify", str(public), "--seed", "another seed").splitlines()[0]
    expected = draw_ticket("another seed", (public / "lottery.csv").read_bytes(), 300)
    assert other.startswith(f"ticket {expected}: ")


def test_verify_fails_on_a_changed_lottery(tmp_path: Path) -> None:
    folder = DATA / "sf_fixture_22"
    run(
        "select",
        "--respondents",
        str(folder / "candidates.csv"),
        "--categories",
        str(folder / "features.csv"),
        "--size",
        "22",
        "--seed",
        "x",
        "--lottery-size",
        "50",
        "--out",
        str(tmp_path),
    )
    lottery = tmp_path / "public/lottery.csv"
    lines = lottery.read_text().splitlines()
    lines[1] = lines[1].rsplit(" ", 1)[0]  # one person fewer on ticket 1
    lottery.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError) as caught:
        run("verify", str(tmp_path / "public"))
    assert "SHA-256 differs" in str(caught.value) and "ticket 1: 21 people, not 22" in str(caught.value)


def test_bad_input_and_infeasible_quotas_are_clear_errors(tmp_path: Path) -> None:
    categories = tmp_path / "c.csv"
    respondents = tmp_path / "r.csv"
    categories.write_text("feature,value,min,max\ngender,f,3,3\ngender,m,0,3\n")
    respondents.write_text("id,gender\n1,f\n2,m\n3,m\n4,m\n5,x\n")
    args = [
        "select",
        "--respondents",
        str(respondents),
        "--categories",
        str(categories),
        "--size",
        "3",
        "--out",
        str(tmp_path / "out"),
    ]
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert "r.csv, row 6, column 'gender': 'x' is not a value of gender in c.csv" in str(caught.value)
    respondents.write_text("id,gender\n1,f\n2,m\n3,m\n4,m\n")
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert "infeasible quotas" in str(caught.value) and "gender: f: minimum 3 → 1" in str(caught.value)
    assert not (tmp_path / "out").exists()
