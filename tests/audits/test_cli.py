"""``algoscope audit run``: JSON, HTML and PDF from a decisions file, without a database."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_cli_writes_json_html_and_pdf(compas_csv: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "audit",
        "run",
        str(compas_csv),
        "--protected",
        "race,sex",
        "--label",
        "recidivism",
        "--prediction",
        "high_risk",
        "--score",
        "decile_score",
        "--period",
        "year",
        "--reference",
        "race=Caucasian",
        "--min-cell",
        "20",
        "--json",
        str(tmp_path / "a.json"),
        "--html",
        str(tmp_path / "a.html"),
        "--pdf",
        str(tmp_path / "a.pdf"),
        "--title",
        "COMPAS",
        stdout=out,
    )
    assert "6,172 rows, 3 groupings" in out.getvalue()
    result = json.loads((tmp_path / "a.json").read_text())
    assert result["parameters"]["min_cell"] == 20 and result["input"]["rows"] == 6172
    assert result["counts"]["suppressed_cells"] > 0  # small cells are not published
    assert len(result["input"]["sha256"]) == 64
    assert result["calibration"] and result["stability"][0]["periods"] == ["2013", "2014", "2015"]
    html = (tmp_path / "a.html").read_text()
    assert "Significant disparity" in html and "<svg" in html and result["input"]["sha256"] in html
    assert html.count('id="c') == len(set(part.split('"')[0] for part in html.split('id="c')[1:]))  # unique ids
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "a.pdf").pages)
    assert "COMPAS" in text and "African-American" in text and "Methods" in text
    assert not list(tmp_path.glob("*.part"))


def test_cli_errors_name_file_column_and_row(tmp_path: Path) -> None:
    bad = tmp_path / "d.csv"
    bad.write_text("group,outcome,decision\na,1,0\nb,,1\n")
    with pytest.raises(CommandError, match=r"d.csv, column 'outcome', row 3: 1 empty or missing cell"):
        call_command(
            "audit",
            "run",
            str(bad),
            "--protected",
            "group",
            "--label",
            "outcome",
            "--prediction",
            "decision",
            "--json",
            str(tmp_path / "o.json"),
        )
    assert not (tmp_path / "o.json").exists()


@pytest.mark.slow
def test_cli_needs_no_database(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("group;outcome;decision\n" + "a;1;0\nb;0;1\na;0;0\nb;1;1\n" * 10)
    env = {**os.environ, "DATABASE_URL": "sqlite:////nonexistent-dir/no.sqlite3", "ALGOSCOPE_DEBUG": "1"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "algoscope",
            "audit",
            "run",
            str(data),
            "--protected",
            "group",
            "--label",
            "outcome",
            "--prediction",
            "decision",
            "--json",
            str(tmp_path / "o.json"),
            "--html",
            str(tmp_path / "o.html"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "o.json").read_text())["input"]["delimiter"] == ";"
