"""A whole plan as one CSV: a ``record`` column says what each row is (``strategy``, then ``item`` rows in
hierarchy order, ``kpi`` and ``milestone`` rows under their item). Lists are ``|``-separated; bodies, related items
and the kept extra facts are JSON in their cells. ``write`` and ``read`` round-trip: reading a written plan gives the
same canonical document back. Cells a spreadsheet would run as a formula are written with a leading quote."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any, Final

from algoscope.common.errors import Problem
from algoscope.common.messages import gettext_noop as _
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.textfiles import detect_delimiter, spreadsheet_safe, spreadsheet_unsafe
from algoscope.plans.engine.document import Strategy, item_to_dict, strategy_to_dict

TEXTS: Final = tuple(f"{name}_{lang}" for name in ("title", "summary") for lang in LANGUAGES)
COLUMNS: Final = (
    "record", "id", "item", "parent", "kind", "number", *TEXTS, "jurisdiction", "adopted_on", "verification",
    "verification_note", "provisional", "aliases", "tags", "bodies", "start", "end", "weight", "budget_planned",
    "budget_committed", "budget_spent", "currency", "budget_source", "unit", "baseline", "target", "target_date",
    "current", "measured_at", "date", "state", "evidence", "related", "sources", "extra",
)  # fmt: skip
RECORDS: Final = ("strategy", "item", "kpi", "milestone")
MAX_ROWS: Final = 20_000


def write(strategy: Strategy, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(strategy):
        writer.writerow([spreadsheet_safe(row.get(column, "")) for column in COLUMNS])
    return out.getvalue()


def rows(strategy: Strategy) -> Iterator[dict[str, str]]:
    head = strategy_to_dict(strategy)["strategy"]
    yield {
        "record": "strategy",
        "id": head["id"],
        "kind": head["kind"],
        "jurisdiction": head["jurisdiction"],
        "adopted_on": head.get("adopted_on", ""),
        "verification": head["verification"],
        "verification_note": head.get("verification_note", ""),
        "sources": "|".join(head.get("sources", [])),
        "extra": _json(head.get("extra")),
        **_texts(head),
    }
    for item in strategy.items:
        data = item_to_dict(item)
        budget = data.get("budget", {})
        yield {
            "record": "item", "id": item.key, "parent": item.parent, "kind": item.kind, "number": item.number,
            **_texts(data), "verification": item.verification, "verification_note": item.verification_note,
            "provisional": "true" if item.provisional else "", "aliases": "|".join(item.aliases),
            "tags": "|".join(item.tags), "bodies": _json(data.get("bodies")), "start": item.start, "end": item.end,
            "weight": _number(item.weight), "budget_planned": _number(budget.get("planned")),
            "budget_committed": _number(budget.get("committed")), "budget_spent": _number(budget.get("spent")),
            "currency": budget.get("currency", "") if budget else "", "budget_source": budget.get("source", ""),
            "related": _json(data.get("related")), "sources": "|".join(item.sources), "extra": _json(data.get("extra")),
        }  # fmt: skip
        for kpi in item.kpis:
            yield {
                "record": "kpi", "id": kpi.key, "item": item.key, **{f"title_{k}": v for k, v in kpi.name.items()},
                "unit": kpi.unit, "baseline": _number(kpi.baseline), "target": _number(kpi.target),
                "target_date": kpi.target_date, "current": _number(kpi.current), "measured_at": kpi.measured_at,
                "sources": kpi.source,
            }  # fmt: skip
        for milestone in item.milestones:
            yield {
                "record": "milestone",
                "id": milestone.key,
                "item": item.key,
                "date": milestone.date,
                **{f"title_{k}": v for k, v in milestone.title.items()},
                "state": milestone.state,
                "evidence": milestone.evidence,
            }


def read(name: str, text: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The canonical dictionary of a plan CSV (checked afterwards like any plan), or the problems that stop it."""
    problems: list[Problem] = []
    delimiter = detect_delimiter(text[:20_000])
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = reader.fieldnames or []
    if "record" not in columns or "id" not in columns:
        return None, [
            Problem(
                (name,),
                "columns",
                _("a plan CSV needs the columns 'record' and 'id' (found: {found})"),
                {"found": ", ".join(columns) or "none"},
            )
        ]
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        problems.append(Problem((name,), "columns", _("unknown columns: {names}"), {"names": ", ".join(unknown)}))
    strategy: dict[str, Any] | None = None
    items: list[dict[str, Any]] = []
    by_key: dict[str, dict[str, Any]] = {}
    try:
        for number, raw in enumerate(reader, start=2):
            if number > MAX_ROWS:
                problems.append(Problem((name,), "rows", _("more than {limit} rows"), {"limit": MAX_ROWS}))
                break
            if None in raw:
                problems.append(Problem((name, number), "row", _("the row has more cells than the header")))
                continue
            row = {k: spreadsheet_unsafe((v or "").strip()) for k, v in raw.items() if k}
            record = row.get("record", "")
            at: tuple[str | int, ...] = (name, number)
            if record == "strategy":
                if strategy is not None:
                    problems.append(Problem(at, "strategy", _("a second strategy row: one plan per file")))
                    continue
                strategy = _strategy(row, at, problems)
            elif record == "item":
                item = _item(row, at, problems)
                items.append(item)
                by_key.setdefault(item["id"], item)
            elif record in ("kpi", "milestone"):
                owner = by_key.get(row.get("item", ""))
                if owner is None:
                    problems.append(
                        Problem(
                            (*at, "item"),
                            "unknown-item",
                            _("the {record} belongs to item {value!r}, which is not listed before it"),
                            {"record": record, "value": row.get("item", "")},
                        )
                    )
                    continue
                if record == "kpi":
                    owner.setdefault("kpis", []).append(_kpi(row))
                else:
                    owner.setdefault("milestones", []).append(_milestone(row))
            elif any(row.values()):
                problems.append(
                    Problem(
                        (*at, "record"),
                        "record",
                        _("unknown record {value!r} (one of: {allowed})"),
                        {"value": record, "allowed": ", ".join(RECORDS)},
                    )
                )
    except csv.Error as exc:
        problems.append(Problem((name,), "csv", _("not readable as CSV: {error}"), {"error": str(exc)}))
    if strategy is None and not problems:
        problems.append(Problem((name,), "strategy", _("the file has no 'strategy' row")))
    if strategy is None:
        return None, problems
    return {"strategy": strategy, "items": items}, problems


