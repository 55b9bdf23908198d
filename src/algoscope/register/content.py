"""The canonical content of an algorithm record: its fields and code lists. Pure Python (validation: ``validation``).

One table (``FIELDS``) describes every field of the crosswalk in ``shared/research/registers.md`` §5. The
editor form, the API schema (checked by a contract test), the diff, the exports and the importers all read it,
so a field is added in one place.

Texts that residents read exist per language (``{"nl": ..., "fr": ..., "de": ..., "en": ...}``); the record's
``original_language`` says which one is authoritative, and ``resolve_text`` falls back to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from algoscope.common.multilingual import LANGUAGES


def _(text: str) -> str:
    """Marks a label for translation (makemessages extracts it); it is translated where it is shown."""
    return text


class Kind(StrEnum):
    I18N_TEXT = "i18n_text"  # one line per language
    I18N_MARKDOWN = "i18n_markdown"  # Markdown per language, rendered through a sanitiser
    TEXT = "text"  # one line, not translated (a supplier's name, a phone number, an id)
    EMAIL_OR_URL = "email_or_url"
    URL = "url"
    CODE = "code"  # one value of a code list
    CODES = "codes"  # several values of a code list
    MONTH = "month"  # YYYY-MM
    LINKS = "links"  # [{title, link}]
    ASSESSMENTS = "assessments"  # [{type, title, link}]
    RISKS = "risks"  # [{risk: {lang: text}, mitigation: {lang: text}}]
    KEYWORDS = "keywords"  # [str]
    EXTENSIONS = "extensions"  # {standard: {field: text}}: fields of another standard that no field here holds


# Code lists. Stored values are stable lowercase English codes; labels live in translations.
LIFECYCLE_STATUSES: Final = (
    "planned",
    "design",
    "development",
    "pilot",
    "evaluation",
    "operational",
    "retired",
)
PUBLICATION_CATEGORIES: Final = ("high_risk_ai", "impactful", "other")
LEARNING_TYPES: Final = ("self_learning", "rule_based", "hybrid")
ANALYTICS_TYPES: Final = ("descriptive", "diagnostic", "predictive", "prescriptive")
# The 21 policy domains of the Eurocities standard (schema v0.3.1, attribute ``domain``).
POLICY_DOMAINS: Final = (
    "taxes",
    "housing",
    "culture_sports_leisure",
    "defence",
    "economy",
    "family_youth",
    "finance",
    "generic",
    "health",
    "immigration_integration",
    "international",
    "agriculture_nature_food",
    "environment_spatial_planning",
    "education_science",
    "public_safety",
    "government",
    "justice",
    "travel_abroad",
    "benefits_subsidies",
    "traffic_transport",
    "work",
)
# Impact assessment types: the Dutch register's recommended titles plus the AI Act FRIA.
ASSESSMENT_TYPES: Final = (
    "dpia",
    "fria",
    "iama",
    "fraia",
    "aiia",
    "deda",
    "ethical_leaflet",
    "privacy_quickscan",
    "audit_office_framework",
    "z_inspection",
    "other",
)

CODE_LISTS: Final[Mapping[str, tuple[str, ...]]] = {
    "language": LANGUAGES,
    "lifecycle_status": LIFECYCLE_STATUSES,
    "publication_category": PUBLICATION_CATEGORIES,
    "learning_type": LEARNING_TYPES,
    "analytics_type": ANALYTICS_TYPES,
    "policy_domain": POLICY_DOMAINS,
    "assessment_type": ASSESSMENT_TYPES,
}

MAX_LIST_ITEMS: Final = 50
MAX_KEYWORDS: Final = 30


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: Kind
    group: str
    label: str
    max_length: int = 0
    code_list: str = ""
    required: bool = False  # needed to save a draft
    required_for_review: bool = False  # needed before a draft can be submitted for review
    help: str = ""

    @property
    def translated(self) -> bool:
        return self.kind in (Kind.I18N_TEXT, Kind.I18N_MARKDOWN, Kind.RISKS)


GROUPS: Final = ("general", "responsible_use", "operation", "metadata")

FIELDS: Final[tuple[FieldSpec, ...]] = (
    # General information
    FieldSpec(
        "original_language",
        Kind.CODE,
        "metadata",
        _("Original language"),
        code_list="language",
        required=True,
        help=_("The language the description was written in; the others are translations."),
    ),
    FieldSpec("name", Kind.I18N_TEXT, "general", _("Name"), 150, required=True),
    FieldSpec(
        "short_description",
        Kind.I18N_TEXT,
        "general",
        _("Short description"),
        400,
        required_for_review=True,
        help=_("Two or three plain sentences; shown in search results."),
    ),
    FieldSpec("department", Kind.I18N_TEXT, "general", _("Department or team"), 200),
    FieldSpec(
        "contact_email",
        Kind.EMAIL_OR_URL,
        "general",
        _("Contact (e-mail or web form)"),
        254,
        required_for_review=True,
        help=_("A generic inbox or contact form, not a person."),
    ),
    FieldSpec("contact_phone", Kind.TEXT, "general", _("Contact telephone"), 40),
    FieldSpec("policy_domains", Kind.CODES, "general", _("Policy domains"), code_list="policy_domain"),
    FieldSpec("geography", Kind.I18N_TEXT, "general", _("Area where it is used"), 200),
    FieldSpec("lifecycle_status", Kind.CODE, "general", _("Status"), code_list="lifecycle_status", required=True),
    FieldSpec("start_date", Kind.MONTH, "general", _("In use since"), help=_("Year and month: YYYY-MM.")),
    FieldSpec("end_date", Kind.MONTH, "general", _("In use until"), help=_("Year and month: YYYY-MM.")),
    FieldSpec(
        "publication_category",
        Kind.CODE,
        "general",
        _("Publication category"),
        code_list="publication_category",
        required=True,
    ),
    FieldSpec("more_info_url", Kind.URL, "general", _("Public page with more information"), 500),
    FieldSpec("source_register_url", Kind.URL, "general", _("Entry in the organisation's own register"), 500),
    # Responsible use
    FieldSpec(
        "purpose_and_impact",
        Kind.I18N_MARKDOWN,
        "responsible_use",
        _("Purpose and impact"),
        5000,
        required_for_review=True,
    ),
    FieldSpec("decision_process", Kind.I18N_MARKDOWN, "responsible_use", _("Role in the decision process"), 5000),
    FieldSpec("proportionality", Kind.I18N_MARKDOWN, "responsible_use", _("Proportionality and considerations"), 5000),
    FieldSpec("alternatives", Kind.I18N_MARKDOWN, "responsible_use", _("Alternatives considered"), 5000),
    FieldSpec(
        "human_oversight",
        Kind.I18N_MARKDOWN,
        "responsible_use",
        _("Human oversight"),
        5000,
        required_for_review=True,
    ),
    FieldSpec("objection_procedure", Kind.I18N_MARKDOWN, "responsible_use", _("Objection and appeal"), 5000),
    FieldSpec("risks", Kind.RISKS, "responsible_use", _("Risks and mitigations"), 2500),
    FieldSpec("legal_bases", Kind.LINKS, "responsible_use", _("Legal bases"), 500),
    FieldSpec("legal_basis_notes", Kind.I18N_MARKDOWN, "responsible_use", _("Notes on the legal basis"), 2500),
    FieldSpec(
        "impact_assessments",
        Kind.ASSESSMENTS,
        "responsible_use",
        _("Impact assessments"),
        500,
        code_list="assessment_type",
    ),
    FieldSpec("impact_assessment_notes", Kind.I18N_MARKDOWN, "responsible_use", _("Notes on impact assessments"), 2500),
    FieldSpec("processing_register_url", Kind.URL, "responsible_use", _("Entry in the GDPR processing register"), 500),
    # How it works
    FieldSpec("learning_type", Kind.CODE, "operation", _("Type of algorithm"), code_list="learning_type"),
    FieldSpec("analytics_type", Kind.CODE, "operation", _("Type of analysis"), code_list="analytics_type"),
    FieldSpec("data_description", Kind.I18N_MARKDOWN, "operation", _("Data used"), 5000),
    FieldSpec("data_sources", Kind.LINKS, "operation", _("Data sources"), 500),
    FieldSpec("methods_and_models", Kind.I18N_MARKDOWN, "operation", _("Methods and models"), 5000),
    FieldSpec(
        "supplier", Kind.TEXT, "operation", _("Supplier"), 200, help=_("'Developed in-house' if built in-house.")
    ),
    FieldSpec("source_code_url", Kind.URL, "operation", _("Source code"), 500),
    FieldSpec("keywords", Kind.KEYWORDS, "metadata", _("Keywords"), 60),
    FieldSpec(
        "extensions",
        Kind.EXTENSIONS,
        "metadata",
        _("Fields kept from other standards"),
        20000,
        help=_("Filled by imports: what a standard holds and this register has no field for, kept for exports."),
    ),
    FieldSpec(
        "source_id",
        Kind.TEXT,
        "metadata",
        _("Your own identifier"),
        100,
        help=_("The id in your own systems; imports match on it."),
    ),
)

FIELDS_BY_KEY: Final[Mapping[str, FieldSpec]] = {spec.key: spec for spec in FIELDS}

Content = dict[str, Any]


def empty_content() -> Content:
    return {spec.key: _empty_value(spec.kind) for spec in FIELDS}


def _empty_value(kind: Kind) -> Any:
    if kind in (Kind.I18N_TEXT, Kind.I18N_MARKDOWN, Kind.EXTENSIONS):
        return {}
    if kind in (Kind.CODES, Kind.LINKS, Kind.ASSESSMENTS, Kind.RISKS, Kind.KEYWORDS):
        return []
    return ""


def merge_content(base: Mapping[str, Any], patch: Mapping[str, Any]) -> Content:
    """Apply a partial update: top-level keys replace; texts per language merge (``null`` removes one)."""
    merged = dict(base)
    for key, value in patch.items():
        spec = FIELDS_BY_KEY.get(key)
        if spec is not None and spec.kind in (Kind.I18N_TEXT, Kind.I18N_MARKDOWN) and isinstance(value, Mapping):
            texts = dict(base.get(key) or {})
            for lang, text in value.items():
                if text is None:
                    texts.pop(lang, None)
                else:
                    texts[lang] = text
            merged[key] = texts
        else:
            merged[key] = value
    return merged


def content_languages(content: Mapping[str, Any]) -> list[str]:
    """The languages in which the record has at least its name and short description."""
    names = content.get("name") or {}
    shorts = content.get("short_description") or {}
    return [lang for lang in LANGUAGES if names.get(lang) and shorts.get(lang)]
