"""Opening a decisions file: CSV (delimiter detected, encoding checked) or Parquet (checked for truncation)."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polars as pl

from algoscope.common.textfiles import detect_delimiter, first_bad_utf8, streamed_encoding, utf8_copy

from .errors import AuditInputError

PARQUET_MAGIC = b"PAR1"
CHUNK = 1 << 20
_HASHING = ThreadPoolExecutor(max_workers=2, thread_name_prefix="audit-sha256")
Progress = Callable[[str, float], None]


@dataclass
class Source:
    path: Path  # the file polars reads (a UTF-8 copy when the original was in another encoding)
    name: str  # the original file name, for messages
    format: Literal["csv", "parquet"]
    delimiter: str | None
    digest: Future[str]  # computed in a thread while polars reads the file
    size: int
    columns: tuple[str, ...]
    first_row: int  # the row number of the first data row as a person counts them (CSV: 2, after the header)
    temporary: bool = False

    @property
    def sha256(self) -> str:
        return self.digest.result()

    def scan(self) -> pl.LazyFrame:
        if self.format == "parquet":
            return pl.scan_parquet(self.path)
        return pl.scan_csv(self.path, separator=self.delimiter or ",", infer_schema=False)  # every column as text

    def close(self) -> None:
        if self.temporary:
            self.path.unlink(missing_ok=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def open_source(
    path: Path,
    *,
    delimiter: str | None = None,
    encoding: str = "utf-8",
    name: str | None = None,
) -> Source:
    """Check the file and learn its columns; raises :class:`AuditInputError` naming what is wrong.

    ``name`` is the file's name in messages and in the result (an upload's own name, not the stored copy's).
    """
    name = name or path.name
    if not path.is_file():
        raise AuditInputError.at(name, "no such file")
    size = path.stat().st_size
    if size == 0:
        raise AuditInputError.at(name, "the file is empty")
    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(max(0, size - 4))
        tail = handle.read(4)
    digest = _HASHING.submit(sha256_of, path)  # hashlib releases the GIL: this overlaps the reading
    if head == PARQUET_MAGIC:
        if tail != PARQUET_MAGIC:
            raise AuditInputError.at(name, "truncated Parquet file: the footer is missing (was the upload cut off?)")
        try:
            columns = tuple(pl.read_parquet_schema(path))
        except Exception as exc:  # polars raises several types for a damaged footer
            raise AuditInputError.at(name, f"damaged Parquet file: {exc}") from exc
        return Source(path, name, "parquet", None, digest, size, columns, first_row=1)
    return _open_csv(path, name, digest, size, delimiter, encoding)


def _open_csv(path: Path, name: str, digest: Future[str], size: int, delimiter: str | None, encoding: str) -> Source:
    """Read as every upload is (``common.textfiles``): a byte-order mark decides, else the declared encoding;
    a file that is not UTF-8 is read through a UTF-8 copy, streamed (polars reads UTF-8)."""
    try:
        chosen_encoding = streamed_encoding(path, encoding)
    except LookupError as exc:
        raise AuditInputError.at(name, f"unknown encoding {encoding!r}") from exc
    if chosen_encoding == "utf-8":
        bad = first_bad_utf8(path)
        if bad is not None:
            raise AuditInputError.at(
                name,
                f"not valid UTF-8 (byte 0x{bad.byte:02x} at offset {bad.offset}); give the file's encoding, "
                "for example --encoding latin-1 or cp1252",
                row=bad.line,
            )
        readable = path
    else:  # another encoding, or a byte-order mark polars would read into the first column's name
        try:
            readable = utf8_copy(path, chosen_encoding, prefix="algoscope-audit-")
        except UnicodeError as exc:  # a byte that is not in the encoding; UTF-16 without its byte-order mark
            reason = exc.reason if isinstance(exc, UnicodeDecodeError) else str(exc)
            raise AuditInputError.at(name, f"cannot be read as {chosen_encoding}: {reason}") from exc
    with readable.open(encoding="utf-8", newline="") as handle:
        header = handle.readline().rstrip("\r\n")
        sample = [header] + [handle.readline() for _ in range(20)]
    if not header.strip():
        raise AuditInputError.at(name, "the first line (the header with the column names) is empty", row=1)
    chosen = delimiter or detect_delimiter(header + "\n" + "".join(sample[1:]))
    columns = tuple(next(csv.reader([header], delimiter=chosen)))
    return Source(readable, name, "csv", chosen, digest, size, columns, first_row=2, temporary=readable is not path)
