"""Reading and writing the files themselves: size, encoding, JSON, CSV dialect, spreadsheet-safe cells. Pure Python.

Belgian and Dutch exports often come as Windows-1252 or Latin-1, with a BOM, or with ``;`` as the delimiter
(what spreadsheet programs write in locales with a decimal comma). A file is decoded as UTF-8 when it is valid
UTF-8, else as Windows-1252 (a superset of Latin-1's printable characters) with a notice; a CSV's delimiter is
the one whose header names the standard's columns.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from algoscope.common.messages import gettext_noop as _
from algoscope.register.interop.model import Finding

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DELIMITERS = (",", ";", "\t", "|")


class FileRejected(Exception):
    """The file as a whole cannot be read; ``finding`` says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(str(finding))
        self.finding = finding


def _reject(file: str, template: str, field: str = "", **params: Any) -> FileRejected:
    return FileRejected(Finding("error", file, field, template, params=params))


def check_size(file: str, size: int, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    if size > max_bytes:
        raise _reject(
            file,
            _("the file is {size} MB; the limit is {limit} MB"),
            size=f"{size / 1_048_576:.1f}",
            limit=f"{max_bytes / 1_048_576:.0f}",
        )
    if size == 0:
        raise _reject(file, _("the file is empty"))


def decode(data: bytes, file: str, findings: list[Finding]) -> str:
    """Text of ``data``: UTF-8 (a BOM is dropped), else Windows-1252 or Latin-1 with a warning."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _reject(
                file, _("the file starts as UTF-16 but is not valid UTF-16 ({reason})"), reason=exc.reason
            ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        for encoding, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1 (ISO 8859-1)")):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            findings.append(
                Finding(
                    "warning",
                    file,
                    "",
                    _(
                        "not UTF-8 (first invalid byte on line {line}); read as {encoding}. Check accented letters in "
                        "the preview, and save as UTF-8 next time"
                    ),
                    params={"line": line, "encoding": label},
                )
            )
            break
    if "\x00" in text:
        raise _reject(file, _("the file contains NUL characters: it is not a text file (is it an Excel workbook?)"))
    return text


def load_json(text: str, file: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _reject(
            file,
            _("not valid JSON: {reason} at line {line}, column {column}"),
            reason=exc.msg,
            line=exc.lineno,
            column=exc.colno,
        ) from None


@dataclass
class CsvTable:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number, cells by column)
    delimiter: str


def read_csv(
    text: str,
    file: str,
    findings: list[Finding],
    *,
    known_columns: Sequence[str],
    aliases: dict[str, str] | None = None,
    expected_delimiter: str = ",",
) -> CsvTable:
    """Rows of a CSV whose header names the standard's columns; the delimiter is detected from the header."""
    aliases = aliases or {}
    known = set(known_columns)

    def canonical(name: str) -> str:
        name = name.strip().strip('"').strip()
        return name if name in known else aliases.get(name.casefold(), name)

    first_line = text.split("\n", 1)[0]
    best: tuple[int, str] = (0, expected_delimiter)
    for delimiter in DELIMITERS:
        header = next(csv.reader([first_line], delimiter=delimiter), [])
        hits = sum(canonical(h) in known for h in header)
        if hits > best[0] or (hits == best[0] and delimiter == expected_delimiter):
            best = (hits, delimiter)
    hits, delimiter = best
    if hits == 0:
        raise _reject(
            file,
            _(
                "the header names none of this standard's columns (expected e.g. {columns}); is it the right "
                "standard, with a header row?"
            ),
            "",
            columns=", ".join(list(known_columns)[:4]),
        )
    if delimiter != expected_delimiter:
        findings.append(
            Finding(
                "warning",
                file,
                "",
                _("the columns are separated by {found}, not by this standard's {expected}; read with {found}"),
                line=1,
                params={"found": _delimiter_name(delimiter), "expected": _delimiter_name(expected_delimiter)},
            )
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        raw_header = next(reader)
    except csv.Error as exc:
        raise _reject(file, _("the header is not valid CSV: {reason}"), reason=str(exc)) from None
    header = [canonical(h) for h in raw_header]
    seen: set[str] = set()
    for name in header:
        if name in seen and name:
            raise _reject(file, _("the column {name!r} appears twice in the header"), name, name=name)
        seen.add(name)
    unknown = [h for h in header if h and h not in known]
    for name in unknown:
        findings.append(Finding("error", file, name, _("not a column of this standard"), line=1))
    rows: list[tuple[int, dict[str, str]]] = []
    line = reader.line_num
    try:
        for cells in reader:
            start = line + 1
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                findings.append(
                    Finding(
                        "error",
                        file,
                        "",
                        _(
                            "{cells} cells where the header has {columns} columns "
                            "(a stray {delimiter} or an unclosed quote?)"
                        ),
                        line=start,
                        params={"cells": len(cells), "columns": len(header), "delimiter": _delimiter_name(delimiter)},
                    )
                )
                continue
            rows.append((start, {h: c for h, c in zip(header, cells, strict=True) if h}))
    except csv.Error as exc:
        raise _reject(file, _("line {line}: not valid CSV ({reason})"), line=reader.line_num, reason=str(exc)) from None
    return CsvTable(header=[h for h in header if h in known], rows=rows, delimiter=delimiter)


def _delimiter_name(delimiter: str) -> str:
    return {",": "','", ";": "';'", "\t": "'\\t'", "|": "'|'"}[delimiter]


def spreadsheet_safe(value: str) -> str:
    """Prefix a quote to cells a spreadsheet would evaluate as a formula (CSV injection, OWASP)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def spreadsheet_unsafe(value: str) -> str:
    """Undo ``spreadsheet_safe`` on reading our own exports: a leading quote before a formula character."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[str]], *, delimiter: str = ",") -> bytes:
    """CSV with a BOM (spreadsheet programs then read UTF-8), every cell quoted and formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
