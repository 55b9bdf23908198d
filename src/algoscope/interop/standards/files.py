"""Reading and writing the files themselves: size, encoding, JSON, CSV dialect, spreadsheet-safe cells. Pure Python.

Belgian and Dutch exports often come as Windows-1252 or Latin-1, with a BOM, or with ``;`` as the delimiter
(what spreadsheet programs write in locales with a decimal comma). A file is decoded as UTF-8 when it is valid
UTF-8, else as Windows-1252 (a superset of Latin-1's printable characters) with a notice; a CSV's delimiter is
the one whose header names the standard's columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell

from algoscope.common.messages import Text
from algoscope.common.messages import gettext_noop as _
from algoscope.common.textfiles import decode_text, detect_delimiter, spreadsheet_safe
from algoscope.interop.standards.model import Finding

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "jsonld": "application/ld+json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_ROWS = 100_000  # per sheet: a register has hundreds of records; this bounds what a small file can unpack to
# A workbook is a zip file: a few hundred kilobytes can unpack to gigabytes. What it may unpack to is checked from
# its directory before anything is parsed, and what is read is counted while reading.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ZIP_MEMBERS = 2_000
MAX_CELLS = 1_000_000  # a register of a few thousand records with a hundred columns
MAX_COLUMNS = 500
MAX_CELL_CHARACTERS = 100_000
_FIXED_DATE = dt.datetime(2000, 1, 1)  # so that the same records give the same bytes


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
    """Text of ``data`` (``common.textfiles``), with a warning when it is not UTF-8."""
    try:
        decoded = decode_text(data)
    except UnicodeDecodeError as exc:
        raise _reject(
            file, _("the file starts as UTF-16 but is not valid UTF-16 ({reason})"), reason=exc.reason
        ) from None
    text = decoded.text
    if decoded.fallback:
        findings.append(
            Finding(
                "warning",
                file,
                "",
                _(
                    "not UTF-8 (first invalid byte on line {line}); read as {encoding}. Check accented letters in "
                    "the preview, and save as UTF-8 next time"
                ),
                params={"line": decoded.first_bad_line, "encoding": decoded.fallback},
            )
        )
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
            reason=library_message(exc.msg),
            line=exc.lineno,
            column=exc.colno,
        ) from None


# The standard library's parser messages, marked here so that they are shown in the reader's language too.
_LIBRARY_MESSAGES = (
    _("Expecting value"),
    _("Expecting ':' delimiter"),
    _("Expecting ',' delimiter"),
    _("Expecting property name enclosed in double quotes"),
    _("Unterminated string starting at"),
    _("Extra data"),
    _("Invalid control character at"),
    _("Invalid \\escape"),
    _("Invalid \\uXXXX escape"),
    _("unexpected end of data"),
    _("line contains NUL"),
    _("new-line character seen in unquoted field"),
    _("File is not a zip file"),
)
_FIELD_LIMIT = re.compile(r"field larger than field limit \((\d+)\)")


def library_message(text: str) -> Text | str:
    """A message of Python's ``json`` or ``csv`` module as a translatable text (unknown ones stay as they are)."""
    for known in _LIBRARY_MESSAGES:
        if text == known or text.startswith(known + " - "):
            return Text(known)
    if m := _FIELD_LIMIT.fullmatch(text):
        return Text(_("a cell is longer than {limit} characters"), limit=int(m.group(1)))
    return text


NO_KNOWN_COLUMNS = _(
    "the header names none of this standard's columns (expected e.g. {columns}); is it the right standard, with a "
    "header row?"
)


def _canonical(known: set[str], aliases: dict[str, str]) -> Callable[[str], str]:
    """A header cell as the standard's column name: itself, or the column it is an alias (a label) of."""

    def canonical(name: str) -> str:
        name = name.strip().strip('"').strip()
        return name if name in known else aliases.get(name.casefold(), name)

    return canonical


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
    known = set(known_columns)
    canonical = _canonical(known, aliases or {})

    delimiter = detect_delimiter(text[:65536], default=expected_delimiter)
    first_line = text.split("\n", 1)[0]
    hits = sum(canonical(h) in known for h in next(csv.reader([first_line], delimiter=delimiter), []))
    if hits == 0:
        raise _reject(file, NO_KNOWN_COLUMNS, "", columns=", ".join(list(known_columns)[:4]))
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
        raise _reject(file, _("the header is not valid CSV: {reason}"), reason=library_message(str(exc))) from None

    def lines() -> Iterator[tuple[int, list[str]]]:
        line = reader.line_num
        try:
            for cells in reader:
                start, line = line + 1, reader.line_num
                yield start, cells
        except csv.Error as exc:
            raise _reject(
                file, _("line {line}: not valid CSV ({reason})"), line=reader.line_num, reason=library_message(str(exc))
            ) from None

    header, rows = _table(raw_header, lines(), file, findings, known, canonical, _delimiter_name(delimiter))
    return CsvTable(header=header, rows=rows, delimiter=delimiter)


