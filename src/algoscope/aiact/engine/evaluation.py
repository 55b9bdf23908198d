"""One evaluation of the rule set over a set of facts, for one legal-text version (memoised)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .conditions import FALSE, TRUE, UNKNOWN, All, AnyOf, Condition, FactTest, FactValue, Not, Outcome, RuleRef, Unknown
from .facts import describe
from .ruleset import FactDef, Rule, Ruleset


class Evaluation:
    """The :class:`~.conditions.Context` the conditions read facts, rules and dates from."""

    def __init__(self, ruleset: Ruleset, facts: Mapping[str, FactValue], legal_text: str) -> None:
        self.ruleset = ruleset
        self.facts = dict(facts)
        self.legal_text = legal_text
        self._active = {r.id for r in ruleset.rules if legal_text in r.legal_text}
        self._rules: dict[str, Outcome] = {}
        self._facts: dict[str, tuple[FactValue | Unknown, frozenset[str]]] = {}

    # -- Context -----------------------------------------------------------------------------------------------
    def fact(self, key: str) -> tuple[FactValue | Unknown, frozenset[str]]:
        if key not in self._facts:
            self._facts[key] = self._fact(self.ruleset.fact(key))
        return self._facts[key]

    def rule(self, rule_id: str) -> Outcome:
        if rule_id not in self._rules:
            self._rules[rule_id] = self._rule(self.ruleset.rule(rule_id)) if rule_id in self._active else FALSE
        return self._rules[rule_id]

    def date(self, key: str) -> dt.date:
        day = self.ruleset.date_key(key).on(self.legal_text)
        if day is None:
            raise KeyError(f"date {key!r} has no value for legal text {self.legal_text!r}")
        return day

    def in_group(self, key: str, value: str, group: str) -> bool:
        choice = self.ruleset.fact(key).choice(value)
        return choice is not None and choice.group == group

    # -- helpers -----------------------------------------------------------------------------------------------
    def gate(self, fact: FactDef) -> Outcome:
        return TRUE if fact.gate is None else fact.gate.evaluate(self)

    def rule_applies_when(self, rule: Rule) -> Outcome:
        return rule.when.evaluate(self) if rule.id in self._active else FALSE

    def known(self, key: str) -> FactValue | Unknown:
        return self.fact(key)[0]

    def _fact(self, fact: FactDef) -> tuple[FactValue | Unknown, frozenset[str]]:
        gate = self.gate(fact)
        if gate.value is False:
            return fact.otherwise, frozenset()
        if fact.key in self.facts:
            return self.facts[fact.key], frozenset()
        if gate.value is None:
            return UNKNOWN, gate.needed
        return UNKNOWN, frozenset({fact.key})

    def _rule(self, rule: Rule) -> Outcome:
        when = rule.when.evaluate(self)
        if rule.unless is None or when.value is False:
            return when
        unless = rule.unless.evaluate(self)
        if unless.value is True:
            return FALSE
        if when.value is True and unless.value is False:
            return TRUE
        return Outcome(None, when.needed | unless.needed)


def explain(cond: Condition, ev: Evaluation) -> str:
    """A condition in words with the values it read, for error messages: ``biometric_recognition = verification``."""
    if isinstance(cond, All | AnyOf):
        joiner = " and " if isinstance(cond, All) else " or "
        return "(" + joiner.join(explain(m, ev) for m in cond.members) + ")"
    if isinstance(cond, Not):
        return f"not {explain(cond.member, ev)}"
    if isinstance(cond, RuleRef):
        return f"rule {cond.rule_id}"
    assert isinstance(cond, FactTest)
    wanted = {
        "true": "is true",
        "eq": f"is {cond.operand}",
        "in": f"is one of {', '.join(cond.operand)}" if isinstance(cond.operand, tuple) else "",
        "has": f"includes {cond.operand}",
        "has_any": f"includes one of {', '.join(cond.operand)}" if isinstance(cond.operand, tuple) else "",
        "empty": "is empty",
        "gt": f"is more than {cond.operand}",
        "before": f"is before {cond.operand}",
        "group": f"is in group {cond.operand}",
    }[cond.op]
    value = ev.known(cond.key)
    given = "unknown" if isinstance(value, Unknown) else describe(value)
    return f"{cond.key} {wanted} (it is {given})"
