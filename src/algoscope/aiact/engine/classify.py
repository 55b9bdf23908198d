"""Classification: facts in; categories, reasoning, obligations per role and registration duties out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from algoscope.common.errors import Problem

from . import citations
from .conditions import FactValue, Outcome, Unknown
from .errors import MissingFacts, UnknownLegalText
from .evaluation import Evaluation, explain
from .facts import describe, normalise_facts
from .ruleset import CATEGORIES, ROLES, Duty, Ruleset, load_ruleset

Status = Literal["applies", "not_applicable"]
Settle = Callable[[Outcome], bool | None]


@dataclass(frozen=True)
class TraceStep:
    """A rule whose trigger held: it ``applies``, or is ``excepted`` by the exception it names; or a prohibited
    practice or Annex III use the user's answers touched that does ``not_apply`` (with the provisions why)."""

    rule: str
    title: str
    outcome: Literal["applies", "excepted", "not_applicable"]
    refs: tuple[str, ...]
    exception_refs: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]
    category: str | None
    legal_review: bool


@dataclass(frozen=True)
class Transitional:
    date: dt.date
    date_key: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class DutyResult:
    """An obligation or registration for one role, with the date it applies from."""

    id: str
    role: str
    title: str
    refs: tuple[str, ...]
    status: Status
    kind: str
    applies_from: dt.date
    date_key: str
    date_refs: tuple[str, ...]
    in_force: bool
    exception_refs: tuple[str, ...] = ()
    transitional: tuple[Transitional, ...] = ()
    legal_review: bool = False
    section: str | None = None
    database: str | None = None


