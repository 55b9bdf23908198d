"""The worked cases of ``shared/data/aiact/cases.csv`` as structured facts (the facts of §3.1, not the prose).

``BASE`` is an ordinary AI system in scope with no trigger: each case states what differs from it.
"""

from __future__ import annotations

from typing import Any

BASE: dict[str, Any] = {
    "infers_outputs": True,
    "is_gpai_model": False,
    "influences_environment": True,
    "art2_exclusion": "none",
    "free_open_source": False,
    "manipulative_techniques": False,
    "exploits_vulnerabilities": False,
    "social_scoring": False,
    "offence_risk_assessment": False,
    "untargeted_face_scraping": False,
    "emotion_recognition": False,
    "biometric_categorisation": "none",
    "biometric_recognition": "none",
    "law_enforcement_purpose": False,
    "intimate_imagery": False,
    "annex_i_legislation": "none",
    "annex_iii_areas": [],
    "interacts_with_persons": False,
    "synthetic_content": [],
    "operator_nature": "public_authority",
    "placed_on_market_on": None,
}


def case(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


CASES: dict[str, dict[str, Any]] = {
    # Benefit fraud scoring on the application file: Annex III 5(a), profiling so no Art. 6(3).
    "AIA-01": case(
        roles=["provider", "deployer"],
        annex_iii_areas=["essential_services"],
        essential_services_uses=["public_benefits"],
        profiling=True,
    ),
    # Live facial recognition at an airport terminal against a general watchlist.
    "AIA-03": case(
        roles=["deployer"],
        biometric_recognition="remote_identification",
        rbi_real_time=True,
        publicly_accessible_space=True,
        law_enforcement_purpose=True,
        rbi_objective="none",
    ),
    # Municipal chatbot on a vendor model answering questions on public services (text published to the public).
    "AIA-07": case(
        roles=["deployer"],
        interacts_with_persons=True,
        ai_interaction_obvious=False,
        synthetic_content=["text"],
        assistive_editing_only=False,
        public_interest_text=True,
        editorial_responsibility=False,
        authorised_for_criminal_offences=False,
    ),
    # Ranking and filtering applicants for civil-service vacancies.
    "AIA-08": case(
        roles=["deployer"],
        annex_iii_areas=["employment"],
        employment_uses=["recruitment"],
        profiling=True,
        provider_by_art25=[],
    ),
    # Emotions of call-centre staff inferred from their voice to evaluate them.
    "AIA-10": case(
        roles=["deployer"], emotion_recognition=True, emotion_setting="workplace", emotion_medical_or_safety=False
    ),
    # Traffic-light optimisation with an independent certified safety controller.
    "AIA-13": case(
        roles=["provider", "deployer"],
        annex_iii_areas=["critical_infrastructure"],
        critical_infrastructure_safety_component=False,
    ),
    # The same without an independent safety interlock.
    "AIA-14": case(
        roles=["provider", "deployer"],
        annex_iii_areas=["critical_infrastructure"],
        critical_infrastructure_safety_component=True,
        profiling=False,
        art6_3_conditions=[],
    ),
    # Spam and phishing filter.
    "AIA-15": case(roles=["deployer"]),
    # Predicting that a person will offend, from profile and personality traits alone.
    "AIA-17": case(
        roles=["deployer"], offence_risk_assessment=True, solely_profiling=True, law_enforcement_purpose=True
    ),
    # Re-offending risk supporting an officer's assessment based on objective facts.
    "AIA-18": case(
        roles=["deployer"],
        offence_risk_assessment=True,
        solely_profiling=False,
        law_enforcement_purpose=True,
        annex_iii_areas=["law_enforcement"],
        law_enforcement_uses=["offending_risk"],
        law_enforcement_authority=True,
        profiling=True,
        provider_by_art25=[],
    ),
    # Creditworthiness of natural persons applying for social loans.
    "AIA-22": case(
        roles=["deployer"],
        annex_iii_areas=["essential_services"],
        essential_services_uses=["creditworthiness"],
        financial_fraud_detection=False,
        profiling=True,
        provider_by_art25=[],
    ),
    # Synthetic video of the minister for a campaign.
    "AIA-25": case(
        roles=["deployer"],
        synthetic_content=["video"],
        assistive_editing_only=False,
        deepfake=True,
        evidently_artistic=False,
        authorised_for_criminal_offences=False,
    ),
    # Lethal autonomous weapon system.
    "AIA-27": case(roles=["provider", "deployer"], art2_exclusion="military_defence_national_security"),
    # Deterministic benefit calculator written by civil servants.
    "AIA-28": {"infers_outputs": False},
    # Open-weight model at about 1e24 FLOP.
    "AIA-31": {
        "infers_outputs": True,
        "is_gpai_model": True,
        "roles": ["provider"],
        "art2_exclusion": "none",
        "free_open_source": True,
        "training_compute_flop": 1e24,
        "commission_designated": False,
        "placed_on_market_on": None,
    },
    # The same consortium above 1e25 FLOP.
    "AIA-32": {
        "infers_outputs": True,
        "is_gpai_model": True,
        "roles": ["provider"],
        "art2_exclusion": "none",
        "free_open_source": True,
        "training_compute_flop": 3e25,
        "placed_on_market_on": None,
    },
    # CE-marked radiology-triage medical-device software.
    "AIA-34": case(
        roles=["deployer"],
        annex_i_legislation="medical_devices",
        third_party_conformity=True,
        provider_by_art25=[],
    ),
    # AI detecting fraudulent loan applications.
    "AIA-40": case(
        roles=["deployer"],
        annex_iii_areas=["essential_services"],
        essential_services_uses=["creditworthiness"],
        financial_fraud_detection=True,
    ),
    # Completeness check of benefit application files before a human assesses eligibility.
    "AIA-41": case(
        roles=["provider", "deployer"],
        annex_iii_areas=["essential_services"],
        essential_services_uses=["public_benefits"],
        profiling=False,
        art6_3_conditions=["narrow_procedural_task", "preparatory_task"],
        no_significant_risk=True,
    ),
    # Automated border e-gates: 1:1 check against the passport chip.
    "AIA-43": case(
        roles=["deployer"],
        biometric_recognition="verification",
        annex_iii_areas=["migration"],
        migration_uses=["person_identification"],
        travel_document_verification_only=True,
    ),
}
