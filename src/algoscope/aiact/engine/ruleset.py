"""The rule set: facts, rules, obligations, registrations and dates, loaded from YAML and checked.

The three files in ``data/`` are merged, validated against ``ruleset.schema.json``, then checked for what a
schema cannot see: every referenced fact, rule, choice and date exists, dates exist for every legal-text version
that uses them, every reference parses, and no rule depends on itself.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from . import citations
from .conditions import All, Condition, FactTest, parse

DATA = Path(__file__).parent / "data"
FILES = ("facts.yaml", "rules.yaml", "obligations.yaml")
ROLES = ("provider", "deployer", "importer", "distributor", "authorised_representative")
CATEGORIES = (
    "not_ai_system",
    "excluded",
    "prohibited",
    "high_risk_annex_i",
    "high_risk_annex_iii",
    "not_high_risk_art6_3",
    "transparency",
    "minimal",
    "gpai_model",
    "gpai_model_systemic_risk",
)
SECTIONS = ("system", "roles", "scope", "prohibited", "high_risk", "transparency", "gpai", "context")


class RulesetError(ValueError):
    """The rule files are wrong; the message names the file and the place."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    refs: tuple[str, ...] = ()
    group: str | None = None


@dataclass(frozen=True)
class FactDef:
    key: str
    section: str
    type: str
    refs: tuple[str, ...]
    question: str
    help: str
    choices: tuple[Choice, ...] = ()
    min: int = 0
    ask_when: Condition | None = None
    requires: Condition | None = None
    otherwise: Any = None

    @property
    def gate(self) -> Condition | None:
        members = tuple(c for c in (self.ask_when, self.requires) if c is not None)
        if not members:
            return None
        return members[0] if len(members) == 1 else All(members)

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class Rule:
    id: str
    refs: tuple[str, ...]
    legal_text: tuple[str, ...]
    title: str
    when: Condition
    unless: Condition | None = None
    unless_refs: tuple[str, ...] = ()
    category: str | None = None
    show: bool = True
    legal_review: bool = False
    cite_choices: tuple[str, ...] = ()
    # provisions that say why the rule does not apply when the user's answers rule it out (recital 59, 61, …)
    not_applicable_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class DateAlternative:
    date: str
    when: Condition | None = None


@dataclass(frozen=True)
class Duty:
    """An obligation (``section``/``database`` empty) or a registration duty."""

    id: str
    roles: tuple[str, ...]
    refs: tuple[str, ...]
    legal_text: tuple[str, ...]
    title: str
    when: Condition
    applies_from: tuple[DateAlternative, ...]
    unless: Condition | None = None
    unless_refs: tuple[str, ...] = ()
    kind: str = "mandatory"
    legal_review: bool = False
    section: str | None = None
    database: str | None = None


@dataclass(frozen=True)
class DateKey:
    key: str
    refs: tuple[str, ...]
    title: str
    values: tuple[tuple[str, dt.date], ...]

    def on(self, legal_text: str) -> dt.date | None:
        return dict(self.values).get(legal_text)


@dataclass(frozen=True)
class LegalText:
    id: str
    title: str


@dataclass(frozen=True)
class Ruleset:
    version: str
    legal_texts: tuple[LegalText, ...]
    default_legal_text: str
    dates: tuple[DateKey, ...]
    facts: tuple[FactDef, ...]
    rules: tuple[Rule, ...]
    obligations: tuple[Duty, ...]
    registrations: tuple[Duty, ...]

    _fact_index: dict[str, FactDef] = field(init=False, repr=False, compare=False)
    _fact_order: dict[str, int] = field(init=False, repr=False, compare=False)
    _rule_index: dict[str, Rule] = field(init=False, repr=False, compare=False)
    _date_index: dict[str, DateKey] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_fact_index", {f.key: f for f in self.facts})
        object.__setattr__(self, "_fact_order", {f.key: i for i, f in enumerate(self.facts)})
        object.__setattr__(self, "_rule_index", {r.id: r for r in self.rules})
        object.__setattr__(self, "_date_index", {d.key: d for d in self.dates})

    def fact(self, key: str) -> FactDef:
        return self._fact_index[key]

    def has_fact(self, key: str) -> bool:
        return key in self._fact_index

    def fact_position(self, key: str) -> int:
        return self._fact_order[key]

    def rule(self, rule_id: str) -> Rule:
        return self._rule_index[rule_id]

    def date_key(self, key: str) -> DateKey:
        return self._date_index[key]


