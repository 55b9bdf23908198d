"""From a decisions file to the counts table: one pass to check the columns, one to count.

The counts table has one row per (protected attributes…, [period], y_true, y_pred) with ``n`` people; the
score table one row per (protected attributes…, score bin, y_true) with ``n`` and the sum of scores. Both are
small (one row per cell, not per person) and are what an audit keeps and publishes.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from .errors import AuditInputError
from .source import Progress, Source, open_source
from .spec import MISSING_GROUP, AuditSpec

TRUE_WORDS = {"1", "true", "yes", "y", "t", "1.0"}
FALSE_WORDS = {"0", "false", "no", "n", "f", "0.0"}
SHOWN_ROWS = 5


@dataclass
class Counts:
    spec: AuditSpec
    table: pl.DataFrame  # protected…, [period], y_true, y_pred, n
    scores: pl.DataFrame | None  # protected…, bin, y_true, n, score_sum
    score_range: tuple[float, float] | None
    rows: int
    file_name: str
    file_format: str
    sha256: str
    size: int
    delimiter: str | None
    positive: dict[str, str]  # column → the value read as 1
    sample: pl.DataFrame | None = None  # rows for the exploratory scan (``spec.scan_features``), else none
    missing: dict[str, Any] | None = None  # rows with an empty protected attribute: policy, rows, per column
    decimal: str = "."  # the score column's decimal mark

    def describe(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "format": self.file_format,
            "sha256": self.sha256,
            "bytes": self.size,
            "rows": self.rows,
            "delimiter": self.delimiter,
            "decimal": self.decimal,
            "positive_values": self.positive,
            "missing_protected": self.missing
            or {"policy": self.spec.missing, "rows": 0, "rows_used": self.rows, "by_column": {}},
        }


def read_counts(path: Path, spec: AuditSpec, *, progress: Progress | None = None, name: str | None = None) -> Counts:
    """Check and reduce ``path``; raises :class:`AuditInputError` naming the file (``name``, default the path's
    own), the column and the rows."""
    report = progress or (lambda stage, fraction: None)
    source = open_source(path, delimiter=spec.delimiter, encoding=spec.encoding, name=name)
    try:
        report("counting", 0.1)
        counts = _reduce(source, spec)
        if spec.scan_features:
            report("sampling", 0.8)
            counts.sample = _sample(source, spec, counts.rows)
        report("read", 1.0)
        return counts
    except pl.exceptions.PolarsError as exc:
        raise AuditInputError.at(source.name, f"cannot be read: {str(exc).splitlines()[0]}") from exc
    finally:
        source.close()


def _check_columns(source: Source, spec: AuditSpec) -> None:
    problems = []
    if not spec.protected:
        problems.append(AuditInputError.at(source.name, "choose at least one protected attribute").problems[0])
    duplicates = {c for c in spec.columns if spec.columns.count(c) > 1}
    for column in sorted(duplicates):
        problems.append(AuditInputError.at(source.name, "is given for two roles", column).problems[0])
    for column in dict.fromkeys((*spec.columns, *spec.scan_features)):
        if column in source.columns:
            continue
        lowered = {c.lower(): c for c in source.columns}
        guess = lowered.get(column.lower()) or next(iter(difflib.get_close_matches(column, source.columns, 1)), None)
        hint = f"; did you mean {guess!r}?" if guess else ""
        available = ", ".join(source.columns[:30])
        sep = "" if source.format == "parquet" else f" (read with delimiter {source.delimiter!r})"
        problems.append(
            AuditInputError.at(source.name, f"no such column{hint} Columns{sep}: {available}", column).problems[0]
        )
    if problems:
        raise AuditInputError(problems)


def _reduce(source: Source, spec: AuditSpec) -> Counts:
    """One pass groups the raw values; every check then runs on that small table (a second pass over the file
    happens only to name the rows of an error, or to bin a score)."""
    _check_columns(source, spec)
    frame = source.scan().select([pl.col(c) for c in dict.fromkeys(spec.columns)])
    schema = frame.collect_schema()
    keys = [*spec.protected, *([spec.period] if spec.period else [])]
    grouped = list(dict.fromkeys([*keys, spec.label, spec.prediction]))
    raw_query = frame.group_by(grouped).agg(pl.len().cast(pl.Int64).alias("__n"))  # native types: no per-row cast
    queries = [raw_query]
    decimal = spec.decimal or ("," if source.delimiter == ";" else ".")
    if spec.score:
        score = score_expression(spec.score, decimal)
        queries.append(
            frame.select(score.min().alias("low"), score.max().alias("high"), score.null_count().alias("bad"))
        )
    collected = pl.collect_all(queries, engine="streaming")
    raw = collected[0].with_columns(pl.col(c).cast(pl.String) for c in grouped)  # text, on the small table
    if int(raw["__n"].sum()) == 0:
        raise AuditInputError.at(source.name, "the file has no data rows")
    raw, frame, missing = _missing_protected(raw, frame, spec, schema)
    rows = int(raw["__n"].sum())
    if rows == 0:
        raise AuditInputError.at(source.name, "no row is left once rows with an empty protected attribute are dropped")
    _check_empty_cells(frame, spec, schema, raw, source)
    for attribute in spec.protected:
        distinct = raw[attribute].n_unique()
        if distinct > spec.max_values:
            raise AuditInputError.at(
                source.name,
                f"has {distinct:,} distinct values; a protected attribute groups people into a few categories "
                f"(at most {spec.max_values:,}). Is this an identifier or a free-text column?",
                attribute,
            )
    positive, labels = {}, {}
    for column, given in ((spec.label, spec.positive_label), (spec.prediction, spec.positive_prediction)):
        values = raw[column].unique(maintain_order=True).head(6).to_list()
        labels[column], positive[column] = _binary(column, values, given, source)
    table = (
        raw.with_columns(labels[spec.label].alias("y_true"), labels[spec.prediction].alias("y_pred"))
        .group_by([*keys, "y_true", "y_pred"])
        .agg(pl.col("__n").sum().alias("n"))
        .sort([*keys, "y_true", "y_pred"])
    )
    scores, score_range = None, None
    if spec.score:
        score_range = _score_range(frame, spec.score, source, collected[1].row(0, named=True), decimal)
        scores = _score_table(frame, spec, labels[spec.label], score_range, decimal)
    return Counts(
        spec=spec,
        table=table,
        scores=scores,
        score_range=score_range,
        rows=rows,
        file_name=source.name,
        file_format=source.format,
        sha256=source.sha256,
        size=source.size,
        delimiter=source.delimiter,
        positive=positive,
        missing=missing,
        decimal=decimal,
    )


def _missing_protected(
    raw: pl.DataFrame, frame: pl.LazyFrame, spec: AuditSpec, schema: pl.Schema
) -> tuple[pl.DataFrame, pl.LazyFrame, dict[str, Any]]:
    """Apply ``spec.missing`` to rows whose protected attribute is empty: ``fail`` leaves them to the empty-cell
    check (an error naming the rows), ``group`` puts them in a group of their own, ``drop`` leaves them out."""
    by_column = {c: int(raw.filter(_raw_empty(c, schema[c]))["__n"].sum()) for c in spec.protected}
    any_empty_raw = pl.any_horizontal([_raw_empty(c, schema[c]) for c in spec.protected])
    affected = int(raw.filter(any_empty_raw)["__n"].sum())
    if spec.missing == "drop" and affected:
        raw = raw.filter(~any_empty_raw)
        frame = frame.filter(~pl.any_horizontal([_empty(c, schema[c]) for c in spec.protected]))
    elif spec.missing == "group" and affected:
        raw = raw.with_columns(
            pl.when(_raw_empty(c, schema[c])).then(pl.lit(MISSING_GROUP)).otherwise(pl.col(c)).alias(c)
            for c in spec.protected
        )
        frame = frame.with_columns(
            pl.when(_empty(c, schema[c])).then(pl.lit(MISSING_GROUP)).otherwise(pl.col(c).cast(pl.String)).alias(c)
            for c in spec.protected
        )
    used = int(raw["__n"].sum())
    report = {"policy": spec.missing, "rows": affected, "rows_used": used, "by_column": by_column}
    return raw, frame, report


def score_expression(column: str, decimal: str) -> pl.Expr:
    """The score as a number; with a decimal comma, ``0,73`` reads as 0.73 (a number column is read as it is)."""
    if decimal == ",":
        return (
            pl.col(column)
            .cast(pl.String)
            .str.strip_chars()
            .str.replace(",", ".", literal=True)
            .cast(pl.Float64, strict=False)
        )
    return pl.col(column).cast(pl.Float64, strict=False)


def _score_table(
    frame: pl.LazyFrame, spec: AuditSpec, label: pl.Expr, score_range: tuple[float, float], decimal: str
) -> pl.DataFrame:
    assert spec.score
    low, high = score_range
    width = (high - low) or 1.0
    score = score_expression(spec.score, decimal)
    bins = ((score - low) / width * spec.score_bins).floor().clip(0, spec.score_bins - 1).cast(pl.Int32)
    return (
        frame.select(
            *[pl.col(a).cast(pl.String) for a in spec.protected],
            bins.alias("bin"),
            label.alias("y_true"),
            score.alias("score"),
        )
        .group_by([*spec.protected, "bin", "y_true"])
        .agg(pl.len().cast(pl.Int64).alias("n"), pl.col("score").sum().alias("score_sum"))
        .collect(engine="streaming")
        .sort([*spec.protected, "bin", "y_true"])
    )


def _empty(column: str, dtype: pl.DataType) -> pl.Expr:
    expr = pl.col(column).is_null()
    if dtype.is_float():
        expr = expr | pl.col(column).is_nan()
    if dtype == pl.String:  # a blank, or "NaN" as pandas writes a missing number into a CSV
        text = pl.col(column).str.strip_chars()
        expr = expr | (text == "") | (text.str.to_lowercase() == "nan")
    return expr


def _raw_empty(column: str, dtype: pl.DataType) -> pl.Expr:
    """The same test on the table of grouped values, where every column is text (a float's NaN reads "NaN")."""
    expr = _empty(column, pl.String())
    return expr | (pl.col(column) == "NaN") if dtype.is_float() else expr


def _check_empty_cells(
    frame: pl.LazyFrame, spec: AuditSpec, schema: pl.Schema, raw: pl.DataFrame, source: Source
) -> None:
    keyed = [c for c in dict.fromkeys(spec.columns) if c in raw.columns]
    counts = {c: int(raw.filter(_raw_empty(c, schema[c]))["__n"].sum()) for c in keyed}
    columns = [c for c in keyed if counts[c]]
    if not columns:
        return
    problems = []
    for column in columns:
        found = (
            frame.with_row_index("__row", offset=source.first_row)
            .filter(_empty(column, schema[column]))
            .select("__row")
            .head(SHOWN_ROWS)
            .collect()["__row"]
            .to_list()
        )
        count = counts[column]
        more = f" and {count - len(found):,} more" if count > len(found) else ""
        rows = ", ".join(str(r) for r in found)
        noun = "rows" if len(found) > 1 else "row"
        message = (
            f"{count:,} empty or missing cell{'s' if count > 1 else ''} ({noun} {rows}{more}); fill or remove them"
        )
        problems.append(AuditInputError.at(source.name, message, column, found[0]).problems[0])
    raise AuditInputError(problems)


def _binary(column: str, values: list[str], positive: str | None, source: Source) -> tuple[pl.Expr, str]:
    """An expression giving 0/1 for ``column``, and the value read as 1."""
    shown = ", ".join(repr(v) for v in values[:5]) + (", …" if len(values) > 5 else "")
    if len(values) > 2:
        raise AuditInputError.at(source.name, f"is not binary: it has the values {shown}; it needs exactly two", column)
    if positive is not None:
        if positive not in values and len(values) == 2:
            raise AuditInputError.at(source.name, f"has no value {positive!r}; its values are {shown}", column)
        return label_expression(column, positive), positive
    lowered = {v.strip().lower() for v in values}
    if lowered <= TRUE_WORDS | FALSE_WORDS and not (len(lowered) == 2 and lowered <= TRUE_WORDS):
        one = next((v for v in values if v.strip().lower() in TRUE_WORDS), "1")
        return label_expression(column, None), one
    raise AuditInputError.at(
        source.name,
        f"has the values {shown}: say which one means a positive outcome (--positive-label / --positive-prediction)",
        column,
    )


def _score_range(
    frame: pl.LazyFrame, column: str, source: Source, stats: dict[str, Any], decimal: str = "."
) -> tuple[float, float]:
    if stats["bad"]:
        numeric = score_expression(column, decimal)
        bad = (
            frame.with_row_index("__row", offset=source.first_row)
            .filter(numeric.is_null() & pl.col(column).is_not_null())
            .select("__row", column)
            .head(1)
            .collect()
        )
        if bad.height:
            row, value = bad.row(0)
            raise AuditInputError.at(source.name, f"is not a number: {value!r}", column, row)
    return float(stats["low"]), float(stats["high"])


def label_expression(column: str, positive: str | None) -> pl.Expr:
    """0/1 for a label or decision column, read as :func:`read_counts` reads it."""
    text = pl.col(column).cast(pl.String).str.strip_chars()
    if positive is not None:
        return (text == positive).cast(pl.Int8)
    return text.str.to_lowercase().is_in(sorted(TRUE_WORDS)).cast(pl.Int8)


def _sample(source: Source, spec: AuditSpec, total: int) -> pl.DataFrame:
    """A seeded sample of about ``spec.scan_rows`` rows with the scan's features and y_true/y_pred.

    Rows are chosen by a hash of their position, so the file is streamed once more and the sample is reproducible
    (with the same polars version).
    """
    threshold = math.ceil(min(1.0, spec.scan_rows / max(total, 1)) * 1_000_000)
    return (
        source.scan()
        .with_row_index("__i")
        .filter((pl.col("__i").hash(spec.seed) % 1_000_000) < threshold)
        .select(
            *[pl.col(f) for f in spec.scan_features],
            label_expression(spec.label, spec.positive_label).alias("y_true"),
            label_expression(spec.prediction, spec.positive_prediction).alias("y_pred"),
        )
        .collect(engine="streaming")
        .head(spec.scan_rows)
    )
