"""Conditions over facts and rules, evaluated in three-valued logic.

A condition is ``True``, ``False`` or unknown (``None``) when facts are missing. Unknown results carry the facts
that could settle them: the questionnaire asks exactly those, and nothing that can no longer change the outcome
(``all`` with one false member is false whatever the others are).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

FactValue = bool | str | float | int | tuple[str, ...] | dt.date | None


class Unknown:
    """The value of a fact nobody has given yet."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = Unknown()


@dataclass(frozen=True)
class Outcome:
    """A three-valued result and, when unknown, the facts that could settle it."""

    value: bool | None
    needed: frozenset[str] = frozenset()


TRUE = Outcome(True)
FALSE = Outcome(False)


class Context(Protocol):
    def fact(self, key: str) -> tuple[FactValue | Unknown, frozenset[str]]: ...

    def rule(self, rule_id: str) -> Outcome: ...

    def date(self, key: str) -> dt.date: ...

    def in_group(self, key: str, value: str, group: str) -> bool: ...


class Condition:
    def evaluate(self, ctx: Context) -> Outcome:
        raise NotImplementedError

    def children(self) -> tuple[Condition, ...]:
        return ()

    def fact_keys(self) -> set[str]:
        """The facts this condition reads directly (not through rules)."""
        return set().union(*(c.fact_keys() for c in self.children()))

    def rule_ids(self) -> set[str]:
        return set().union(*(c.rule_ids() for c in self.children()))

    def date_keys(self) -> set[str]:
        return set().union(*(c.date_keys() for c in self.children()))


@dataclass(frozen=True)
class _Junction(Condition):
    """``all`` / ``any``: the first member equal to ``decisive`` settles it; unknown members carry their needs."""

    members: tuple[Condition, ...]
    decisive: ClassVar[bool]

    def evaluate(self, ctx: Context) -> Outcome:
        needed: set[str] = set()
        unknown = False
        for member in self.members:
            outcome = member.evaluate(ctx)
            if outcome.value is self.decisive:
                return outcome
            if outcome.value is None:
                unknown = True
                needed |= outcome.needed
        return Outcome(None, frozenset(needed)) if unknown else Outcome(not self.decisive)

    def children(self) -> tuple[Condition, ...]:
        return self.members


class All(_Junction):
    decisive = False


class AnyOf(_Junction):
    decisive = True


@dataclass(frozen=True)
class Not(Condition):
    member: Condition

    def evaluate(self, ctx: Context) -> Outcome:
        outcome = self.member.evaluate(ctx)
        return outcome if outcome.value is None else Outcome(not outcome.value)

    def children(self) -> tuple[Condition, ...]:
        return (self.member,)


@dataclass(frozen=True)
class RuleRef(Condition):
    rule_id: str

    def evaluate(self, ctx: Context) -> Outcome:
        return ctx.rule(self.rule_id)

    def rule_ids(self) -> set[str]:
        return {self.rule_id}


@dataclass(frozen=True)
class FactTest(Condition):
    """``{fact: k}`` (a true bool) or ``{fact: k, <op>: operand}``."""

    key: str
    op: str = "true"
    operand: Any = None

    def evaluate(self, ctx: Context) -> Outcome:
        value, needed = ctx.fact(self.key)
        if isinstance(value, Unknown):
            return Outcome(None, needed)
        return Outcome(self._test(value, ctx))

    def _test(self, value: FactValue, ctx: Context) -> bool:
        op, operand = self.op, self.operand
        if op == "true":
            return value is True
        if op == "eq":
            return bool(value == operand)
        if op == "in":
            return value in operand
        if op == "group":
            return isinstance(value, str) and ctx.in_group(self.key, value, operand)
        if op == "gt":
            return isinstance(value, int | float) and not isinstance(value, bool) and value > operand
        if op == "before":
            return isinstance(value, dt.date) and value < ctx.date(operand)
        if not isinstance(value, tuple):
            return False
        if op == "has":
            return operand in value
        if op == "has_any":
            return any(v in value for v in operand)
        return op == "empty" and not value

    def fact_keys(self) -> set[str]:
        return {self.key}

    def date_keys(self) -> set[str]:
        return {self.operand} if self.op == "before" else set()


OPERATORS = ("eq", "in", "has", "has_any", "empty", "gt", "before", "group")


def parse(raw: Any, where: str) -> Condition:
    """Build a condition from its YAML form (already checked against the JSON schema)."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a condition must be a mapping")
    if "all" in raw:
        return All(tuple(parse(m, f"{where}.all[{i}]") for i, m in enumerate(raw["all"])))
    if "any" in raw:
        return AnyOf(tuple(parse(m, f"{where}.any[{i}]") for i, m in enumerate(raw["any"])))
    if "not" in raw:
        return Not(parse(raw["not"], f"{where}.not"))
    if "rule" in raw:
        return RuleRef(raw["rule"])
    ops = [op for op in OPERATORS if op in raw]
    if not ops:
        return FactTest(raw["fact"])
    operand = raw[ops[0]]
    if isinstance(operand, list):
        operand = tuple(operand)
    return FactTest(raw["fact"], ops[0], operand)
