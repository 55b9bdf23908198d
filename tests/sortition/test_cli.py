"""``algoscope panel select`` and ``panel verify``: files written, the draw re-done from the public files alone."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from algoscope.sortition.engine.verifier import draw_ticket, sha256

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
        "2026 11 22",
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
    drawn_file = json.loads((public / "draw.json").read_text())
    manifest = sha256((public / "manifest.json").read_bytes())
    assert drawn_file["seed"] == "2026 11 22" and report["lottery"]["size"] == 300
    assert drawn_file["manifest_sha256"] == manifest and "seed" not in report
    verified = run("verify", str(public), "--seed", "2026-11-22", "--manifest", manifest)  # the same numbers
    lines = verified.splitlines()
    assert lines[0] == f"manifest SHA-256: {manifest}" and lines[-1] == "verified"
    assert lines[1].startswith(f"seed '2026 11 22' draws ticket {drawn_file['ticket']}: ")
    assert drawn_file["ticket"] == draw_ticket("2026 11 22", manifest, 300)
    pseudonyms = dict(csv.reader((tmp_path / "pseudonyms.csv").open()))
    drawn = sorted(pseudonyms[row["unique_id"]] for row in panel)
    assert lines[1].split(": ")[1].split() == drawn


def test_verify_fails_loudly_on_another_seed(tmp_path: Path) -> None:
    """The outside check: "2026-12-06 Lotto" and "2026-12-06 lotto" both verified, each with its own ticket."""
    folder = DATA / "sf_fixture_22"
    args = ["--respondents", str(folder / "candidates.csv"), "--categories", str(folder / "features.csv")]
    with pytest.raises(CommandError, match="'Lotto' is not a number"):
        run("select", *args, "--size", "22", "--seed", "2026-12-06 Lotto", "--out", str(tmp_path))
    run("select", *args, "--size", "22", "--seed", "7 19 23 31 38 44 (12)", "--lottery-size", "100",
        "--out", str(tmp_path))  # fmt: skip
    public = str(tmp_path / "public")
    assert run("verify", public, "--seed", "7, 19, 23, 31, 38, 44, 12").splitlines()[-1] == "verified"
    with pytest.raises(CommandError) as caught:
        run("verify", public, "--seed", "7 19 23 31 38 44 13")
    message = str(caught.value)
    assert "the seed you gave (7 19 23 31 38 44 13) is not the published seed (7 19 23 31 38 44 12)" in message
    assert "draws ticket" in message and "the published draw says ticket" in message
    with pytest.raises(CommandError, match="'lotto' is not a number"):
        run("verify", public, "--seed", "2026-12-06 lotto")
    with pytest.raises(CommandError, match=r"manifest\.json has the SHA-256"):
        run("verify", public, "--manifest", "0" * 64)


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
        "1 2 3",
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
    assert "lottery.csv is not the published file" in str(caught.value)


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
