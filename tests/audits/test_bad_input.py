"""Bad decision files get an error naming the file, the column and the row; good variants are read."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from algoscope.audits.engine.audit import run_audit
from algoscope.audits.engine.counts import read_counts
from algoscope.audits.engine.errors import AuditInputError
from algoscope.audits.engine.spec import AuditSpec

SPEC = AuditSpec(protected=("group",), label="outcome", prediction="decision")


def write(tmp_path: Path, text: str, name: str = "decisions.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def error(path: Path, spec: AuditSpec = SPEC) -> str:
    with pytest.raises(AuditInputError) as exc:
        read_counts(path, spec)
    return exc.value.message


def test_a_misnamed_column_is_named_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "Group,outcome,decison\na,1,0\n")
    message = error(path)
    assert "decisions.csv, column 'group': no such column; did you mean 'Group'?" in message
    assert "column 'decision': no such column; did you mean 'decison'?" in message


def test_non_binary_labels(tmp_path: Path) -> None:
    assert "column 'outcome': is not binary: it has the values '1', '0', '2'" in error(
        write(tmp_path, "group,outcome,decision\na,1,0\nb,0,1\nc,2,1\n")
    )
    text = write(tmp_path, "group,outcome,decision\na,fraud,0\nb,ok,1\n")
    assert "say which one means a positive outcome" in error(text)
    spec = AuditSpec(protected=("group",), label="outcome", prediction="decision", positive_label="fraud")
    counts = read_counts(text, spec)
    assert counts.table.filter(pl.col("group") == "a")["y_true"].to_list() == [1]
    assert counts.positive == {"outcome": "fraud", "decision": "1"}


def test_empty_and_nan_cells_name_their_rows(tmp_path: Path) -> None:
    message = error(write(tmp_path, "group,outcome,decision\na,1,0\n,0,1\nb,1,\nc, ,1\n"))
    assert "decisions.csv, column 'group', row 3: 1 empty or missing cell (row 3)" in message
    assert "column 'outcome', row 5" in message and "column 'decision', row 4" in message
    frame = pl.DataFrame({"group": ["a", "b"], "outcome": [1.0, float("nan")], "decision": [1, 0]})
    frame.write_parquet(tmp_path / "nan.parquet")
    assert "nan.parquet, column 'outcome', row 2" in error(tmp_path / "nan.parquet")


def test_a_protected_attribute_with_10000_values_is_refused(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {"group": [f"id{i}" for i in range(10_000)], "outcome": [1] * 10_000, "decision": [0] * 10_000}
    )
    frame.write_parquet(tmp_path / "ids.parquet")
    assert "column 'group': has 10,000 distinct values" in error(tmp_path / "ids.parquet")


def test_empty_files(tmp_path: Path) -> None:
    assert error(write(tmp_path, "")) == "decisions.csv: the file is empty"
    assert error(write(tmp_path, "group,outcome,decision\n")) == "decisions.csv: the file has no data rows"


def test_a_truncated_parquet_file(tmp_path: Path) -> None:
    pl.DataFrame({"group": ["a"] * 1000, "outcome": [1] * 1000, "decision": [0] * 1000}).write_parquet(
        tmp_path / "x.parquet"
    )
    data = (tmp_path / "x.parquet").read_bytes()
    (tmp_path / "cut.parquet").write_bytes(data[: len(data) // 2])
    assert "cut.parquet: truncated Parquet file" in error(tmp_path / "cut.parquet")
    (tmp_path / "bad.parquet").write_bytes(data[:4] + b"\0" * 20 + data[-4:])
    assert "bad.parquet: damaged Parquet file" in error(tmp_path / "bad.parquet")


def test_delimiters_are_detected_and_a_wrong_one_is_explained(tmp_path: Path) -> None:
    for delimiter in (";", "\t", "|"):
        path = write(tmp_path, f"group{delimiter}outcome{delimiter}decision\na{delimiter}1{delimiter}0\n")
        assert read_counts(path, SPEC).delimiter == delimiter
    forced = AuditSpec(protected=("group",), label="outcome", prediction="decision", delimiter=",")
    message = error(write(tmp_path, "group;outcome;decision\na;1;0\n"), forced)
    assert "Columns (read with delimiter ','): group;outcome;decision" in message


def test_encodings(tmp_path: Path) -> None:
    latin = write(tmp_path, "group,outcome,decision\nBelgië,1,0\nFrançais,0,1\n", encoding="latin-1")
    message = error(latin)
    assert "decisions.csv, row 2: not valid UTF-8" in message and "--encoding latin-1" in message
    spec = AuditSpec(protected=("group",), label="outcome", prediction="decision", encoding="latin-1")
    assert sorted(read_counts(latin, spec).table["group"].to_list()) == ["België", "Français"]
    bom = write(tmp_path, "\ufeffgroup,outcome,decision\na,1,0\n", name="bom.csv")
    assert read_counts(bom, SPEC).rows == 1  # a byte-order mark is not part of the first column's name
    utf16 = tmp_path / "utf16.csv"  # Excel's "Unicode text": the byte-order mark says so, whatever was declared
    utf16.write_text("group;outcome;decision\nBelgië;1;0\nFrançais;0;1\n", encoding="utf-16")
    assert sorted(read_counts(utf16, SPEC).table["group"].to_list()) == ["België", "Français"]


def test_a_reference_group_that_does_not_exist(tmp_path: Path) -> None:
    spec = AuditSpec(protected=("group",), label="outcome", prediction="decision", reference={"group": "z"})
    counts = read_counts(write(tmp_path, "group,outcome,decision\na,1,0\nb,0,1\n"), spec)
    with pytest.raises(AuditInputError, match="column 'group': has no group 'z' to use as reference; groups: a, b"):
        run_audit(counts)


def test_a_score_that_is_not_a_number(tmp_path: Path) -> None:
    spec = AuditSpec(protected=("group",), label="outcome", prediction="decision", score="score")
    message = error(write(tmp_path, "group,outcome,decision,score\na,1,0,0.5\nb,0,1,high\n"), spec)
    assert message == "decisions.csv, column 'score', row 3: is not a number: 'high'"


def test_large_values_of_a_real_file_are_counted_exactly(synthetic_parquet: Path) -> None:
    spec = AuditSpec(protected=("sex", "region"), label="y_true", prediction="y_pred")
    counts = read_counts(synthetic_parquet, spec)
    frame = pl.read_parquet(synthetic_parquet)
    assert counts.rows == 50_000 == int(counts.table["n"].sum())
    expected = frame.filter((pl.col("sex") == "F") & (pl.col("region") == "OTH") & (pl.col("y_pred") == 1)).height
    got = counts.table.filter((pl.col("sex") == "F") & (pl.col("region") == "OTH") & (pl.col("y_pred") == 1))["n"].sum()
    assert got == expected
    assert np.isclose(counts.table["n"].sum(), frame.height)


def test_the_text_nan_in_a_csv_is_missing_as_in_parquet(tmp_path: Path) -> None:
    """The text "NaN" is how pandas writes a missing number into a CSV: it is an empty cell, as a Parquet NaN is (it was
    read as a value, so a protected column's "NaN" became a group while a Parquet NaN was refused)."""
    message = error(write(tmp_path, "group,outcome,decision\na,1,0\nb,NaN,1\nc,0,1\n"))
    assert message == ("decisions.csv, column 'outcome', row 3: 1 empty or missing cell (row 3); fill or remove them")


def test_a_misnamed_scan_feature_is_named_like_any_column(tmp_path: Path) -> None:
    spec = AuditSpec(protected=("group",), label="outcome", prediction="decision", scan_features=("Income",))
    message = error(write(tmp_path, "group,outcome,decision,income\na,1,0,3\n"), spec)
    assert "column 'Income': no such column; did you mean 'income'?" in message
