"""Property tests: prohibited triggers always win, results are deterministic, cite articles and ignore role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from algoscope.aiact.engine.classify import classify, evaluate
from algoscope.aiact.engine.evaluation import Evaluation
from algoscope.aiact.engine.facts import normalise_facts
from algoscope.aiact.engine.ruleset import load_ruleset

from .scenarios import PROHIBITED_TRIGGERS, S, w

AREAS = {
    "education": ("education_uses", ["admission", "learning_outcomes", "education_level", "test_monitoring"]),
    "employment": ("employment_uses", ["recruitment", "work_decisions"]),
    "essential_services": ("essential_services_uses", ["public_benefits", "insurance_pricing", "emergency_triage"]),
    "law_enforcement": (
        "law_enforcement_uses",
        ["victim_risk", "polygraph", "evidence_reliability", "profiling_investigation"],
    ),
    "migration": ("migration_uses", ["polygraph", "entry_risk", "application_examination"]),
}


@st.composite
def systems(draw: st.DrawFn) -> dict[str, Any]:
    """Complete, consistent fact sets for in-scope AI systems with random Annex III uses and Art. 50 situations."""
    facts = w(
        S,
        roles=draw(
            st.lists(st.sampled_from(["provider", "deployer", "importer", "distributor"]), min_size=1, unique=True)
        ),
    )
    areas = draw(st.lists(st.sampled_from(sorted(AREAS)), unique=True, max_size=2))
    facts["annex_iii_areas"] = areas
    for name in areas:
        key, uses = AREAS[name]
        facts[key] = draw(st.lists(st.sampled_from(uses), min_size=1, unique=True))
        if name == "law_enforcement":
            facts["law_enforcement_authority"] = draw(st.booleans())
    if areas:
        facts["profiling"] = draw(st.booleans())
        facts["art6_3_conditions"] = draw(
            st.lists(st.sampled_from(["narrow_procedural_task", "preparatory_task"]), unique=True)
        )
        if facts["art6_3_conditions"]:
            facts["no_significant_risk"] = draw(st.booleans())
    if draw(st.booleans()):
        facts.update(interacts_with_persons=True, ai_interaction_obvious=draw(st.booleans()))
    facts["authorised_for_criminal_offences"] = False
    facts["provider_by_art25"] = []
    facts["significant_change"] = False
    facts["placed_on_market_on"] = draw(st.sampled_from([None, "2020-01-01", "2027-01-01", "2029-01-01"]))
    if "provider" in facts["roles"] or not set(facts["roles"]) & {"deployer", "importer", "distributor"}:
        facts.pop("provider_by_art25")
    return facts


def category_values(facts: dict[str, Any]) -> dict[str, bool | None]:
    ruleset = load_ruleset()
    ev = Evaluation(ruleset, normalise_facts(ruleset, facts), ruleset.default_legal_text)
    return {r.category: ev.rule(r.id).value for r in ruleset.rules if r.category}


@settings(max_examples=150, deadline=None)
@given(systems(), st.sampled_from(sorted(PROHIBITED_TRIGGERS)))
def test_adding_a_prohibited_trigger_without_exception_always_yields_prohibited(
    facts: dict[str, Any], trigger: str
) -> None:
    values = category_values({**facts, **PROHIBITED_TRIGGERS[trigger]})
    assert values["prohibited"] is True
    assert {c for c, v in values.items() if v} == {"prohibited"}


@settings(max_examples=100, deadline=None)
@given(systems())
def test_classification_is_complete_deterministic_and_cites_articles(facts: dict[str, Any]) -> None:
    first = classify(facts, as_of=dt.date(2027, 1, 1))
    again = classify(dict(reversed(list(facts.items()))), as_of=dt.date(2027, 1, 1))
    assert first == again
    assert first.categories
    assert first.citations
    assert all(step.refs for step in first.trace)


@settings(max_examples=100, deadline=None)
@given(
    systems(), st.lists(st.sampled_from(["provider", "deployer", "importer", "distributor"]), min_size=1, unique=True)
)
def test_the_category_does_not_depend_on_the_role(facts: dict[str, Any], roles: list[str]) -> None:
    other = {**facts, "roles": roles}
    other.pop("provider_by_art25", None)
    if set(roles) & {"deployer", "importer", "distributor"} and "provider" not in roles:
        other["provider_by_art25"] = []
    assert category_values(facts) == category_values(other)


@settings(max_examples=100, deadline=None)
@given(systems())
def test_transparency_is_independent_of_the_risk_class(facts: dict[str, Any]) -> None:
    without_uses = {
        k: v
        for k, v in facts.items()
        if not k.endswith("_uses") and k not in {"profiling", "art6_3_conditions", "no_significant_risk"}
    }
    without_uses["annex_iii_areas"] = []
    assert category_values(facts)["transparency"] == category_values(without_uses)["transparency"]


@settings(max_examples=60, deadline=None)
@given(systems())
def test_evaluating_the_same_facts_twice_asks_nothing(facts: dict[str, Any]) -> None:
    assert evaluate(facts).needed == []
