"""Checking the facts a caller gives: known keys, right types, allowed values, no contradictions."""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Mapping
from typing import Any

from algoscope.common.errors import Problem

from .conditions import FactValue
from .errors import FactsError
from .ruleset import FactDef, Ruleset


def normalise_facts(ruleset: Ruleset, raw: Mapping[str, Any]) -> dict[str, FactValue]:
    """Typed facts from JSON-like input. Raises :class:`FactsError` listing every bad key or value."""
    if not isinstance(raw, Mapping):
        raise FactsError([Problem(("facts",), "type", "facts must be an object of fact keys and values")])
    problems: list[Problem] = []
    facts: dict[str, FactValue] = {}
    known = [f.key for f in ruleset.facts]
    for key, value in raw.items():
        if not ruleset.has_fact(str(key)):
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(Problem(("facts", str(key)), "unknown-fact", f"unknown fact {key!r}{hint}"))
            continue
        try:
            facts[key] = _typed(ruleset.fact(key), value)
        except ValueError as exc:
            problems.append(Problem(("facts", key), "invalid-value", str(exc)))
    if problems:
        raise FactsError(problems)
    return facts


def _typed(fact: FactDef, value: Any) -> FactValue:
    values = [c.value for c in fact.choices]
    if fact.type == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{fact.key} must be true or false, not {value!r}")
        return value
    if fact.type == "choice":
        if value not in values:
            raise ValueError(f"{fact.key} must be one of {', '.join(values)}; got {value!r}")
        return str(value)
    if fact.type == "choices":
        if not isinstance(value, list | tuple):
            raise ValueError(f"{fact.key} must be a list of {', '.join(values)}")
        wrong = [v for v in value if v not in values]
        if wrong:
            raise ValueError(f"{fact.key}: {', '.join(map(repr, wrong))} not among {', '.join(values)}")
        if len(set(value)) != len(value):
            raise ValueError(f"{fact.key} lists a value twice")
        if "none" in value and len(value) > 1:
            raise ValueError(f"{fact.key}: 'none' (none of these) cannot be combined with another value")
        if len(value) < fact.min:
            raise ValueError(f"{fact.key} needs at least {fact.min} value(s)")
        return tuple(v for v in values if v in value)
    if fact.type == "number":
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise ValueError(f"{fact.key} must be a number such as 1e24, not {value!r}") from None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise ValueError(f"{fact.key} must be a finite number of at least 0, not {value!r}")
        return value
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{fact.key} must be a date as YYYY-MM-DD, or null for 'not yet'; got {value!r}") from None


def describe(value: FactValue) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)