@dataclass(frozen=True)
class Classification:
    categories: tuple[str, ...]
    trace: tuple[TraceStep, ...]
    obligations: tuple[DutyResult, ...]
    registrations: tuple[DutyResult, ...]
    citations: tuple[str, ...]
    roles: tuple[str, ...]
    facts: tuple[tuple[str, FactValue], ...]
    unused_facts: tuple[str, ...]
    as_of: dt.date
    legal_text: str
    ruleset_version: str
    legal_review: bool
    # Answers to questions that do not arise with the other answers (a follow-up whose parent answer is "no"): not
    # used, each with the condition it needs; never an error, since a filled-in template answers every question.
    ignored_facts: tuple[tuple[str, str], ...] = ()

    def obligations_for(self, role: str) -> tuple[DutyResult, ...]:
        return tuple(o for o in self.obligations if o.role == role)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form (dates as ISO strings), the shape of the API and the CLI."""
        data: dict[str, Any] = _jsonable(
            {
                "categories": list(self.categories),
                "trace": [step.__dict__ for step in self.trace],
                "obligations": {
                    role: [o.__dict__ for o in self.obligations if o.role == role]
                    for role in ROLES
                    if role in self.roles
                },
                "registrations": [r.__dict__ for r in self.registrations],
                "citations": list(self.citations),
                "roles": list(self.roles),
                "facts": {k: v for k, v in self.facts},
                "unused_facts": list(self.unused_facts),
                "ignored_facts": [{"fact": key, "reason": reason} for key, reason in self.ignored_facts],
                "as_of": self.as_of,
                "legal_text": self.legal_text,
                "ruleset_version": self.ruleset_version,
                "legal_review_recommended": self.legal_review,
            }
        )
        return data


@dataclass
class State:
    """Where an evaluation stands: the classification when the facts settle it, else the facts still needed."""

    evaluation: Evaluation
    needed: list[str] = field(default_factory=list)
    classification: Classification | None = None

    @property
    def complete(self) -> bool:
        return self.classification is not None


NOT_APPLICABLE_SHOWN = ("p5.", "hr.iii.")  # Art. 5 practices and Annex III uses


def _touched(rule: Any, keys: list[str], ev: Evaluation) -> bool:
    """Whether the user's answers touched this Art. 5 practice (every practice is asked) or Annex III use: an
    answer in the high-risk section (asked because its area was chosen), or a positive answer elsewhere (a
    biometric system); an area never chosen is not listed."""
    if not rule.id.startswith(NOT_APPLICABLE_SHOWN):
        return False
    given = [k for k in keys if k in ev.facts and k not in ("roles", "annex_iii_areas")]
    if rule.id.startswith("p5."):
        return bool(given)
    return any(ev.ruleset.fact(k).section == "high_risk" or _positive(ev.facts[k]) for k in given)


def _positive(value: Any) -> bool:
    return value not in (None, False, "none", "other", (), [])


def classify(
    facts: Mapping[str, Any],
    *,
    as_of: dt.date | None = None,
    legal_text: str | None = None,
    ruleset: Ruleset | None = None,
) -> Classification:
    """Classify; raises :class:`FactsError` for bad facts and :class:`MissingFacts` when facts are missing."""
    state = evaluate(facts, as_of=as_of, legal_text=legal_text, ruleset=ruleset)
    if state.classification is None:
        rs = state.evaluation.ruleset
        raise MissingFacts(state.needed, {k: rs.fact(k).question for k in state.needed})
    return state.classification


def evaluate(
    facts: Mapping[str, Any],
    *,
    as_of: dt.date | None = None,
    legal_text: str | None = None,
    ruleset: Ruleset | None = None,
) -> State:
    """Evaluate as far as the facts allow (the questionnaire's view); never raises for missing facts."""
    rs = ruleset or load_ruleset()
    version = legal_text or rs.default_legal_text
    if version not in {t.id for t in rs.legal_texts}:
        known = ", ".join(t.id for t in rs.legal_texts)
        raise UnknownLegalText([Problem(("legal_text",), "unknown", f"unknown legal text {version!r}; known: {known}")])
    typed = normalise_facts(rs, facts)
    ev = Evaluation(rs, typed, version)
    needed: set[str] = set()

    def settle(outcome: Outcome) -> bool | None:
        if outcome.value is None:
            needed.update(outcome.needed)
        return outcome.value

    for rule in rs.rules:
        if rule.category or rule.show:
            settle(ev.rule(rule.id))
            if rule.show and settle(ev.rule_applies_when(rule)) and rule.unless is not None:
                settle(rule.unless.evaluate(ev))
    roles = _roles(ev, settle)
    duties = [(d, "obligation") for d in rs.obligations] + [(d, "registration") for d in rs.registrations]
    results: dict[str, list[DutyResult]] = {"obligation": [], "registration": []}
    day = as_of or dt.date.today()
    for duty, kind in duties:
        if version not in duty.legal_text or roles is None or not set(duty.roles) & set(roles):
            continue
        result = _duty(ev, duty, settle, day)
        if result is not None:
            results[kind].extend(replace(result, role=r) for r in duty.roles if r in roles)
    state = State(ev, sorted(needed, key=rs.fact_position))
    if not needed and roles is not None:
        state.classification = _assemble(ev, roles, results["obligation"], results["registration"], day)
    return state


def _roles(ev: Evaluation, settle: Settle) -> tuple[str, ...] | None:
    """The roles held, with provider added when Article 25 applies; ``None`` while that is not known."""
    value, needed = ev.fact("roles")
    art25 = settle(ev.rule("role.art25_provider"))
    if isinstance(value, Unknown):
        settle(Outcome(None, needed))
        return None
    if art25 is None:
        return None
    held = set(value if isinstance(value, tuple) else ()) | ({"provider"} if art25 else set())
    return tuple(r for r in ROLES if r in held)


def _duty(ev: Evaluation, duty: Duty, settle: Settle, as_of: dt.date) -> DutyResult | None:
    if not settle(duty.when.evaluate(ev)):
        return None
    excepted = settle(duty.unless.evaluate(ev)) if duty.unless is not None else False
    if excepted is None:
        return None
    chosen = None
    for alternative in duty.applies_from:
        holds = True if alternative.when is None else settle(alternative.when.evaluate(ev))
        if holds is None:
            return None
        if holds:
            chosen = alternative
            break
    if chosen is None:
        chosen = duty.applies_from[-1]
    rs = ev.ruleset
    start = ev.date(chosen.date)
    others = tuple(
        Transitional(ev.date(a.date), a.date, rs.date_key(a.date).refs) for a in duty.applies_from if a is not chosen
    )
    return DutyResult(
        id=duty.id,
        role="",
        title=duty.title,
        refs=duty.refs,
        status="not_applicable" if excepted else "applies",
        kind=duty.kind,
        applies_from=start,
        date_key=chosen.date,
        date_refs=rs.date_key(chosen.date).refs,
        in_force=not excepted and as_of >= start,
        exception_refs=duty.unless_refs if excepted else (),
        transitional=others,
        legal_review=duty.legal_review,
        section=duty.section,
        database=duty.database,
    )


def _ignored_facts(ev: Evaluation) -> tuple[tuple[str, str], ...]:
    """Answers given although their prerequisite does not hold: (fact, why it is not used)."""
    found = []
    for key, value in ev.facts.items():
        fact = ev.ruleset.fact(key)
        if fact.requires is None or value == fact.otherwise:
            continue
        if fact.requires.evaluate(ev).value is False:
            found.append(
                (key, f"{key} = {describe(value)} is not used: it only counts when {explain(fact.requires, ev)}")
            )
    return tuple(found)


def _assemble(
    ev: Evaluation,
    roles: tuple[str, ...],
    obligations: list[DutyResult],
    registrations: list[DutyResult],
    as_of: dt.date,
) -> Classification:
    rs = ev.ruleset
    categories = [rule.category for rule in rs.rules if rule.category and ev.rule(rule.id).value]
    trace: list[TraceStep] = []
    for rule in rs.rules:
        keys = sorted(rule.when.fact_keys() | (rule.unless.fact_keys() if rule.unless else set()))
        if rule.show and ev.rule_applies_when(rule).value is False and _touched(rule, keys, ev):
            trace.append(
                TraceStep(
                    rule=rule.id,
                    title=rule.title,
                    outcome="not_applicable",
                    refs=rule.refs,
                    exception_refs=rule.not_applicable_refs,
                    facts=tuple((k, describe(ev.facts[k])) for k in keys if k in ev.facts),
                    category=rule.category,
                    legal_review=False,
                )
            )
            continue
        if not rule.show or ev.rule_applies_when(rule).value is not True:
            continue
        applies = bool(ev.rule(rule.id).value)
        used = tuple((k, describe(v)) for k in keys if not isinstance(v := ev.known(k), Unknown))
        chosen = [
            ref
            for key in rule.cite_choices
            for value in _as_tuple(ev.known(key))
            if (choice := rs.fact(key).choice(value)) is not None
            for ref in choice.refs
        ]
        trace.append(
            TraceStep(
                rule=rule.id,
                title=rule.title,
                outcome="applies" if applies else "excepted",
                refs=tuple(dict.fromkeys([*rule.refs, *chosen])),
                exception_refs=rule.unless_refs,
                facts=used,
                category=rule.category,
                legal_review=rule.legal_review,
            )
        )
    cited = [r for step in trace for r in (*step.refs, *step.exception_refs)]
    for duty in (*obligations, *registrations):
        cited.extend((*duty.refs, *duty.exception_refs, *duty.date_refs))
        cited.extend(r for t in duty.transitional for r in t.refs)
    order = {role: i for i, role in enumerate(ROLES)}
    given = [(f.key, ev.facts[f.key]) for f in rs.facts if f.key in ev.facts]
    unused = tuple(k for k, _ in given if ev.gate(rs.fact(k)).value is False)
    return Classification(
        categories=tuple(c for c in CATEGORIES if c in categories),
        trace=tuple(trace),
        obligations=tuple(sorted(obligations, key=lambda o: order[o.role])),
        registrations=tuple(sorted(registrations, key=lambda o: order[o.role])),
        citations=tuple(str(c) for c in citations.parse_all(cited)),
        roles=roles,
        facts=tuple(given),
        unused_facts=unused,
        as_of=as_of,
        legal_text=ev.legal_text,
        ruleset_version=rs.version,
        legal_review=any(s.legal_review for s in trace) or any(o.legal_review for o in obligations),
        ignored_facts=_ignored_facts(ev),
    )


def _as_tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, tuple):
        return value
    return (value,) if isinstance(value, str) else ()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        return _jsonable(value.__dict__)
    return value
