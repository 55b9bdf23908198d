"""Reading a pool and its quotas from CSV, in both layouts organisers use. Pure Python.

Quotas (categories) file, one row per feature value:
  * the Sortition Foundation's: ``feature,value,min,max[,min_flex,max_flex]`` or ``category,name,…,min,max``
    (other columns organisers keep, such as ``suggest min`` or ``Current #``, are ignored);
  * the Nature replication repository's: ``category,feature,min,max`` (``category`` is the feature,
    ``feature`` its value).
Respondents file: one row per person, a column per feature; an id column (``--id-column``, else one named
``id``, ``unique_id``, ``nationbuilder_id``, … or ending in ``_id`` with unique values, else the row number);
every other column is kept for the organisers' panel file.

Every problem is collected and reported with file, row and column (the header is row 1), for both files at once.
Files are read as UTF-8 (a BOM is dropped) or UTF-16 with a BOM; a file that is not UTF-8 is read as
Windows-1252 with a warning that names the first row and column where it stops being UTF-8, and refused when it is
not Windows-1252 either (bytes no text encoding of ours gives). Control characters (a NUL, say) in a cell are
refused, with the row and column.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from algoscope.common.errors import Problem
from algoscope.common.messages import gettext_noop as _
from algoscope.common.textfiles import decode_text, detect_delimiter
from algoscope.sortition.engine.errors import PanelInputError, problem
from algoscope.sortition.engine.model import Person, Pool, Quota, fold

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ID_COLUMNS = ("id", "unique_id", "nationbuilder_id", "person_id", "respondent_id", "external_id")
LABEL_LANGUAGES = ("nl", "fr", "de", "en")  # optional quota columns label_<lang> and feature_<lang>
MAX_BYTES = 50 * 1024 * 1024


def _where_bytes_go_wrong(data: bytes) -> tuple[int, int]:
    """The line (1-based) and the column (0-based, counting separators before it) of the first byte that is not
    UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        before = data[start : exc.start]
        delimiter = detect_delimiter(data[: exc.start].decode("utf-8", "replace")).encode()
        return data[: exc.start].count(b"\n") + 1, before.count(delimiter)
    return 0, 0


