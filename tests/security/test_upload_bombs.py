"""Workbooks built to exhaust the server: refused from the zip directory or while reading, quickly, naming the
limit, and never echoing the content back."""

from __future__ import annotations

import io
import time
from typing import Any

import openpyxl
import pytest

from algoscope.interop.standards import files
from algoscope.interop.standards.files import FileRejected, read_xlsx

COLUMNS = ["name", "description_short"]


def workbook(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_huge_cell(characters: int) -> bytes:
    """A workbook whose one cell holds ``characters`` characters (Excel and openpyxl stop at 32,767 when writing;
    a hostile file need not): written small, then the cell's text replaced inside the zip."""
    import zipfile

    small = workbook([COLUMNS, ["PLACEHOLDER", "y"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(small)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename).replace(b"PLACEHOLDER", b"x" * characters)
            target.writestr(item.filename, content)
    return out.getvalue()


def refusal(data: bytes) -> str:
    started = time.perf_counter()
    with pytest.raises(FileRejected) as refused:
        read_xlsx(data, "bomb.xlsx", [], known_columns=COLUMNS)
    assert time.perf_counter() - started < 5
    return refused.value.finding.message


def test_a_cell_that_unpacks_to_megabytes_is_refused_from_the_directory(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", 1024 * 1024)
    data = with_huge_cell(3_000_000)
    assert len(data) < 100_000  # a small upload
    message = refusal(data)
    assert "unpacks to 3 MB" in message and "the limit is 1 MB" in message and "xxxx" not in message


@pytest.mark.parametrize(
    ("limit", "value", "rows", "expected"),
    [
        (
            "MAX_CELLS",
            1_000,
            [COLUMNS + [f"c{i}" for i in range(18)]] + [["a"] * 20 for _ in range(100)],
            "more than 1,000 cells",
        ),
        ("MAX_COLUMNS", 10, [COLUMNS + [f"c{i}" for i in range(9)]], "row 1 has more than 10 columns"),
        ("MAX_ROWS", 50, [COLUMNS] + [["a", "b"] for _ in range(60)], "more than 50 rows"),
        ("MAX_CELL_CHARACTERS", 100, [COLUMNS, ["ok", "z" * 150]], "row 2, column 2: a cell of 150 characters"),
    ],
)
def test_reading_stops_at_each_limit(monkeypatch, limit: str, value: int, rows: list[list[Any]], expected: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(files, limit, value)
    message = refusal(workbook(rows))
    assert expected in message and "zzzz" not in message


def test_a_workbook_within_the_limits_reads() -> None:
    table = read_xlsx(
        workbook([COLUMNS, ["Parkeerscan", "Scanauto's lezen kentekens."]]), "ok.xlsx", [], known_columns=COLUMNS
    )
    assert [row for _number, row in table.rows] != []
