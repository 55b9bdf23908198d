"""Text files as people's spreadsheets read and write them: decoding uploads, and cells a spreadsheet must not run
as formulas. Pure Python.

Belgian and Dutch exports often come as Windows-1252 or Latin-1, with a byte-order mark, or as UTF-16: a file is
read as UTF-8 when it is valid UTF-8 (a BOM is dropped), as UTF-16 when it starts with a UTF-16 BOM, else as
Windows-1252 (a superset of Latin-1's printable characters), else Latin-1, which reads any bytes.
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass

FALLBACKS = (("cp1252", "Windows-1252"), ("latin-1", "Latin-1 (ISO 8859-1)"))


@dataclass(frozen=True)
class Decoded:
    text: str
    fallback: str = ""  # the encoding read with when the file is not UTF-8; "" when it is
    first_bad_line: int = 0  # where the file stops being UTF-8


def decode_text(data: bytes) -> Decoded:
    """The text of ``data``; ``UnicodeDecodeError`` only for a file that starts as UTF-16 and is not."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(data.decode("utf-16"))
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
    for encoding, label in FALLBACKS:
        try:
            return Decoded(data.decode(encoding), label, line)
        except UnicodeDecodeError:
            continue
    raise AssertionError("Latin-1 decodes any bytes")  # pragma: no cover


DELIMITERS = (",", ";", "\t", "|")


def detect_delimiter(sample: str, *, default: str = ",", records: int = 20) -> str:
    """The delimiter of a CSV from its beginning (the header first): the candidate that splits the header into the
    most fields, where most of the records after it (quotes and line breaks in cells respected) have exactly as many
    (a ragged or broken row is the reader's to report); ``default`` when none splits the header. The one rule for
    every upload: register imports, panel files, audit decisions."""
    best, best_fields = default, 1
    for candidate in DELIMITERS:
        try:
            rows = [
                row
                for row in itertools.islice(csv.reader(io.StringIO(sample, newline=""), delimiter=candidate), records)
                if any(cell.strip() for cell in row)
            ]
        except csv.Error:
            continue
        if not rows:
            continue
        fields = len(rows[0])
        body = rows[1:-1] if len(rows) > 2 else rows[1:]  # the sample may end inside its last record
        exact = sum(len(row) == fields for row in body)
        if fields > best_fields and exact * 2 >= len(body):
            best, best_fields = candidate, fields
    return best


# Cells starting with one of these are run as formulas by spreadsheet programs (CSV injection, OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Prefix a quote to cells a spreadsheet would evaluate as a formula."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def spreadsheet_unsafe(value: str) -> str:
    """Undo ``spreadsheet_safe`` on reading our own files: a leading quote before a formula character."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value