@cache
def load_ruleset(directory: Path = DATA) -> Ruleset:
    """Load, validate and check the rule set in ``directory`` (cached: rule files do not change at run time)."""
    raw = _merged(directory)
    schema = json.loads((DATA / "ruleset.schema.json").read_text())
    content = {k: v for k, v in raw.items() if k != "_origin"}
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(content), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        lines = [f"{_where(raw, list(e.absolute_path))}: {e.message}" for e in errors[:20]]
        raise RulesetError("rule set does not match ruleset.schema.json:\n" + "\n".join(lines))
    ruleset = _build(raw)
    _check(ruleset)
    return ruleset


def _merged(directory: Path) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for name in FILES:
        path = directory / name
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise RulesetError(f"{path.name}: not valid YAML: {exc}") from exc
        data.pop("shared", None)
        for key, value in data.items():
            if key in merged:
                raise RulesetError(f"{path.name}: section {key!r} is already defined in another rule file")
            merged[key] = _dates_as_text(value)
            merged.setdefault("_origin", {})[key] = name
    return merged


def _dates_as_text(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    return value


def _where(raw: dict[str, Any], path: list[Any]) -> str:
    origin = raw.get("_origin", {}).get(path[0], "rule set") if path else "rule set"
    label = ".".join(str(p) for p in path)
    if len(path) >= 2 and isinstance(path[1], int):
        item = raw.get(path[0], [])[path[1]]
        ident = item.get("id") or item.get("key") if isinstance(item, dict) else None
        if ident:
            label = f"{path[0]}[{ident}]" + "".join(f".{p}" for p in path[2:])
    return f"{origin}: {label}"


def _build(raw: dict[str, Any]) -> Ruleset:
    raw = {k: v for k, v in raw.items() if k != "_origin"}
    texts = tuple(LegalText(t["id"], t["title"]) for t in raw["legal_texts"])
    defaults = [t["id"] for t in raw["legal_texts"] if t.get("default")]
    if len(defaults) != 1:
        raise RulesetError("rules.yaml: legal_texts must mark exactly one version as default")
    return Ruleset(
        version=raw["version"],
        legal_texts=texts,
        default_legal_text=defaults[0],
        dates=tuple(
            DateKey(
                key,
                tuple(spec["refs"]),
                spec["title"],
                tuple((version, dt.date.fromisoformat(day)) for version, day in spec["values"].items()),
            )
            for key, spec in raw["dates"].items()
        ),
        facts=tuple(_fact(f) for f in raw["facts"]),
        rules=tuple(_rule(r) for r in raw["rules"]),
        obligations=tuple(_duty(o, "obligations") for o in raw["obligations"]),
        registrations=tuple(_duty(r, "registrations") for r in raw["registrations"]),
    )


def _fact(raw: dict[str, Any]) -> FactDef:
    where = f"facts.yaml: facts[{raw['key']}]"
    otherwise = raw.get("otherwise")
    if isinstance(otherwise, list):
        otherwise = tuple(otherwise)
    return FactDef(
        key=raw["key"],
        section=raw["section"],
        type=raw["type"],
        refs=tuple(raw["refs"]),
        question=raw["question"],
        help=raw.get("help", ""),
        choices=tuple(
            Choice(c["value"], c["label"], tuple(c.get("refs", ())), c.get("group")) for c in raw.get("choices", ())
        ),
        min=raw.get("min", 0),
        ask_when=parse(raw["ask_when"], f"{where}.ask_when") if "ask_when" in raw else None,
        requires=parse(raw["requires"], f"{where}.requires") if "requires" in raw else None,
        otherwise=otherwise,
    )


def _rule(raw: dict[str, Any]) -> Rule:
    where = f"rules.yaml: rules[{raw['id']}]"
    return Rule(
        id=raw["id"],
        refs=tuple(raw["refs"]),
        legal_text=tuple(raw["legal_text"]),
        title=raw["title"],
        when=parse(raw["when"], f"{where}.when"),
        unless=parse(raw["unless"], f"{where}.unless") if "unless" in raw else None,
        unless_refs=tuple(raw.get("unless_refs", ())),
        category=raw.get("category"),
        show=raw.get("show", True),
        legal_review=raw.get("legal_review", False),
        cite_choices=tuple(raw.get("cite_choices", ())),
        not_applicable_refs=tuple(raw.get("not_applicable_refs", ())),
    )


def _duty(raw: dict[str, Any], section: str) -> Duty:
    where = f"obligations.yaml: {section}[{raw['id']}]"
    return Duty(
        id=raw["id"],
        roles=tuple(raw["roles"]),
        refs=tuple(raw["refs"]),
        legal_text=tuple(raw["legal_text"]),
        title=raw["title"],
        when=parse(raw["when"], f"{where}.when"),
        applies_from=tuple(
            DateAlternative(a["date"], parse(a["when"], f"{where}.applies_from") if "when" in a else None)
            for a in raw["applies_from"]
        ),
        unless=parse(raw["unless"], f"{where}.unless") if "unless" in raw else None,
        unless_refs=tuple(raw.get("unless_refs", ())),
        kind=raw.get("kind", "mandatory"),
        legal_review=raw.get("legal_review", False),
        section=raw.get("section"),
        database=raw.get("database"),
    )


def _conditions(ruleset: Ruleset) -> list[tuple[str, Condition]]:
    found: list[tuple[str, Condition]] = []
    for fact in ruleset.facts:
        for name, cond in (("ask_when", fact.ask_when), ("requires", fact.requires)):
            if cond is not None:
                found.append((f"facts.yaml: facts[{fact.key}].{name}", cond))
    for rule in ruleset.rules:
        found.append((f"rules.yaml: rules[{rule.id}].when", rule.when))
        if rule.unless is not None:
            found.append((f"rules.yaml: rules[{rule.id}].unless", rule.unless))
    for section, duties in (("obligations", ruleset.obligations), ("registrations", ruleset.registrations)):
        for duty in duties:
            found.append((f"obligations.yaml: {section}[{duty.id}].when", duty.when))
            if duty.unless is not None:
                found.append((f"obligations.yaml: {section}[{duty.id}].unless", duty.unless))
            found.extend(
                (f"obligations.yaml: {section}[{duty.id}].applies_from", alt.when)
                for alt in duty.applies_from
                if alt.when is not None
            )
    return found


def _check(ruleset: Ruleset) -> None:
    problems: list[str] = []
    versions = {t.id for t in ruleset.legal_texts}
    facts = {f.key: f for f in ruleset.facts}
    rules = {r.id: r for r in ruleset.rules}
    dates = {d.key: d for d in ruleset.dates}
    for kind, items in (("fact", [f.key for f in ruleset.facts]), ("rule", [r.id for r in ruleset.rules])):
        duplicates = {i for i in items if items.count(i) > 1}
        problems.extend(f"duplicate {kind} {d!r}" for d in sorted(duplicates))
    for duties in (ruleset.obligations, ruleset.registrations):
        ids = [d.id for d in duties]
        problems.extend(f"obligations.yaml: duplicate id {d!r}" for d in sorted({i for i in ids if ids.count(i) > 1}))
    for where, cond in _conditions(ruleset):
        problems.extend(f"{where}: unknown rule {r!r}" for r in sorted(cond.rule_ids() - rules.keys()))
        problems.extend(f"{where}: unknown date {d!r}" for d in sorted(cond.date_keys() - dates.keys()))
        problems.extend(_check_fact_tests(where, cond, facts))
    for rule in ruleset.rules:
        problems.extend(
            f"rules.yaml: rules[{rule.id}]: unknown legal text {v!r}" for v in rule.legal_text if v not in versions
        )
        problems.extend(
            f"rules.yaml: rules[{rule.id}]: unknown fact {k!r} in cite_choices"
            for k in rule.cite_choices
            if k not in facts
        )
    for duty in (*ruleset.obligations, *ruleset.registrations):
        for alt in duty.applies_from:
            if alt.date not in dates:
                problems.append(f"obligations.yaml: {duty.id}: unknown date {alt.date!r}")
                continue
            problems.extend(
                f"obligations.yaml: {duty.id}: date {alt.date!r} has no value for legal text {v!r}"
                for v in duty.legal_text
                if dates[alt.date].on(v) is None
            )
    all_refs = [r for f in ruleset.facts for r in f.refs] + [
        ref for rule in ruleset.rules for ref in (*rule.refs, *rule.unless_refs, *rule.not_applicable_refs)
    ]
    problems.extend(f"reference {ref!r} does not parse" for ref in all_refs if not citations.parse(ref))
    problems.extend(_cycles(ruleset))
    if problems:
        raise RulesetError("rule set is inconsistent:\n" + "\n".join(problems))


def _check_fact_tests(where: str, cond: Condition, facts: dict[str, FactDef]) -> list[str]:
    problems: list[str] = []
    for test in _fact_tests(cond):
        fact = facts.get(test.key)
        if fact is None:
            problems.append(f"{where}: unknown fact {test.key!r}")
            continue
        allowed = {
            "bool": {"true"},
            "choice": {"eq", "in", "group"},
            "choices": {"has", "has_any", "empty"},
            "number": {"gt"},
            "date": {"before", "eq"},
        }[fact.type]
        if test.op not in allowed:
            problems.append(f"{where}: {test.op!r} cannot test {fact.type} fact {test.key!r}")
        values = {c.value for c in fact.choices}
        operands = test.operand if isinstance(test.operand, tuple) else (test.operand,)
        if test.op in {"eq", "in", "has", "has_any"} and fact.choices:
            problems.extend(f"{where}: {test.key!r} has no choice {v!r}" for v in operands if v not in values)
        if test.op == "group" and test.operand not in {c.group for c in fact.choices}:
            problems.append(f"{where}: {test.key!r} has no choice group {test.operand!r}")
    return problems


def _fact_tests(cond: Condition) -> list[FactTest]:
    if isinstance(cond, FactTest):
        return [cond]
    return [t for child in cond.children() for t in _fact_tests(child)]


def _cycles(ruleset: Ruleset) -> list[str]:
    """Depth-first search over rule → rule and rule → fact-gate → rule edges."""
    edges: dict[str, set[str]] = {}
    for fact in ruleset.facts:
        gate = fact.gate
        edges[f"fact:{fact.key}"] = (
            set() if gate is None else {f"rule:{r}" for r in gate.rule_ids()} | {f"fact:{k}" for k in gate.fact_keys()}
        )
    for rule in ruleset.rules:
        conds = [rule.when] + ([rule.unless] if rule.unless else [])
        edges[f"rule:{rule.id}"] = {f"rule:{r}" for c in conds for r in c.rule_ids()} | {
            f"fact:{k}" for c in conds for k in c.fact_keys()
        }
    state: dict[str, int] = {}
    problems: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt]
                problems.append("dependency cycle: " + " → ".join(cycle))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return problems
