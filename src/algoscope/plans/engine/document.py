"""A plan document: one strategy (or vision, or recommendation) with its items (objectives, actions, principles, …)
in a hierarchy, in the canonical form every file is read into and every export is written from.

``strategy_from_dict`` reads the canonical dictionary and ``check`` finds every problem with a whole document (ids,
hierarchy, tags, KPIs, weights, budgets, dates), each located at the item and field, so that an import can refuse a
file and say exactly why. ``strategy_to_dict`` writes the canonical dictionary back (YAML and JSON exports).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final

from algoscope.common.errors import Problem
from algoscope.common.messages import gettext_noop as _
from algoscope.common.multilingual import LANGUAGES

FORMAT: Final = 1  # ``algoscope_plan: 1`` in a canonical file
VERIFICATION: Final = ("official_text", "official_summary", "secondary_summary", "unverified")
STRATEGY_KINDS: Final = ("strategy", "vision", "recommendation")
ITEM_KINDS: Final = ("objective", "action", "action_line", "principle", "ambition", "aim", "enabler", "goal", "request")
JURISDICTIONS: Final = ("BE-FED", "BE-VLG", "BE-WAL", "BE-BRU", "NL", "LU", "BENELUX")
COUNTRY: Final = {"BE-FED": "BE", "BE-VLG": "BE", "BE-WAL": "BE", "BE-BRU": "BE", "NL": "NL", "LU": "LU", "BENELUX": ""}
BODY_ROLES: Final = ("lead", "contributor")
RELATIONS: Final = ("joint", "mirrored")
MILESTONE_STATES: Final = ("planned", "reached", "missed")
KEY: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")
WEIGHT_TOTALS: Final = (1.0, 100.0)  # sibling weights are fractions of 1 or percentages


@dataclass(frozen=True)
class Body:
    """A body responsible for an item: ``organisation`` is an organisation's identifier on the platform
    (``kbo:0671.516.647``, ``oin:…``) when it has one there; its action owners then record the item's progress."""

    name: str
    role: str = "lead"
    organisation: str = ""


@dataclass(frozen=True)
class Kpi:
    key: str
    name: dict[str, str]
    unit: str
    baseline: float | None = None
    target: float | None = None
    target_date: str = ""
    current: float | None = None
    measured_at: str = ""
    source: str = ""


@dataclass(frozen=True)
class Milestone:
    key: str
    date: str
    title: dict[str, str]
    state: str = "planned"
    evidence: str = ""


@dataclass(frozen=True)
class Budget:
    planned: float | None = None
    committed: float | None = None
    spent: float | None = None
    currency: str = "EUR"
    source: str = ""


@dataclass(frozen=True)
class Related:
    """An item of another strategy this one is joint with (one action, several countries) or mirrors."""

    strategy: str
    item: str
    relation: str = "mirrored"