def _table(
    raw_header: Sequence[str],
    lines: Iterable[tuple[int, list[str]]],
    file: str,
    findings: list[Finding],
    known: set[str],
    canonical: Callable[[str], str],
    delimiter: str,
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header checked (duplicated and unknown columns) and the non-empty rows by column."""
    header = [canonical(h) for h in raw_header]
    seen: set[str] = set()
    for name in header:
        if name in seen and name:
            raise _reject(file, _("the column {name!r} appears twice in the header"), name, name=name)
        seen.add(name)
    for name in [h for h in header if h and h not in known]:
        findings.append(Finding("error", file, name, _("not a column of this standard"), line=1))
    rows: list[tuple[int, dict[str, str]]] = []
    for line, cells in lines:
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
                    line=line,
                    params={"cells": len(cells), "columns": len(header), "delimiter": delimiter},
                )
            )
            continue
        rows.append((line, {h: c for h, c in zip(header, cells, strict=True) if h}))
    return [h for h in header if h in known], rows


def read_xlsx(
    data: bytes,
    file: str,
    findings: list[Finding],
    *,
    known_columns: Sequence[str],
    aliases: dict[str, str] | None = None,
) -> CsvTable:
    """Rows of an Excel workbook (.xlsx): the sheet whose first row names the most of the standard's columns (only
    that sheet is read beyond its first row).

    Cells are read as the values a user sees: dates as ``YYYY-MM-DD``, whole numbers without ``.0``, formulas as
    their last computed value. "line" is the row number in the sheet.
    """
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _reject(file, _("an Excel 97–2003 workbook (.xls) is not read; save it as .xlsx or CSV"))
    known = set(known_columns)
    canonical = _canonical(known, aliases or {})
    _check_unpacked_size(data, file)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _reject(
            file,
            _("not a valid Excel workbook (.xlsx): {reason}"),
            reason=library_message(str(exc) or type(exc).__name__),
        ) from None
    try:

        def first_row(sheet: Any) -> list[str]:
            return [_cell_text(v) for v in next(sheet.iter_rows(max_row=1, values_only=True), ())]

        hits, sheet = max(
            ((sum(canonical(h) in known for h in first_row(sh)), sh) for sh in book.worksheets),
            key=lambda pair: pair[0],
            default=(0, None),
        )
        rows = []
        if hits and sheet is not None:
            rows = _read_rows(sheet, file)
    finally:
        book.close()
    if hits == 0:
        raise _reject(file, NO_KNOWN_COLUMNS, "", columns=", ".join(list(known_columns)[:4]))
    raw_header = rows[0]
    while raw_header and not raw_header[-1]:
        raw_header = raw_header[:-1]
    width = len(raw_header)
    lines = []
    for number, row in enumerate(rows[1:], 2):
        if any(row[width:]):
            findings.append(Finding("error", file, "", _("cells right of the last column of the header"), line=number))
            continue
        lines.append((number, (row + [""] * width)[:width]))
    header, table = _table(raw_header, lines, file, findings, known, canonical, "")
    return CsvTable(header=header, rows=table, delimiter="")


def _check_unpacked_size(data: bytes, file: str) -> None:
    """Refuse a workbook whose parts would unpack to more than ``MAX_UNPACKED_BYTES`` (a zip bomb), from the zip
    directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        return  # openpyxl says what is wrong with it
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        raise _reject(
            file,
            _("the workbook unpacks to {size} MB in {parts} parts; the limit is {limit} MB"),
            size=f"{unpacked / 1_048_576:.0f}",
            parts=len(members),
            limit=f"{MAX_UNPACKED_BYTES / 1_048_576:.0f}",
        )


def _read_rows(sheet: Any, file: str) -> list[list[str]]:
    """The sheet's rows as text, refusing, as soon as it is seen, a sheet over ``MAX_ROWS`` rows, ``MAX_COLUMNS``
    columns or ``MAX_CELLS`` cells, or a cell over ``MAX_CELL_CHARACTERS`` (named by row and column, never echoed)."""
    rows: list[list[str]] = []
    cells = 0
    for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
        if number > MAX_ROWS:
            raise _reject(file, _("the sheet {sheet!r} has more than {limit} rows"), sheet=sheet.title, limit=MAX_ROWS)
        if len(row) > MAX_COLUMNS:
            raise _reject(file, _("row {row} has more than {limit} columns"), row=number, limit=MAX_COLUMNS)
        cells += len(row)
        if cells > MAX_CELLS:
            raise _reject(file, _("the sheet has more than {limit} cells"), limit=f"{MAX_CELLS:,}")
        texts = [_cell_text(value) for value in row]
        for column, text in enumerate(texts, 1):
            if len(text) > MAX_CELL_CHARACTERS:
                raise _reject(
                    file,
                    _("row {row}, column {column}: a cell of {length} characters; the limit is {limit}"),
                    row=number,
                    column=column,
                    length=f"{len(text):,}",
                    limit=f"{MAX_CELL_CHARACTERS:,}",
                )
        rows.append(texts)
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[str]], *, sheet: str = "Export") -> bytes:
    """A one-sheet workbook, every cell text (never a formula), the same bytes for the same rows."""
    book = openpyxl.Workbook(write_only=True)
    book.properties.created = book.properties.modified = _FIXED_DATE
    out = book.create_sheet(sheet)
    out.append(list(header))
    for row in rows:
        out.append([_text_cell(out, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _text_cell(sheet: Any, value: str) -> Cell:
    """A cell that holds ``value`` as text, never as a formula (xlsx types its cells; no quote is needed)."""
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


def _fixed_zip_times(data: bytes) -> bytes:
    """The same workbook with every entry, and the document's "modified" property, dated ``_FIXED_DATE``."""
    stamp = _FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_DATE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def _delimiter_name(delimiter: str) -> str:
    return {",": "','", ";": "';'", "\t": "'\\t'", "|": "'|'"}[delimiter]


def write_csv(header: Sequence[str], rows: Iterable[Sequence[str]], *, delimiter: str = ",") -> bytes:
    """CSV with a BOM (spreadsheet programs then read UTF-8), every cell quoted and formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
