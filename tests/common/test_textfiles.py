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


def test_large_files_follow_the_same_byte_order_mark_rule(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from algoscope.common.textfiles import CHUNK, first_bad_utf8, streamed_encoding, utf8_copy

    path = tmp_path / "f.csv"
    path.write_bytes(b"\xef\xbb\xbfa;b\n")
    assert streamed_encoding(path, "latin-1") == "utf-8-sig"
    path.write_text("a;b\n", encoding="utf-16")
    assert streamed_encoding(path) == "utf-16"
    path.write_bytes(b"a;b\n")
    assert streamed_encoding(path, "LATIN1") == "iso8859-1"
    with pytest.raises(LookupError):
        streamed_encoding(path, "klingon")
    # a two-byte character split across the chunk boundary is fine; a stray byte is found with its line
    text = "x" * (CHUNK - 1) + "é\n"
    path.write_bytes(text.encode() + b"ok\n\xe9t\xe9\n")
    bad = first_bad_utf8(path)
    assert bad is not None and (bad.line, bad.byte, bad.offset) == (3, 0xE9, len(text.encode()) + 3)
    path.write_bytes(text.encode())
    assert first_bad_utf8(path) is None
    path.write_bytes(b"caf\xc3")  # ends inside a character
    assert first_bad_utf8(path) is not None
    path.write_bytes("België\n".encode("cp1252"))
    copy = utf8_copy(path, "cp1252")
    assert copy.read_text(encoding="utf-8") == "België\n"
    copy.unlink()
    path.write_bytes(b"\x81\x8d")  # undefined in Windows-1252
    before = set(tmp_path.iterdir())
    with pytest.raises(UnicodeDecodeError):
        utf8_copy(path, "cp1252")
    assert set(tmp_path.iterdir()) == before