@dataclass(frozen=True)
class Item:
    key: str
    kind: str
    title: dict[str, str]
    parent: str = ""
    number: str = ""
    summary: dict[str, str] = field(default_factory=dict)
    verification: str = "unverified"
    verification_note: str = ""
    provisional: bool = False
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    bodies: tuple[Body, ...] = ()
    start: str = ""
    end: str = ""
    weight: float | None = None
    budget: Budget | None = None
    kpis: tuple[Kpi, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    related: tuple[Related, ...] = ()
    sources: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # what the source file says beyond these fields, kept

    def organisations(self, role: str | None = None) -> tuple[str, ...]:
        return tuple(b.organisation for b in self.bodies if b.organisation and (role is None or b.role == role))


@dataclass(frozen=True)
class Strategy:
    key: str
    kind: str
    jurisdiction: str
    title: dict[str, str]
    summary: dict[str, str] = field(default_factory=dict)
    adopted_on: str = ""
    verification: str = "unverified"
    verification_note: str = ""
    sources: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    items: tuple[Item, ...] = ()

    @property
    def country(self) -> str:
        return COUNTRY.get(self.jurisdiction, "")

    def item(self, key: str) -> Item | None:
        """The item with this id, or with this id among its aliases (a provisional id it replaced)."""
        for item in self.items:
            if item.key == key:
                return item
        for item in self.items:
            if key in item.aliases:
                return item
        return None

    def children(self, key: str) -> list[Item]:
        return [item for item in self.items if item.parent == key]

    def roots(self) -> list[Item]:
        return [item for item in self.items if not item.parent]

    def with_items(self, items: Iterable[Item]) -> Strategy:
        return replace(self, items=tuple(items))


# ----- reading the canonical dictionary ---------------------------------------------------------------------------


class FieldReader:
    """Collects problems while reading one document; ``loc`` is where the current value sits."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(self, loc: tuple[str | int, ...], code: str, template: str, **params: Any) -> None:
        self.problems.append(Problem((self.source, *loc), code, template, params))

    def text(self, loc: tuple[str | int, ...], value: Any, *, required: bool = False) -> str:
        if value is None or value == "":
            if required:
                self.add(loc, "required", _("a value is required"))
            return ""
        if isinstance(value, dt.date):
            return value.isoformat()
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.add(loc, "type", _("expected a text, found {value!r}"), value=_short(value))
            return ""
        return str(value).strip()

    def texts(self, loc: tuple[str | int, ...], value: Any, *, required: bool = False) -> dict[str, str]:
        """A text per language: ``{"en": …, "fr": …}`` (a plain text is taken as English)."""
        if isinstance(value, str):
            value = {"en": value}
        if value is None or value == {}:
            if required:
                self.add(loc, "required", _("a title is required in at least one language"))
            return {}
        if not isinstance(value, Mapping):
            self.add(loc, "type", _("expected a text per language, found {value!r}"), value=_short(value))
            return {}
        out: dict[str, str] = {}
        for language, text in value.items():
            if language not in LANGUAGES:
                self.add(
                    (*loc, str(language)),
                    "language",
                    _("unknown language {value!r} (nl, fr, de or en)"),
                    value=str(language),
                )
                continue
            cleaned = self.text((*loc, language), text)
            if cleaned:
                out[language] = cleaned
        if required and not out:
            self.add(loc, "required", _("a title is required in at least one language"))
        return out

    def number(self, loc: tuple[str | int, ...], value: Any) -> float | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.add(loc, "number", _("expected a number, found {value!r}"), value=value)
            return None
        try:
            number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
        except (TypeError, ValueError):
            self.add(loc, "number", _("expected a number, found {value!r}"), value=_short(value))
            return None
        if not math.isfinite(number):
            self.add(loc, "number", _("expected a finite number, found {value!r}"), value=_short(value))
            return None
        return number

    def date(self, loc: tuple[str | int, ...], value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value).strip()
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            self.add(loc, "date", _("expected a date as YYYY-MM-DD, found {value!r}"), value=_short(value))
            return ""

    def choice(self, loc: tuple[str | int, ...], value: Any, allowed: Iterable[str], default: str) -> str:
        allowed = tuple(allowed)
        if value is None or value == "":
            return default
        text = str(value).strip()
        if text not in allowed:
            self.add(
                loc,
                "choice",
                _("unknown value {value!r} (one of: {allowed})"),
                value=_short(value),
                allowed=", ".join(allowed),
            )
            return default
        return text

    def strings(self, loc: tuple[str | int, ...], value: Any) -> tuple[str, ...]:
        if value is None or value == "":
            return ()
        if isinstance(value, str):
            value = [part for part in value.split("|")]
        if not isinstance(value, list):
            self.add(loc, "type", _("expected a list, found {value!r}"), value=_short(value))
            return ()
        return tuple(text for i, v in enumerate(value) if (text := self.text((*loc, i), v)))

    def mapping(self, loc: tuple[str | int, ...], value: Any) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.add(loc, "type", _("expected a mapping, found {value!r}"), value=_short(value))
            return {}
        return value

    def items(self, loc: tuple[str | int, ...], value: Any) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(loc, "type", _("expected a list, found {value!r}"), value=_short(value))
            return []
        return value


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


STRATEGY_FIELDS: Final = frozenset(
    {
        "id",
        "kind",
        "jurisdiction",
        "title",
        "summary",
        "adopted_on",
        "verification",
        "verification_note",
        "sources",
        "extra",
    }
)
ITEM_FIELDS: Final = frozenset(
    {
        "id",
        "kind",
        "parent",
        "number",
        "title",
        "summary",
        "verification",
        "verification_note",
        "provisional",
        "aliases",
        "tags",
        "bodies",
        "start",
        "end",
        "weight",
        "budget",
        "kpis",
        "milestones",
        "related",
        "sources",
        "extra",
    }
)


def strategy_from_dict(
    data: Mapping[str, Any], source: str, known_tags: Iterable[str]
) -> tuple[Strategy, list[Problem]]:
    """The document a canonical dictionary (``{"strategy": {...}, "items": [...]}``) describes, and every problem
    with it (an empty list: it may be stored)."""
    reader = FieldReader(source)
    head = reader.mapping(("strategy",), data.get("strategy"))
    for name in sorted(set(head) - STRATEGY_FIELDS):
        reader.add(("strategy", str(name)), "unknown-field", _("unknown field {name!r}"), name=str(name))
    key = reader.text(("strategy", "id"), head.get("id"), required=True)
    strategy = Strategy(
        key=key,
        kind=reader.choice(("strategy", "kind"), head.get("kind"), STRATEGY_KINDS, "strategy"),
        jurisdiction=reader.choice(("strategy", "jurisdiction"), head.get("jurisdiction"), JURISDICTIONS, ""),
        title=reader.texts(("strategy", "title"), head.get("title"), required=True),
        summary=reader.texts(("strategy", "summary"), head.get("summary")),
        adopted_on=reader.date(("strategy", "adopted_on"), head.get("adopted_on")),
        verification=reader.choice(("strategy", "verification"), head.get("verification"), VERIFICATION, "unverified"),
        verification_note=reader.text(("strategy", "verification_note"), head.get("verification_note")),
        sources=reader.strings(("strategy", "sources"), head.get("sources")),
        extra=dict(reader.mapping(("strategy", "extra"), head.get("extra"))),
    )
    if not head.get("jurisdiction"):
        reader.add(
            ("strategy", "jurisdiction"),
            "required",
            _("a jurisdiction is required (one of: {allowed})"),
            allowed=", ".join(JURISDICTIONS),
        )
    items = [_item(reader, raw, i) for i, raw in enumerate(reader.items(("items",), data.get("items")))]
    strategy = strategy.with_items(item for item in items if item is not None)
    return strategy, reader.problems + check(strategy, source, known_tags)


def _item(reader: FieldReader, raw: Any, index: int) -> Item | None:
    if not isinstance(raw, Mapping):
        reader.add(("items", index), "type", _("expected an item (a mapping), found {value!r}"), value=_short(raw))
        return None
    key = reader.text(("items", index, "id"), raw.get("id"), required=True)
    at: tuple[str | int, ...] = (f"item {key}",) if key else ("items", index)
    for name in sorted(set(raw) - ITEM_FIELDS):
        reader.add((*at, str(name)), "unknown-field", _("unknown field {name!r}"), name=str(name))
    budget_raw = reader.mapping((*at, "budget"), raw.get("budget"))
    budget = None
    if budget_raw:
        budget = Budget(
            planned=reader.number((*at, "budget", "planned"), budget_raw.get("planned")),
            committed=reader.number((*at, "budget", "committed"), budget_raw.get("committed")),
            spent=reader.number((*at, "budget", "spent"), budget_raw.get("spent")),
            currency=reader.text((*at, "budget", "currency"), budget_raw.get("currency")) or "EUR",
            source=reader.text((*at, "budget", "source"), budget_raw.get("source")),
        )
    kpis = []
    for k, kpi in enumerate(reader.items((*at, "kpis"), raw.get("kpis"))):
        kpi = reader.mapping((*at, "kpis", k), kpi)
        kpis.append(
            Kpi(
                key=reader.text((*at, "kpis", k, "id"), kpi.get("id")) or f"KPI{k + 1}",
                name=reader.texts((*at, "kpis", k, "name"), kpi.get("name"), required=True),
                unit=reader.text((*at, "kpis", k, "unit"), kpi.get("unit")),
                baseline=reader.number((*at, "kpis", k, "baseline"), kpi.get("baseline")),
                target=reader.number((*at, "kpis", k, "target"), kpi.get("target")),
                target_date=reader.date((*at, "kpis", k, "target_date"), kpi.get("target_date")),
                current=reader.number((*at, "kpis", k, "current"), kpi.get("current")),
                measured_at=reader.date((*at, "kpis", k, "measured_at"), kpi.get("measured_at")),
                source=reader.text((*at, "kpis", k, "source"), kpi.get("source")),
            )
        )
    milestones = []
    for m, milestone in enumerate(reader.items((*at, "milestones"), raw.get("milestones"))):
        milestone = reader.mapping((*at, "milestones", m), milestone)
        milestones.append(
            Milestone(
                key=reader.text((*at, "milestones", m, "id"), milestone.get("id")) or f"M{m + 1}",
                date=reader.date((*at, "milestones", m, "date"), milestone.get("date")),
                title=reader.texts((*at, "milestones", m, "title"), milestone.get("title"), required=True),
                state=reader.choice(
                    (*at, "milestones", m, "state"), milestone.get("state"), MILESTONE_STATES, "planned"
                ),
                evidence=reader.text((*at, "milestones", m, "evidence"), milestone.get("evidence")),
            )
        )
    bodies = []
    for b, body in enumerate(reader.items((*at, "bodies"), raw.get("bodies"))):
        body = {"name": body} if isinstance(body, str) else reader.mapping((*at, "bodies", b), body)
        bodies.append(
            Body(
                name=reader.text((*at, "bodies", b, "name"), body.get("name"), required=True),
                role=reader.choice((*at, "bodies", b, "role"), body.get("role"), BODY_ROLES, "lead"),
                organisation=reader.text((*at, "bodies", b, "organisation"), body.get("organisation")),
            )
        )
    related = []
    for r, link in enumerate(reader.items((*at, "related"), raw.get("related"))):
        link = reader.mapping((*at, "related", r), link)
        related.append(
            Related(
                strategy=reader.text((*at, "related", r, "strategy"), link.get("strategy"), required=True),
                item=reader.text((*at, "related", r, "item"), link.get("item"), required=True),
                relation=reader.choice((*at, "related", r, "relation"), link.get("relation"), RELATIONS, "mirrored"),
            )
        )
    provisional = raw.get("provisional", False)
    if not isinstance(provisional, bool):
        provisional = str(provisional).strip().lower() in {"true", "yes", "1"}
    return Item(
        key=key,
        kind=reader.choice((*at, "kind"), raw.get("kind"), ITEM_KINDS, "action"),
        title=reader.texts((*at, "title"), raw.get("title"), required=True),
        parent=reader.text((*at, "parent"), raw.get("parent")),
        number=reader.text((*at, "number"), raw.get("number")),
        summary=reader.texts((*at, "summary"), raw.get("summary")),
        verification=reader.choice((*at, "verification"), raw.get("verification"), VERIFICATION, "unverified"),
        verification_note=reader.text((*at, "verification_note"), raw.get("verification_note")),
        provisional=provisional,
        aliases=reader.strings((*at, "aliases"), raw.get("aliases")),
        tags=reader.strings((*at, "tags"), raw.get("tags")),
        bodies=tuple(bodies),
        start=reader.date((*at, "start"), raw.get("start")),
        end=reader.date((*at, "end"), raw.get("end")),
        weight=reader.number((*at, "weight"), raw.get("weight")),
        budget=budget,
        kpis=tuple(kpis),
        milestones=tuple(milestones),
        related=tuple(related),
        sources=reader.strings((*at, "sources"), raw.get("sources")),
        extra=dict(reader.mapping((*at, "extra"), raw.get("extra"))),
    )


# ----- checking a whole document ----------------------------------------------------------------------------------


def check(strategy: Strategy, source: str, known_tags: Iterable[str]) -> list[Problem]:
    """Every problem with a document as a whole: ids (format, duplicates, aliases), the hierarchy (unknown parent,
    a child before its parent, a cycle), unknown tags, KPIs without a unit, sibling weights that do not sum to 1 (or
    100), negative budgets, an end before the start."""
    problems: list[Problem] = []

    def add(loc: tuple[str | int, ...], code: str, template: str, **params: Any) -> None:
        problems.append(Problem((source, *loc), code, template, params))

    if strategy.key and not KEY.fullmatch(strategy.key):
        add(
            ("strategy", "id"),
            "id",
            _("{value!r} is not a usable id (letters, digits, '.', '_' and '-')"),
            value=strategy.key,
        )
    known = set(known_tags)
    for where, sources in [(("strategy", "sources"), strategy.sources)] + [
        ((f"item {item.key}", "sources"), item.sources) for item in strategy.items
    ]:
        for address in sources:
            if not address.lower().startswith(("https://", "http://")):  # the pages link them
                add(
                    where,
                    "address",
                    _("a source is a web address starting with https://, not {value!r}"),
                    value=address,
                )
    seen: dict[str, str] = {}  # id or alias → the item that has it
    position = {item.key: i for i, item in reversed(list(enumerate(strategy.items)))}
    for index, item in enumerate(strategy.items):
        at = f"item {item.key}"
        if not item.key:
            continue
        if not KEY.fullmatch(item.key):
            add((at, "id"), "id", _("{value!r} is not a usable id (letters, digits, '.', '_' and '-')"), value=item.key)
        if item.key in seen:
            add(
                (at, "id"),
                "duplicate-id",
                _("the id {value!r} is used twice (also by item {other})"),
                value=item.key,
                other=seen[item.key],
            )
        else:
            seen[item.key] = item.key
        for alias in item.aliases:
            if alias in seen and seen[alias] != item.key:
                add(
                    (at, "aliases"),
                    "duplicate-id",
                    _("the id {value!r} is used twice (also by item {other})"),
                    value=alias,
                    other=seen[alias],
                )
            else:
                seen.setdefault(alias, item.key)
        if item.parent:
            if item.parent == item.key:
                add((at, "parent"), "cycle", _("the item is its own parent"))
            elif item.parent not in position:
                add(
                    (at, "parent"),
                    "unknown-parent",
                    _("the parent {value!r} is not an item of this plan"),
                    value=item.parent,
                )
            elif position[item.parent] > index:
                add(
                    (at, "parent"),
                    "child-before-parent",
                    _("the item comes before its parent {value!r}: list a parent before its children"),
                    value=item.parent,
                )
        for tag in item.tags:
            if tag not in known:
                add((at, "tags"), "unknown-tag", _("unknown tag {value!r}"), value=tag)
        for k, kpi in enumerate(item.kpis):
            if not kpi.unit:
                add(
                    (at, "kpis", k, "unit"),
                    "kpi-unit",
                    _("the KPI {name!r} has no unit"),
                    name=next(iter(kpi.name.values()), kpi.key),
                )
        if item.budget is not None:
            for name in ("planned", "committed", "spent"):
                value = getattr(item.budget, name)
                if value is not None and value < 0:
                    add(
                        (at, "budget", name), "negative", _("a budget amount cannot be negative ({value})"), value=value
                    )
        if item.weight is not None and item.weight < 0:
            add((at, "weight"), "negative", _("a weight cannot be negative ({value})"), value=item.weight)
        if item.start and item.end and item.end < item.start:
            add(
                (at, "end"), "dates", _("the end ({end}) is before the start ({start})"), end=item.end, start=item.start
            )
    problems.extend(_cycles(strategy, source))
    problems.extend(_weights(strategy, source))
    return problems


def _cycles(strategy: Strategy, source: str) -> list[Problem]:
    """Each cycle in the parent links once (an item its own parent is reported by ``check``)."""
    parent = {item.key: item.parent for item in strategy.items if item.key}
    problems = []
    reported: set[str] = set()
    for start in parent:
        if start in reported:
            continue
        chain, node = [start], parent[start]
        while node and node in parent and node not in chain:
            chain.append(node)
            node = parent[node]
        if node == start and len(chain) > 1:
            reported.update(chain)
            problems.append(
                Problem(
                    (source, f"item {start}", "parent"),
                    "cycle",
                    _("the hierarchy has a cycle: {chain}"),
                    {"chain": " → ".join([*chain, start])},
                )
            )
    return problems


def _weights(strategy: Strategy, source: str) -> list[Problem]:
    problems = []
    groups: dict[str, list[Item]] = {}
    for item in strategy.items:
        groups.setdefault(item.parent, []).append(item)
    for parent, siblings in groups.items():
        weighted = [item for item in siblings if item.weight is not None]
        if not weighted:
            continue
        where = f"item {parent}" if parent else "strategy"
        if len(weighted) != len(siblings):
            missing = ", ".join(item.key for item in siblings if item.weight is None)
            problems.append(
                Problem(
                    (source, where, "weights"),
                    "weights",
                    _("some children have a weight and others not ({missing}): give all or none"),
                    {"missing": missing},
                )
            )
            continue
        total = sum(item.weight or 0.0 for item in weighted)
        if not any(math.isclose(total, expected, rel_tol=0, abs_tol=1e-6 * expected) for expected in WEIGHT_TOTALS):
            problems.append(
                Problem(
                    (source, where, "weights"),
                    "weights",
                    _("the children's weights sum to {total}, not to 1 (or 100)"),
                    {"total": round(total, 6)},
                )
            )
    return problems


# ----- writing the canonical dictionary ---------------------------------------------------------------------------


def strategy_to_dict(strategy: Strategy) -> dict[str, Any]:
    """The canonical dictionary: ``strategy_from_dict(strategy_to_dict(s))`` gives ``s`` back."""
    head: dict[str, Any] = {
        "id": strategy.key,
        "kind": strategy.kind,
        "jurisdiction": strategy.jurisdiction,
        "title": dict(strategy.title),
    }
    _put(head, "summary", dict(strategy.summary))
    _put(head, "adopted_on", strategy.adopted_on)
    head["verification"] = strategy.verification
    _put(head, "verification_note", strategy.verification_note)
    _put(head, "sources", list(strategy.sources))
    _put(head, "extra", dict(strategy.extra))
    return {"algoscope_plan": FORMAT, "strategy": head, "items": [item_to_dict(item) for item in strategy.items]}


def item_to_dict(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.key, "kind": item.kind}
    _put(out, "parent", item.parent)
    _put(out, "number", item.number)
    out["title"] = dict(item.title)
    _put(out, "summary", dict(item.summary))
    out["verification"] = item.verification
    _put(out, "verification_note", item.verification_note)
    if item.provisional:
        out["provisional"] = True
    _put(out, "aliases", list(item.aliases))
    _put(out, "tags", list(item.tags))
    _put(
        out, "bodies", [_compact({"name": b.name, "role": b.role, "organisation": b.organisation}) for b in item.bodies]
    )
    _put(out, "start", item.start)
    _put(out, "end", item.end)
    if item.weight is not None:
        out["weight"] = item.weight
    if item.budget is not None:
        out["budget"] = _compact(vars(item.budget))
    _put(out, "kpis", [_compact(vars(kpi) | {"id": kpi.key}, drop=("key",)) for kpi in item.kpis])
    _put(out, "milestones", [_compact(vars(m) | {"id": m.key}, drop=("key",)) for m in item.milestones])
    _put(out, "related", [dict(vars(link)) for link in item.related])
    _put(out, "sources", list(item.sources))
    _put(out, "extra", dict(item.extra))
    return out


def _put(out: dict[str, Any], name: str, value: Any) -> None:
    if value not in ("", None, [], {}, ()):
        out[name] = value


def _compact(values: Mapping[str, Any], drop: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in drop and v not in ("", None, [], {})}
