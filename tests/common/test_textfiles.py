"""The one delimiter rule for every upload (register imports, panel files, audit decisions)."""

from __future__ import annotations

import pytest

from algoscope.common.textfiles import detect_delimiter


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("naam;geslacht;leeftijd\nAn;v;34\nBen;m;51\n", ";"),
        ('"Gender, self-described";age;region\nwoman;34;BE-VLG\nman;51;BE-WAL\n', ";"),  # commas inside quotes
        ('"Gender, self-described, other";age\nwoman;34\nman;51\n', ";"),  # more commas than semicolons
        ('name,description\nA,"two\nlines, with a comma"\nB,short\n', ","),  # a line break inside a cell
        ("a\tb\tc\n1\t2\t3\n4\t5\n", "\t"),  # a ragged last row
        ("a|b\n1|2\n", "|"),
        ("only\none\ncolumn\n", ","),  # nothing splits it: the default
        ("", ","),
        ("x;y\n1;2\n3;4;5;6;7\n1;2\n1;2\n", ";"),  # one over-long row among good ones: the reader reports it
    ],
)
def test_the_delimiter_is_the_one_that_splits_the_header_and_the_records_alike(sample: str, expected: str) -> None:
    assert detect_delimiter(sample) == expected


def test_a_file_of_one_column_keeps_the_standard_s_delimiter() -> None:
    assert detect_delimiter("name\nParkeren\n", default=";") == ";"


def test_commas_in_a_semicolon_file_do_not_win() -> None:
    """A Dutch export: decimal commas in every row, semicolons between cells."""
    sample = "score;label;group\n0,71;1;a\n0,12;0;b\n0,55;1;a\n"
    assert detect_delimiter(sample) == ";"