def _texts(data: Mapping[str, Any]) -> dict[str, str]:
    return {f"{name}_{lang}": text for name in ("title", "summary") for lang, text in data.get(name, {}).items()}


def _texts_of(row: Mapping[str, str], name: str) -> dict[str, str]:
    return {lang: row[f"{name}_{lang}"] for lang in LANGUAGES if row.get(f"{name}_{lang}")}


def _strategy(row: Mapping[str, str], at: tuple[str | int, ...], problems: list[Problem]) -> dict[str, Any]:
    return _drop_empty({
        "id": row.get("id", ""), "kind": row.get("kind", ""), "jurisdiction": row.get("jurisdiction", ""),
        "title": _texts_of(row, "title"), "summary": _texts_of(row, "summary"), "adopted_on": row.get("adopted_on"),
        "verification": row.get("verification"), "verification_note": row.get("verification_note"),
        "sources": _list(row.get("sources")), "extra": _from_json(row, "extra", at, problems, {}),
    })  # fmt: skip


def _item(row: Mapping[str, str], at: tuple[str | int, ...], problems: list[Problem]) -> dict[str, Any]:
    budget = _drop_empty(
        {
            "planned": row.get("budget_planned"),
            "committed": row.get("budget_committed"),
            "spent": row.get("budget_spent"),
            "currency": row.get("currency"),
            "source": row.get("budget_source"),
        }
    )
    item = _drop_empty({
        "kind": row.get("kind"), "parent": row.get("parent"), "number": row.get("number"),
        "title": _texts_of(row, "title"), "summary": _texts_of(row, "summary"),
        "verification": row.get("verification"), "verification_note": row.get("verification_note"),
        "provisional": row.get("provisional", "").lower() in {"true", "yes", "1"} or None,
        "aliases": _list(row.get("aliases")), "tags": _list(row.get("tags")),
        "bodies": _from_json(row, "bodies", at, problems, []), "start": row.get("start"), "end": row.get("end"),
        "weight": row.get("weight"), "budget": budget, "related": _from_json(row, "related", at, problems, []),
        "sources": _list(row.get("sources")), "extra": _from_json(row, "extra", at, problems, {}),
    })  # fmt: skip
    return {"id": row.get("id", ""), **item}


def _kpi(row: Mapping[str, str]) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": row.get("id"),
            "name": _texts_of(row, "title"),
            "unit": row.get("unit"),
            "baseline": row.get("baseline"),
            "target": row.get("target"),
            "target_date": row.get("target_date"),
            "current": row.get("current"),
            "measured_at": row.get("measured_at"),
            "source": row.get("sources"),
        }
    )


def _milestone(row: Mapping[str, str]) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": row.get("id"),
            "date": row.get("date"),
            "title": _texts_of(row, "title"),
            "state": row.get("state"),
            "evidence": row.get("evidence"),
        }
    )


def _from_json(
    row: Mapping[str, str], column: str, at: tuple[str | int, ...], problems: list[Problem], empty: Any
) -> Any:
    text = row.get(column, "")
    if not text:
        return empty
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem((*at, column), "json", _("not valid JSON: {error}"), {"error": str(exc)}))
        return empty
    if not isinstance(value, type(empty)):
        problems.append(
            Problem(
                (*at, column),
                "json",
                _("expected a JSON {kind}"),
                {"kind": "list" if isinstance(empty, list) else "object"},
            )
        )
        return empty
    return value


def _list(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split("|") if part.strip()]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _drop_empty(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in ("", None, [], {})}
