"""Every rule has a positive case and a near-miss negative (one to three facts away); the build fails otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from algoscope.aiact.engine.evaluation import Evaluation
from algoscope.aiact.engine.facts import normalise_facts
from algoscope.aiact.engine.ruleset import load_ruleset

from .scenarios import (
    BENEFITS,
    CHATBOT,
    DEEPFAKE,
    DEROGATED,
    DROP,
    GENERATED_TEXT,
    MEDICAL,
    RBI,
    RBI_WATCHLIST,
    M,
    S,
    area,
    w,
)

OMNIBUS = "2024/1689+omnibus-2026"
M_BIG = w(M, training_compute_flop=2e25, commission_designated=DROP)
EDU = ("education", "education_uses")
EMP = ("employment", "employment_uses")
ESS = ("essential_services", "essential_services_uses")
LAW = ("law_enforcement", "law_enforcement_uses")
MIG = ("migration", "migration_uses")
JUS = ("justice_democracy", "justice_democracy_uses")

# rule id → (facts where it holds, changes that make it not hold)
COVERAGE: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "def.ai_system": (S, {"influences_environment": False}),
    "def.gpai_model": (M, {"is_gpai_model": False, "training_compute_flop": DROP, "commission_designated": DROP}),
    "scope.ai_or_model": (S, {"infers_outputs": False, "influences_environment": DROP}),
    "cat.not_ai_system": (
        {"infers_outputs": False},
        {"infers_outputs": True, "is_gpai_model": False, "influences_environment": True},
    ),
    "excl.2_3": (w(S, art2_exclusion="military_defence_national_security"), {"art2_exclusion": "none"}),
    "excl.2_4": (w(S, art2_exclusion="third_country_cooperation"), {"art2_exclusion": "none"}),
    "excl.2_6": (w(S, art2_exclusion="scientific_research"), {"art2_exclusion": "none"}),
    "excl.2_8": (w(S, art2_exclusion="pre_market_research"), {"art2_exclusion": "none"}),
    "excl.2_10": (w(S, art2_exclusion="personal_use"), {"art2_exclusion": "none"}),
    "scope.candidate": (S, {"art2_exclusion": "scientific_research"}),
    "scope.candidate_system": (S, {"art2_exclusion": "pre_market_research"}),
    "scope.candidate_model": (M, {"art2_exclusion": "scientific_research"}),
    "p5.a": (w(S, manipulative_techniques=True), {"manipulative_techniques": False}),
    "p5.b": (w(S, exploits_vulnerabilities=True), {"exploits_vulnerabilities": False}),
    "p5.c": (w(S, social_scoring=True, social_score_detrimental=True), {"social_score_detrimental": False}),
    "p5.d": (w(S, offence_risk_assessment=True, solely_profiling=True), {"solely_profiling": False}),
    "p5.e": (w(S, untargeted_face_scraping=True), {"untargeted_face_scraping": False}),
    "p5.f": (
        w(S, emotion_recognition=True, emotion_setting="workplace", emotion_medical_or_safety=False),
        {"emotion_medical_or_safety": True},
    ),
    "p5.g": (
        w(S, biometric_categorisation="art5_attributes", biometric_categorisation_exception=False),
        {"biometric_categorisation_exception": True},
    ),
    "p5.h.exception": (RBI, {"rbi_national_law": False}),
    "p5.h": (RBI_WATCHLIST, {"publicly_accessible_space": False, "rbi_objective": DROP}),
    "p5.intimate_imagery": (w(S, intimate_imagery=True), {"intimate_imagery": False}),
    "p5.any": (w(S, exploits_vulnerabilities=True), {"exploits_vulnerabilities": False}),
    "p5.classic": (w(S, untargeted_face_scraping=True), {"untargeted_face_scraping": False}),
    "scope.permitted_system": (S, {"manipulative_techniques": True}),
    "hr.i.section_a": (MEDICAL, {"third_party_conformity": False}),
    "hr.i.section_b": (
        w(S, annex_i_legislation="motor_vehicles", third_party_conformity=True),
        {"third_party_conformity": False},
    ),
    "hr.i.any": (MEDICAL, {"annex_i_legislation": "none", "third_party_conformity": DROP}),
    "hr.iii.1a": (
        w(S, biometric_recognition="remote_identification", rbi_real_time=False),
        {"biometric_recognition": "verification", "rbi_real_time": DROP},
    ),
    "hr.iii.1b": (w(S, biometric_categorisation="protected_attributes"), {"biometric_categorisation": "other"}),
    "hr.iii.1c": (
        w(S, emotion_recognition=True, emotion_setting="other"),
        {"emotion_recognition": False, "emotion_setting": DROP},
    ),
    "hr.iii.2": (
        w(S, annex_iii_areas=["critical_infrastructure"], critical_infrastructure_safety_component=True),
        {"critical_infrastructure_safety_component": False},
    ),
    "hr.iii.3a": (area(*EDU, "admission"), {"education_uses": ["learning_outcomes"]}),
    "hr.iii.3b": (area(*EDU, "learning_outcomes"), {"education_uses": ["admission"]}),
    "hr.iii.3c": (area(*EDU, "education_level"), {"education_uses": ["test_monitoring"]}),
    "hr.iii.3d": (area(*EDU, "test_monitoring"), {"education_uses": ["education_level"]}),
    "hr.iii.4a": (area(*EMP, "recruitment"), {"employment_uses": ["work_decisions"]}),
    "hr.iii.4b": (area(*EMP, "work_decisions"), {"employment_uses": ["recruitment"]}),
    "hr.iii.5a": (area(*ESS, "public_benefits"), {"essential_services_uses": ["emergency_triage"]}),
    "hr.iii.5b": (area(*ESS, "creditworthiness", financial_fraud_detection=False), {"financial_fraud_detection": True}),
    "hr.iii.5c": (area(*ESS, "insurance_pricing"), {"essential_services_uses": ["public_benefits"]}),
    "hr.iii.5d": (area(*ESS, "emergency_triage"), {"essential_services_uses": ["insurance_pricing"]}),
    "hr.iii.6a": (area(*LAW, "victim_risk"), {"law_enforcement_uses": ["polygraph"]}),
    "hr.iii.6b": (area(*LAW, "polygraph"), {"law_enforcement_uses": ["victim_risk"]}),
    "hr.iii.6c": (area(*LAW, "evidence_reliability"), {"law_enforcement_uses": ["profiling_investigation"]}),
    "hr.iii.6d": (area(*LAW, "offending_risk"), {"law_enforcement_uses": ["victim_risk"]}),
    "hr.iii.6e": (area(*LAW, "profiling_investigation"), {"law_enforcement_uses": ["evidence_reliability"]}),
    "hr.iii.6.other_user": (
        area(*LAW, "profiling_investigation", law_enforcement_authority=False),
        {"law_enforcement_authority": True},
    ),
    "hr.iii.7a": (area(*MIG, "polygraph"), {"migration_uses": ["entry_risk"]}),
    "hr.iii.7b": (area(*MIG, "entry_risk"), {"migration_uses": ["polygraph"]}),
    "hr.iii.7c": (area(*MIG, "application_examination"), {"migration_uses": ["entry_risk"]}),
    "hr.iii.7d": (
        area(*MIG, "person_identification", travel_document_verification_only=False),
        {"travel_document_verification_only": True},
    ),
    "hr.iii.8a": (
        area(*JUS, "judicial_assistance"),
        {"justice_democracy_uses": ["election_influence"], "election_tool_not_exposed": False},
    ),
    "hr.iii.8b": (
        area(*JUS, "election_influence", election_tool_not_exposed=False),
        {"election_tool_not_exposed": True},
    ),
    "hr.iii.any": (BENEFITS, {"annex_iii_areas": [], "essential_services_uses": DROP}),
    "hr.iii.beyond_2": (
        BENEFITS,
        {
            "annex_iii_areas": ["critical_infrastructure"],
            "essential_services_uses": DROP,
            "critical_infrastructure_safety_component": True,
        },
    ),
    "hr.iii.restricted_area": (
        area(*LAW, "victim_risk"),
        {"law_enforcement_authority": False},  # a tax office: not a law-enforcement authority (recital 59)
    ),
    "hr.iii.profiling": (BENEFITS, {"profiling": False}),
    "hr.iii.condition_a": (DEROGATED, {"art6_3_conditions": ["improves_human_result"]}),
    "hr.iii.condition_b": (
        w(DEROGATED, art6_3_conditions=["improves_human_result"]),
        {"art6_3_conditions": ["narrow_procedural_task"]},
    ),
    "hr.iii.condition_c": (
        w(DEROGATED, art6_3_conditions=["detects_deviations"]),
        {"art6_3_conditions": ["preparatory_task"]},
    ),
    "hr.iii.condition_d": (
        w(DEROGATED, art6_3_conditions=["preparatory_task"]),
        {"art6_3_conditions": ["detects_deviations"]},
    ),
    "hr.iii.derogation": (DEROGATED, {"no_significant_risk": False}),
    "hr.any": (
        BENEFITS,
        {"profiling": False, "art6_3_conditions": ["narrow_procedural_task"], "no_significant_risk": True},
    ),
    "t50.1": (CHATBOT, {"ai_interaction_obvious": True}),
    "t50.2": (
        w(DEEPFAKE, deepfake=False, evidently_artistic=DROP, synthetic_content=["image"]),
        {"assistive_editing_only": True},
    ),
    "t50.3": (
        w(S, emotion_recognition=True, emotion_setting="other", authorised_for_criminal_offences=False),
        {"authorised_for_criminal_offences": True},
    ),
    "t50.4_deepfake": (DEEPFAKE, {"authorised_for_criminal_offences": True}),
    "t50.4_text": (GENERATED_TEXT, {"editorial_responsibility": True}),
    "t50.any_trigger": (CHATBOT, {"interacts_with_persons": False, "ai_interaction_obvious": DROP}),
    "t50.any": (CHATBOT, {"ai_interaction_obvious": True}),
    "excl.2_12": (w(S, free_open_source=True), {"manipulative_techniques": True}),
    "scope.in_scope_system": (S, {"free_open_source": True}),
    "scope.in_scope": (S, {"free_open_source": True}),
    "gpai.systemic_compute": (M_BIG, {"training_compute_flop": 1e25}),
    "gpai.systemic_designated": (w(M, commission_designated=True), {"commission_designated": False}),
    "gpai.systemic": (M_BIG, {"training_compute_flop": 1e25, "commission_designated": False}),
    "gpai.open_source": (w(M, free_open_source=True), {"training_compute_flop": 5e25}),
    "role.art25_provider": (w(BENEFITS, provider_by_art25=["name_or_trademark"]), {"provider_by_art25": []}),
    "cat.excluded": (w(S, art2_exclusion="personal_use"), {"art2_exclusion": "none"}),
    "cat.prohibited": (w(S, manipulative_techniques=True), {"manipulative_techniques": False}),
    "cat.high_risk_annex_i": (MEDICAL, {"third_party_conformity": False}),
    "cat.high_risk_annex_iii": (
        BENEFITS,
        {"profiling": False, "art6_3_conditions": ["narrow_procedural_task"], "no_significant_risk": True},
    ),
    "cat.not_high_risk_art6_3": (DEROGATED, {"profiling": True}),
    "cat.transparency": (CHATBOT, {"ai_interaction_obvious": True}),
    "cat.minimal": (
        S,
        {"interacts_with_persons": True, "ai_interaction_obvious": False, "authorised_for_criminal_offences": False},
    ),
    "cat.gpai_model": (M, {"training_compute_flop": 2e25}),
    "cat.gpai_model_systemic_risk": (M_BIG, {"training_compute_flop": 1e25, "commission_designated": False}),
}


def rule_value(facts: dict[str, Any], rule_id: str, legal_text: str = OMNIBUS) -> bool | None:
    ruleset = load_ruleset()
    return Evaluation(ruleset, normalise_facts(ruleset, facts), legal_text).rule(rule_id).value


def test_every_rule_has_a_positive_and_a_near_miss_negative_case() -> None:
    assert sorted(r.id for r in load_ruleset().rules) == sorted(COVERAGE)


@pytest.mark.parametrize("rule_id", sorted(COVERAGE))
def test_rule_holds_on_its_positive_case(rule_id: str) -> None:
    positive, _ = COVERAGE[rule_id]
    assert rule_value(positive, rule_id) is True


@pytest.mark.parametrize("rule_id", sorted(COVERAGE))
def test_rule_fails_on_its_near_miss(rule_id: str) -> None:
    positive, changes = COVERAGE[rule_id]
    assert 1 <= len(changes) <= 3, "a near miss changes one to three facts"
    assert rule_value(w(positive, **changes), rule_id) is False


def test_exactly_10_pow_25_flop_is_not_presumed_systemic() -> None:
    assert rule_value(w(M, training_compute_flop=1e25), "gpai.systemic_compute") is False
    assert rule_value(w(M, training_compute_flop=1.0000001e25), "gpai.systemic_compute") is True


def test_intimate_imagery_prohibition_exists_only_in_the_omnibus_text() -> None:
    facts = w(S, intimate_imagery=True)
    assert rule_value(facts, "p5.intimate_imagery", "2024/1689+omnibus-2026") is True
    assert rule_value(facts, "p5.intimate_imagery", "2024/1689") is False