def decode(data: bytes, file: str, warnings: list[Problem] | None = None) -> str:
    """The text of a file: UTF-8 or UTF-16 with a BOM, else Windows-1252 with a warning in ``warnings``; a file
    that is not Windows-1252 either is refused, naming the row and column of the first byte that is not text."""
    if len(data) > MAX_BYTES:
        raise PanelInputError([problem(file, _("the file is over {limit} MB"), limit=MAX_BYTES // 1_048_576)])
    try:
        decoded = decode_text(data)
    except UnicodeDecodeError as exc:
        raise PanelInputError(
            [problem(file, _("the file starts as UTF-16 but is not valid UTF-16 ({reason})"), reason=exc.reason)]
        ) from None
    if not decoded.fallback:
        return decoded.text
    line, column = _where_bytes_go_wrong(data)
    header = decoded.text.split("\n", 1)[0]
    names = next(csv.reader([header], delimiter=detect_delimiter(decoded.text[:65536])), [])
    name = names[column].strip() if column < len(names) else ""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise PanelInputError(
            [
                problem(
                    file,
                    _("bytes that are neither UTF-8 nor Windows-1252 text: save the file as UTF-8 (CSV UTF-8)"),
                    row=line,
                    column=name,
                )
            ]
        ) from None
    if warnings is not None:
        warnings.append(
            problem(
                file,
                _("not UTF-8 from here on: read as Windows-1252; check that accents look right"),
                row=line,
                column=name,
            )
        )
    return text


def _rows(text: str, file: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text[:65536]))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise PanelInputError([problem(file, _("the file is empty"))]) from None
    except csv.Error as exc:
        raise PanelInputError([problem(file, _("not valid CSV: {reason}"), row=1, reason=str(exc))]) from None
    rows = []
    line = 1
    problems = [
        problem(file, _("a control character ({code}) in the column name"), row=1, column=h, code=_control(h))
        for h in header
        if CONTROL.search(h)
    ]
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if any(c.strip() for c in cells):
                rows.append((start, [c.strip() for c in cells] + [""] * (len(header) - len(cells))))
                for i, cell in enumerate(cells):
                    if CONTROL.search(cell):
                        column = header[i] if i < len(header) else str(i + 1)
                        problems.append(
                            problem(
                                file,
                                _("a control character ({code}) in the cell: is this a text file?"),
                                row=start,
                                column=column,
                                code=_control(cell),
                            )
                        )
    except csv.Error as exc:
        raise PanelInputError([problem(file, _("not valid CSV: {reason}"), row=line + 1, reason=str(exc))]) from None
    if problems:
        raise PanelInputError(problems[:50])
    return header, rows


def _control(text: str) -> str:
    found = CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else ""


def _column(header: Sequence[str], *names: str) -> int | None:
    folded = [fold(h) for h in header]
    for name in names:
        if name in folded:
            return folded.index(name)
    return None


def read_quotas(
    data: bytes, file: str, warnings: list[Problem] | None = None
) -> tuple[tuple[str, ...], tuple[Quota, ...]]:
    """The features in file order and one quota per feature value."""
    header, rows = _rows(decode(data, file, warnings), file)
    if _column(header, "value") is not None:
        feature_col, value_col = _column(header, "feature", "category"), _column(header, "value")
    elif _column(header, "name") is not None:
        feature_col, value_col = _column(header, "category", "feature"), _column(header, "name")
    else:
        feature_col, value_col = _column(header, "category"), _column(header, "feature")
    min_col, max_col = _column(header, "min", "minimum"), _column(header, "max", "maximum")
    flex = _column(header, "min_flex"), _column(header, "max_flex")
    label_cols = {lang: _column(header, f"label_{lang}") for lang in LABEL_LANGUAGES}
    feature_label_cols = {lang: _column(header, f"feature_{lang}") for lang in LABEL_LANGUAGES}
    missing = [
        name
        for name, col in (("feature", feature_col), ("value", value_col), ("min", min_col), ("max", max_col))
        if col is None
    ]
    if missing or feature_col is None or value_col is None or min_col is None or max_col is None:
        raise PanelInputError(
            [
                problem(
                    file,
                    _("the header needs columns for {needed} (e.g. feature,value,min,max or category,feature,min,max)"),
                    row=1,
                    needed=", ".join(missing),
                )
            ]
        )
    problems: list[Problem] = []
    quotas: list[Quota] = []
    seen: dict[tuple[str, str], int] = {}
    features: dict[str, str] = {}
    for line, cells in rows:
        feature, value = cells[feature_col], cells[value_col]
        for name, text in ((header[feature_col], feature), (header[value_col], value)):
            if not text:
                problems.append(problem(file, _("empty cell"), row=line, column=name))
        numbers: dict[str, int | None] = {}
        for key, col in (("min", min_col), ("max", max_col), ("min_flex", flex[0]), ("max_flex", flex[1])):
            raw = cells[col] if col is not None else ""
            if raw == "" and key in ("min_flex", "max_flex"):
                numbers[key] = None
                continue
            try:
                number = float(raw)
                if not number.is_integer() or number < 0:
                    raise ValueError
                numbers[key] = int(number)
            except ValueError:
                numbers[key] = None
                problems.append(
                    problem(
                        file, _("{value!r} is not a whole number ≥ 0"), row=line, column=header[col or 0], value=raw
                    )
                )
        if not feature or not value:
            continue
        feature = features.setdefault(fold(feature), feature)
        ident = (fold(feature), fold(value))
        if ident in seen:
            problems.append(
                problem(
                    file,
                    _("{feature}: {value} is also on row {other}"),
                    row=line,
                    column=header[value_col],
                    feature=feature,
                    value=value,
                    other=seen[ident],
                )
            )
            continue
        seen[ident] = line
        if numbers["min"] is None or numbers["max"] is None:
            continue
        if numbers["min"] > numbers["max"]:
            problems.append(
                problem(
                    file,
                    _("the minimum {min} is above the maximum {max}"),
                    row=line,
                    column=header[min_col],
                    min=numbers["min"],
                    max=numbers["max"],
                )
            )
        labels = tuple((lang, cells[col]) for lang, col in label_cols.items() if col is not None and cells[col])
        feature_labels = tuple(
            (lang, cells[col]) for lang, col in feature_label_cols.items() if col is not None and cells[col]
        )
        quotas.append(
            Quota(
                feature,
                value,
                numbers["min"],
                numbers["max"],
                numbers["min_flex"],
                numbers["max_flex"],
                line,
                labels,
                feature_labels,
            )
        )
    if not rows:
        problems.append(problem(file, _("no quotas: the file has a header only"), row=1))
    if problems:
        raise PanelInputError(problems)
    return tuple(features.values()), tuple(quotas)


def check_quota_sums(features: Sequence[str], quotas: Sequence[Quota], k: int, file: str) -> list[Problem]:
    """Per feature, the minimums must leave room for a panel of ``k`` and the maximums must reach it."""
    problems = []
    for feature in features:
        own = [q for q in quotas if q.feature == feature]
        low, high = sum(q.min for q in own), sum(q.max for q in own)
        rows = ", ".join(str(q.row) for q in own)
        if low > k:
            problems.append(
                problem(
                    file,
                    _("{feature}: the minimums add up to {sum}, more than the panel size {k} (rows {rows})"),
                    column="min",
                    feature=feature,
                    sum=low,
                    k=k,
                    rows=rows,
                )
            )
        if high < k:
            problems.append(
                problem(
                    file,
                    _("{feature}: the maximums add up to {sum}, less than the panel size {k} (rows {rows})"),
                    column="max",
                    feature=feature,
                    sum=high,
                    k=k,
                    rows=rows,
                )
            )
    return problems


def read_pool(
    categories: bytes,
    respondents: bytes,
    *,
    k: int,
    categories_file: str = "categories.csv",
    respondents_file: str = "respondents.csv",
    id_column: str | None = None,
    address_columns: Sequence[str] = (),
    already_selected: Sequence[str] = (),
) -> Pool:
    """The pool and quotas, checked together; ``PanelInputError`` lists every problem of both files (a quotas file
    with problems does not hide the respondents file's own). Warnings (a file read as Windows-1252) are on
    ``Pool.warnings``."""
    warnings: list[Problem] = []
    problems: list[Problem] = []
    try:
        features, quotas = read_quotas(categories, categories_file, warnings)
    except PanelInputError as exc:
        problems += exc.problems
        try:
            _rows(decode(respondents, respondents_file, warnings), respondents_file)
        except PanelInputError as other:
            problems += other.problems
        raise PanelInputError(problems) from None
    header, rows = _rows(decode(respondents, respondents_file, warnings), respondents_file)
    file = respondents_file
    if k < 1:
        problems.append(problem(file, _("the panel size must be at least 1, not {k}"), k=k))
    columns: dict[str, int] = {}
    for feature in features:
        col = _column(header, fold(feature))
        if col is None:
            problems.append(
                problem(
                    file,
                    _("no column {feature!r}, a feature of {categories}"),
                    row=1,
                    feature=feature,
                    categories=categories_file,
                )
            )
        else:
            columns[feature] = col
    id_col = _id_column(header, rows, id_column, file, problems)
    address_cols = []
    for name in address_columns:
        col = _column(header, fold(name))
        if col is None:
            problems.append(problem(file, _("no address column {name!r}"), row=1, name=name))
        else:
            address_cols.append(col)
    if problems:
        raise PanelInputError(problems)
    spelled = {(fold(q.feature), fold(q.value)): q.value for q in quotas}
    values_of: dict[str, list[str]] = defaultdict(list)
    for q in quotas:
        values_of[q.feature].append(q.value)
    people: list[Person] = []
    ids: dict[str, int] = {}
    extra: dict[str, dict[str, str]] = {}
    feature_cols = set(columns.values())
    for number, (line, cells) in enumerate(rows, 1):
        person_id = cells[id_col] if id_col is not None else str(number)
        if not person_id:
            problems.append(problem(file, _("empty id"), row=line, column=header[id_col or 0]))
            continue
        if person_id in ids:
            problems.append(
                problem(
                    file,
                    _("the id {id!r} is also on row {other}"),
                    row=line,
                    column=header[id_col or 0],
                    id=person_id,
                    other=ids[person_id],
                )
            )
            continue
        ids[person_id] = line
        values = []
        for feature in features:
            raw = cells[columns[feature]]
            value = spelled.get((fold(feature), fold(raw)))
            if not raw:
                problems.append(problem(file, _("empty cell"), row=line, column=header[columns[feature]]))
            elif value is None:
                problems.append(
                    problem(
                        file,
                        _("{value!r} is not a value of {feature} in {categories} (values: {values})"),
                        row=line,
                        column=header[columns[feature]],
                        value=raw,
                        feature=feature,
                        categories=categories_file,
                        values=", ".join(values_of[feature]),
                    )
                )
            values.append(value or "")
        household = fold(" | ".join(cells[c] for c in address_cols)) if address_cols else ""
        people.append(Person(person_id, tuple(values), household.strip(" |"), line))
        extra[person_id] = {h: c for i, (h, c) in enumerate(zip(header, cells, strict=False)) if i not in feature_cols}
    present = Counter((f, v) for p in people for f, v in zip(features, p.values, strict=True))
    for q in quotas:
        if q.min > 0 and present[(q.feature, q.value)] == 0:
            problems.append(
                problem(
                    categories_file,
                    _("{feature}: {value} has a minimum of {min} but no respondent has it"),
                    row=q.row,
                    column="min",
                    feature=q.feature,
                    value=q.value,
                    min=q.min,
                )
            )
    problems += check_quota_sums(features, quotas, k, categories_file)
    if len(people) < k:
        problems.append(problem(file, _("the panel size {k} is larger than the pool ({n} people)"), k=k, n=len(people)))
    for person_id in already_selected:
        if person_id not in ids:
            problems.append(
                problem(file, _("{id!r} is listed as already selected but is not in the pool"), id=person_id)
            )
    if problems:
        raise PanelInputError(problems)
    return Pool(features, quotas, tuple(people), tuple(already_selected), extra, tuple(warnings))


def _id_column(
    header: Sequence[str], rows: Sequence[tuple[int, list[str]]], wanted: str | None, file: str, problems: list[Problem]
) -> int | None:
    if wanted:
        col = _column(header, fold(wanted))
        if col is None:
            problems.append(problem(file, _("no id column {name!r}"), row=1, name=wanted))
        return col
    candidates = [i for i, h in enumerate(header) if fold(h) in ID_COLUMNS] + [
        i for i, h in enumerate(header) if fold(h).endswith("_id") and fold(h) not in ID_COLUMNS
    ]
    for col in candidates:
        values = [cells[col] for _, cells in rows]
        if all(values) and len(set(values)) == len(values):
            return col
    return candidates[0] if candidates else None
