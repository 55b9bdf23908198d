"""Seeded fact builders for engine tests: an ordinary system (``S``), a model (``M``) and small variations."""

from __future__ import annotations

from typing import Any

from .cases import BASE

DROP = object()

S: dict[str, Any] = {**BASE, "roles": ["deployer"]}
M: dict[str, Any] = {
    "infers_outputs": True,
    "is_gpai_model": True,
    "roles": ["provider"],
    "art2_exclusion": "none",
    "free_open_source": False,
    "training_compute_flop": 1e24,
    "commission_designated": False,
    "placed_on_market_on": None,
}


def w(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """``base`` with ``changes``; a value of ``DROP`` removes the key."""
    merged = {**base, **changes}
    return {k: v for k, v in merged.items() if v is not DROP}


BENEFITS = w(S, annex_iii_areas=["essential_services"], essential_services_uses=["public_benefits"], profiling=True)
DEROGATED = w(BENEFITS, profiling=False, art6_3_conditions=["narrow_procedural_task"], no_significant_risk=True)
RBI = w(
    S,
    biometric_recognition="remote_identification",
    rbi_real_time=True,
    publicly_accessible_space=True,
    law_enforcement_purpose=True,
    rbi_objective="victims_missing_persons",
    rbi_national_law=True,
    rbi_authorisation=True,
)
RBI_WATCHLIST = w(RBI, rbi_objective="none", rbi_national_law=DROP, rbi_authorisation=DROP)
CHATBOT = w(S, interacts_with_persons=True, ai_interaction_obvious=False, authorised_for_criminal_offences=False)
DEEPFAKE = w(
    S,
    synthetic_content=["video"],
    assistive_editing_only=False,
    deepfake=True,
    evidently_artistic=False,
    authorised_for_criminal_offences=False,
)
GENERATED_TEXT = w(
    S,
    synthetic_content=["text"],
    assistive_editing_only=False,
    public_interest_text=True,
    editorial_responsibility=False,
    authorised_for_criminal_offences=False,
)
MEDICAL = w(S, annex_i_legislation="medical_devices", third_party_conformity=True)


def area(name: str, fact: str, *uses: str, **extra: Any) -> dict[str, Any]:
    """An in-scope system in one Annex III area with these uses (law enforcement: by a law-enforcement
    authority unless ``extra`` says otherwise)."""
    authority = {"law_enforcement_authority": True} if name == "law_enforcement" else {}
    return w(S, annex_iii_areas=[name], **{fact: list(uses)}, **{**authority, **extra})


# Prohibited-practice triggers without a valid exception, each as changes to any in-scope system.
PROHIBITED_TRIGGERS: dict[str, dict[str, Any]] = {
    "p5.a": {"manipulative_techniques": True},
    "p5.b": {"exploits_vulnerabilities": True},
    "p5.c": {"social_scoring": True, "social_score_detrimental": True},
    "p5.d": {"offence_risk_assessment": True, "solely_profiling": True},
    "p5.e": {"untargeted_face_scraping": True},
    "p5.f": {"emotion_recognition": True, "emotion_setting": "education", "emotion_medical_or_safety": False},
    "p5.g": {"biometric_categorisation": "art5_attributes", "biometric_categorisation_exception": False},
    "p5.h": {
        "biometric_recognition": "remote_identification",
        "rbi_real_time": True,
        "publicly_accessible_space": True,
        "law_enforcement_purpose": True,
        "rbi_objective": "serious_crime_suspect",
        "rbi_national_law": False,
        "rbi_authorisation": True,
    },
    "p5.intimate_imagery": {"intimate_imagery": True},
}
