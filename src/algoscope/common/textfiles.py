"""Text files as people's spreadsheets read and write them: decoding uploads, and cells a spreadsheet must not run
as formulas. Pure Python.

Belgian and Dutch exports often come as Windows-1252 or Latin-1, with a byte-order mark, or as UTF-16: a file is
read as UTF-8 when it is valid UTF-8 (a BOM is dropped), as UTF-16 when it starts with a UTF-16 BOM, else as
Windows-1252 (a superset of Latin-1's printable characters), else Latin-1, which reads any bytes.

Files too large to hold in memory (an audit's millions of decisions) follow the same byte-order-mark rule, read in
chunks: ``streamed_encoding`` says how to read one, ``first_bad_utf8`` finds where it stops being UTF-8, and
``utf8_copy`` writes a UTF-8 copy of a file in another encoding.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

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


CHUNK = 1 << 20
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def text_encoding(name: str) -> str:
    """The codec's canonical name; ``LookupError`` unless it is a known encoding of text (base64, rot13 and
    the other byte-to-byte or text-to-text codecs are not)."""
    info = codecs.lookup(name)
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{name!r} is not a text encoding")
    return info.name


def streamed_encoding(path: Path, declared: str = "utf-8") -> str:
    """How to read a file: a byte-order mark decides (``utf-8-sig``, ``utf-16``), else the ``declared`` encoding
    (``LookupError`` for an unknown one, or one that is no text encoding, such as base64)."""
    declared = text_encoding(declared)
    with path.open("rb") as handle:
        head = handle.read(3)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(UTF16_BOMS):
        return "utf-16"
    return declared


@dataclass(frozen=True)
class BadByte:
    offset: int
    line: int  # 1-based
    byte: int


def first_bad_utf8(path: Path) -> BadByte | None:
    """Where a file stops being UTF-8, read in chunks (a character split across two chunks is fine)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, line = 0, 1
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            pending = decoder.getstate()[0]  # the start of a character the last chunk ended in
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                data = pending + chunk  # what the error's position counts in
                at = offset - len(pending) + exc.start
                return BadByte(at, line + data[: exc.start].count(b"\n"), data[exc.start])
            offset += len(chunk)
            line += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return BadByte(offset, line, 0)  # the file ends inside a character
    return None


def utf8_copy(path: Path, encoding: str, *, prefix: str = "algoscope-") -> Path:
    """A UTF-8 copy of a file read as ``encoding``, written in chunks to a temporary file the caller deletes;
    ``UnicodeError`` (and no copy left behind) when the file is not in that encoding (UTF-16 without a byte-order
    mark is one)."""
    descriptor, target = tempfile.mkstemp(prefix=prefix, suffix=".csv")
    try:
        with (
            path.open(encoding=encoding, newline="") as handle,
            os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out,
        ):
            while chunk := handle.read(CHUNK):
                out.write(chunk)
    except BaseException:
        Path(target).unlink(missing_ok=True)
        raise
    return Path(target)


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


# Characters that are not text: C0 controls but tab, line feed and carriage return; DEL; surrogates; the
# noncharacters (U+FDD0..U+FDEF and the last two code points of every plane). XML 1.0 refuses most of them, so one in
# a name would break every feed and export that carries it.
NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(re.escape(chr(plane * 0x10000 + last)) for plane in range(17) for last in (0xFFFE, 0xFFFF))
    + "]"
)


# Characters that change how the text around them is shown without being seen: bidirectional embeddings, overrides
# and isolates (a name could show reversed: "Trojan Source"), the zero-width no-break space, and the Unicode line
# and paragraph separators. None belongs in a name or a one-line field of a register in nl/fr/de/en.
HIDDEN_LAYOUT = re.compile("[\u202a-\u202e\u2066-\u2069\ufeff\u2028\u2029]")


def has_hidden_layout(value: str) -> bool:
    return HIDDEN_LAYOUT.search(value) is not None


def has_non_text(value: str) -> bool:
    return NOT_TEXT.search(value) is not None


def without_non_text(value: str) -> str:
    """``value`` without the characters that are not text (see ``NOT_TEXT``)."""
    return NOT_TEXT.sub("", value)


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
