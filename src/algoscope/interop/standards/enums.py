"""Enumerations mapped between the standards and the register's code lists: explicit tables. Pure Python.

Each table maps a standard's value to one of our codes (reading) and our codes back (writing). Where a standard
has fewer values than we do, several of our codes write the same value: the first code listed for a value is the
one reading gives back (so a standard's value survives import and export), the others are written as that value
with a notice. Values with no counterpart are listed in ``UNMAPPABLE`` and in ``docs/interop.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from algoscope.register.content import POLICY_DOMAINS


@dataclass(frozen=True)
class EnumMap:
    """``read``: a standard's value (case-insensitive) → our code; ``write``: our code → the standard's value."""

    name: str
    read: Mapping[str, str]
    write: Mapping[str, str]

    def code(self, value: str) -> str | None:
        folded = " ".join(value.split()).casefold()
        for label, code in self.read.items():
            if label.casefold() == folded:
                return code
        return None

    def value(self, code: str) -> str | None:
        return self.write.get(code)

    def exact(self, code: str) -> bool:
        """Whether writing ``code`` and reading the value back gives ``code`` again."""
        value = self.write.get(code)
        return value is not None and self.code(value) == code

    @property
    def values(self) -> list[str]:
        return list(dict.fromkeys(self.write.values()))


def _inverse(pairs: Mapping[str, str]) -> dict[str, str]:
    return {code: label for label, code in pairs.items()}


# --- NL Algoritmeregister 1.0 ------------------------------------------------------------------------------------
NL_STATUS = EnumMap(
    "NL status",
    read={"In ontwikkeling": "development", "In gebruik": "operational", "Buiten gebruik": "retired"},
    write={
        "planned": "In ontwikkeling",
        "design": "In ontwikkeling",
        "development": "In ontwikkeling",
        "pilot": "In gebruik",
        "evaluation": "In gebruik",
        "operational": "In gebruik",
        "retired": "Buiten gebruik",
    },
)
NL_PUBLICATION_CATEGORY = EnumMap(
    "NL publication_category",
    read={
        "Hoog-risico AI-systeem": "high_risk_ai",
        "Hoog-risico AI-systemen": "high_risk_ai",
        "Impactvolle algoritmes": "impactful",
        "Overige algoritmes": "other",
    },
    write={
        "high_risk_ai": "Hoog-risico AI-systeem",
        "impactful": "Impactvolle algoritmes",
        "other": "Overige algoritmes",
    },
)
_NL_THEMES = {
    "Organisatie en bedrijfsvoering": "government",
    "Cultuur en recreatie": "culture_sports_leisure",
    "Economie": "economy",
    "Overheidsfinanciën": "finance",
    "Wonen": "housing",
    "Internationaal": "international",
    "Migratie en integratie": "immigration_integration",
    "Natuur en milieu": "agriculture_nature_food",
    "Onderwijs en wetenschap": "education_science",
    "Openbare orde en veiligheid": "public_safety",
    "Recht": "justice",
    "Ruimte en infrastructuur": "environment_spatial_planning",
    "Sociale zekerheid": "benefits_subsidies",
    "Verkeer": "traffic_transport",
    "Werk": "work",
    "Zorg en gezondheid": "health",
}
NL_CATEGORY = EnumMap(
    "NL category (theme)",
    read=_NL_THEMES,
    write={
        **_inverse(_NL_THEMES),
        # Nearest theme for the domains the Dutch TOP list does not have.
        "taxes": "Overheidsfinanciën",
        "defence": "Openbare orde en veiligheid",
        "family_youth": "Zorg en gezondheid",
        "travel_abroad": "Internationaal",
    },
)
NL_IMPACT_ASSESSMENTS = {
    "AI Impact Assesment (AIIA)": "aiia",
    "AI Impact Assessment (AIIA)": "aiia",
    "Data Protection Impact Assessment (DPIA)": "dpia",
    "De Ethische Bijsluiter": "ethical_leaflet",
    "De Ethische Data Assistant (DEDA)": "deda",
    "Fundamentele Rechten en Algoritme Impact Assessment (FRAIA)": "fraia",
    "Impact Assessment Mensenrechten en Algoritmes (IAMA)": "iama",
    "Pre-scan DPIA": "dpia",
    "Privacy Quickscan": "privacy_quickscan",
    "Toetsingskader Algemene Rekenkamer": "audit_office_framework",
    "Utrecht Uthiek Assessment": "other",
    "Z-Inspection": "z_inspection",
    "Fundamental Rights Impact Assessment (FRIA)": "fria",
    "FRIA": "fria",
    "Overig": "other",
}
NL_ASSESSMENT_TITLES = {
    "aiia": "AI Impact Assesment (AIIA)",
    "dpia": "Data Protection Impact Assessment (DPIA)",
    "ethical_leaflet": "De Ethische Bijsluiter",
    "deda": "De Ethische Data Assistant (DEDA)",
    "fraia": "Fundamentele Rechten en Algoritme Impact Assessment (FRAIA)",
    "iama": "Impact Assessment Mensenrechten en Algoritmes (IAMA)",
    "privacy_quickscan": "Privacy Quickscan",
    "audit_office_framework": "Toetsingskader Algemene Rekenkamer",
    "z_inspection": "Z-Inspection",
    "fria": "Fundamental Rights Impact Assessment (FRIA)",
    "other": "Overig",
}

# --- Eurocities ATS 0.3.1 (values in English and Dutch, as the schema gives them) ---------------------------------
_ATS_DOMAINS_EN = (
    "taxes",
    "housing, living and living environment",
    "culture, sports and leisure",
    "defence",
    "economy and entrepreneurship",
    "family, youth and households",
    "finance",
    "generic",
    "health and health care",
    "immigration and integration",
    "international collaboration and development aid",
    "agriculture, nature and food",
    "environment, spacial planning and water",
    "education and science",
    "public safety",
    "government",
    "justice",
    "travel, living and working abroad",
    "subsidies, benefits and allowances",
    "traffic and transportation",
    "work and career",
)
_ATS_DOMAINS_NL = (
    "belastingen",
    "bouwen, wonen en leefomgeving",
    "cultuur, sport en vrije tijd",
    "defensie",
    "economie en ondernemen",
    "familie, jeugd en gezin",
    "financiën",
    "generiek",
    "gezondheid en zorg",
    "immigratie, integratie en inburgering",
    "internationale- en ontwikkelingssamenwerking",
    "landbouw, natuur en voedsel",
    "milieu, ruimte en water",
    "onderwijs en wetenschap",
    "openbare orde en veiligheid",
    "overheid, bestuur en koninkrijk",
    "rechtspraak",
    "reizen, wonen en werken in het buitenland",
    "subsidies, uitkeringen en toeslagen",
    "verkeer en vervoer",
    "werk en loopbaan",
)
_DOMAIN_CODES = POLICY_DOMAINS  # the register's codes are the ATS domains, in the same order


def _bilingual(name: str, codes: tuple[str, ...], en: tuple[str, ...], nl: tuple[str, ...]) -> dict[str, EnumMap]:
    read = {**dict(zip(en, codes, strict=True)), **dict(zip(nl, codes, strict=True))}
    return {
        "en": EnumMap(name, read=read, write=dict(zip(codes, en, strict=True))),
        "nl": EnumMap(name, read=read, write=dict(zip(codes, nl, strict=True))),
    }


ATS_DOMAIN = _bilingual("ATS domain", _DOMAIN_CODES, _ATS_DOMAINS_EN, _ATS_DOMAINS_NL)
ATS_STATUS = _bilingual(
    "ATS status",
    ("planned", "design", "development", "pilot", "evaluation", "operational", "retired"),
    ("planned", "design", "development", "pilot", "evaluation", "operational", "retired"),
    ("gepland", "ontwerp", "ontwikkeling", "pilot", "evaluatie", "operationeel", "beëindigd"),
)
ATS_ALGORITHM_TYPE = _bilingual(
    "ATS algorithm_type",
    ("self_learning", "rule_based", "hybrid"),
    ("self-learning", "rule-based", "hybrid"),
    ("zelflerend", "regelgebaseerd", "hybride"),
)
ATS_TYPE = _bilingual(
    "ATS type",
    ("descriptive", "diagnostic", "predictive", "prescriptive"),
    ("descriptive", "diagnostic", "predictive", "prescriptive"),
    ("descriptief", "diagnostisch", "voorspellend", "prescriptief"),
)
ATS_RISK_CATEGORY = _bilingual(
    "ATS risk_category",
    ("minimal", "limited", "high", "unacceptable"),
    ("minimal risk", "limited risk", "high risk", "unacceptable"),
    ("minimaal risico", "beperkt risico", "hoog risico", "onaanvaardbaar"),
)
# The AI Act category of our latest assessment → the ATS risk tier (categories with no tier are not written).
AI_ACT_TO_ATS_RISK = {
    "prohibited": "unacceptable",
    "high_risk_annex_i": "high",
    "high_risk_annex_iii": "high",
    "transparency": "limited",
    "not_high_risk_art6_3": "minimal",
    "minimal": "minimal",
}
AI_ACT_SEVERITY = (
    "prohibited",
    "high_risk_annex_i",
    "high_risk_annex_iii",
    "transparency",
    "not_high_risk_art6_3",
    "minimal",
)

# --- UK ATRS v3.0 --------------------------------------------------------------------------------------------------
ATRS_PHASE = EnumMap(
    "ATRS phase",
    read={
        "pre-deployment": "development",
        "beta-pilot": "pilot",
        "beta/pilot": "pilot",
        "pilot/beta": "pilot",
        "private beta": "pilot",
        "public beta": "pilot",
        "production": "operational",
        "retired": "retired",
    },
    write={
        "planned": "pre-deployment",
        "design": "pre-deployment",
        "development": "pre-deployment",
        "pilot": "beta-pilot",
        "evaluation": "beta-pilot",
        "operational": "production",
        "retired": "retired",
    },
)
ATRS_FUNCTION = EnumMap(
    "ATRS function",
    read={
        "general-public-services": "government",
        "defence": "defence",
        "public-order-and-safety": "public_safety",
        "economic-affairs": "economy",
        "environmental-protection": "environment_spatial_planning",
        "housing-and-community-amenities": "housing",
        "health": "health",
        "recreation-culture-and-religion": "culture_sports_leisure",
        "education": "education_science",
        "social-protection": "benefits_subsidies",
    },
    write={
        "government": "general-public-services",
        "defence": "defence",
        "public_safety": "public-order-and-safety",
        "economy": "economic-affairs",
        "environment_spatial_planning": "environmental-protection",
        "housing": "housing-and-community-amenities",
        "health": "health",
        "culture_sports_leisure": "recreation-culture-and-religion",
        "education_science": "education",
        "benefits_subsidies": "social-protection",
        # COFOG division of the domains the finder has no own value for.
        "taxes": "general-public-services",
        "finance": "general-public-services",
        "international": "general-public-services",
        "travel_abroad": "general-public-services",
        "justice": "public-order-and-safety",
        "immigration_integration": "social-protection",
        "family_youth": "social-protection",
        "agriculture_nature_food": "economic-affairs",
        "traffic_transport": "economic-affairs",
        "work": "economic-affairs",
    },
)
ATRS_FUNCTION_VALUES = (*ATRS_FUNCTION.read, "regulation")  # "regulation" has no policy domain: kept as is
ATRS_ORGANISATION_TYPE = {
    "federal": "ministerial-department",
    "regional": "devolved-administration",
    "community": "devolved-administration",
    "provincial": "local-authority",
    "municipal": "local-authority",
    "agency": "agency-or-public-body",
}

UNMAPPABLE = {
    "NL category (theme)": ["generic (no Dutch theme: not written, listed in the export report)"],
    "ATRS function": ["generic (no COFOG function)", "regulation (no policy domain: kept as an ATRS field)"],
    "ATS risk_category": ["not_ai_system, excluded, gpai_model, not assessed (no tier: the field stays empty)"],
}
