"""The canonical content of an algorithm record: its fields, code lists and validation. Pure Python.

One table (``FIELDS``) describes every field of the crosswalk in ``shared/research/registers.md`` §5. The
editor form, the API schema (checked by a contract test), the diff, the exports and the importers all read it,
so a field is added in one place.

Texts that residents read exist per language (``{"nl": ..., "fr": ..., "de": ..., "en": ...}``); the record's
``original_language`` says which one is authoritative, and ``resolve_text`` falls back to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final
from urllib.parse import urlsplit

from algoscope.common.errors import InvalidInput, Loc, Problem

LANGUAGES: Final = ("nl", "fr", "de", "en")


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

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# Control characters other than tab, newline and carriage return are never valid text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Content = dict[str, Any]


def empty_content() -> Content:
    return {spec.key: _empty_value(spec.kind) for spec in FIELDS}


def _empty_value(kind: Kind) -> Any:
    if kind in (Kind.I18N_TEXT, Kind.I18N_MARKDOWN, Kind.EXTENSIONS):
        return {}
    if kind in (Kind.CODES, Kind.LINKS, Kind.ASSESSMENTS, Kind.RISKS, Kind.KEYWORDS):
        return []
    return ""


def is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


class _Checker:
    """Collects every problem of one content dict, then raises them together."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, loc: Loc, code: str, template: str, **params: Any) -> None:
        self.problems.append(Problem(loc, code, template, params))

    def text(self, loc: Loc, value: Any, max_length: int, *, multiline: bool) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.add(loc, "type", _("must be text"))
            return ""
        text: str = value.replace("\r\n", "\n").strip()
        if _CONTROL.search(text):
            self.add(loc, "control-character", _("contains a control character"))
        if not multiline and "\n" in text:
            self.add(loc, "single-line", _("must be a single line"))
        if max_length and len(text) > max_length:
            self.add(
                loc, "too-long", _("at most {limit} characters (got {length})"), limit=max_length, length=len(text)
            )
        return text

    def i18n(self, loc: Loc, value: Any, max_length: int, *, multiline: bool) -> dict[str, str]:
        if value is None or value == "":
            return {}
        if not isinstance(value, Mapping):
            self.add(loc, "type", _("must be an object of texts per language (nl, fr, de, en)"))
            return {}
        clean: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in LANGUAGES:
                self.add(
                    (*loc, str(lang)),
                    "unknown-language",
                    _("unknown language {value!r}; use nl, fr, de or en"),
                    value=lang,
                )
                continue
            checked = self.text((*loc, lang), text, max_length, multiline=multiline)
            if checked:
                clean[lang] = checked
        return {lang: clean[lang] for lang in LANGUAGES if lang in clean}

    def url(self, loc: Loc, value: Any, max_length: int) -> str:
        text = self.text(loc, value, max_length, multiline=False)
        if text and not is_url(text):
            self.add(loc, "invalid-url", _("must be a web address starting with http:// or https://"))
        return text

    def code(self, loc: Loc, value: Any, code_list: str) -> str:
        if value in (None, ""):
            return ""
        allowed = CODE_LISTS[code_list]
        if value not in allowed:
            self.add(
                loc,
                "unknown-code",
                _("unknown value {value!r}; allowed: {allowed}"),
                value=value,
                allowed=", ".join(allowed),
            )
            return ""
        return str(value)

    def items(self, loc: Loc, value: Any, limit: int) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(loc, "type", _("must be a list"))
            return []
        if len(value) > limit:
            self.add(loc, "too-many", _("at most {limit} items (got {count})"), limit=limit, count=len(value))
            return []
        return value

    def mapping(self, loc: Loc, item: Any, keys: tuple[str, ...]) -> Mapping[str, Any] | None:
        if not isinstance(item, Mapping):
            self.add(loc, "type", _("must be an object with {keys}"), keys=", ".join(keys))
            return None
        for unknown in sorted(set(item) - set(keys)):
            self.add((*loc, unknown), "unknown-field", _("unknown field {name!r}"), name=unknown)
        return item


def _check_field(check: _Checker, spec: FieldSpec, value: Any) -> Any:
    loc: Loc = (spec.key,)
    kind = spec.kind
    if kind is Kind.I18N_TEXT:
        return check.i18n(loc, value, spec.max_length, multiline=False)
    if kind is Kind.I18N_MARKDOWN:
        return check.i18n(loc, value, spec.max_length, multiline=True)
    if kind is Kind.TEXT:
        return check.text(loc, value, spec.max_length, multiline=False)
    if kind is Kind.URL:
        return check.url(loc, value, spec.max_length)
    if kind is Kind.EMAIL_OR_URL:
        text = check.text(loc, value, spec.max_length, multiline=False)
        if text and not (_EMAIL.match(text) or is_url(text)):
            check.add(loc, "invalid-contact", _("must be an e-mail address or a web address (https://...)"))
        return text
    if kind is Kind.CODE:
        return check.code(loc, value, spec.code_list)
    if kind is Kind.MONTH:
        text = check.text(loc, value, 7, multiline=False)
        if text and not _MONTH.match(text):
            check.add(loc, "invalid-month", _("must be a month written YYYY-MM, e.g. 2024-03"))
        return text
    if kind is Kind.CODES:
        codes = [check.code((*loc, i), v, spec.code_list) for i, v in enumerate(check.items(loc, value, 30))]
        return sorted(set(filter(None, codes)), key=CODE_LISTS[spec.code_list].index)
    if kind is Kind.KEYWORDS:
        words: list[str] = []
        for i, v in enumerate(check.items(loc, value, MAX_KEYWORDS)):
            word = check.text((*loc, i), v, spec.max_length, multiline=False)
            if word and word.casefold() not in {w.casefold() for w in words}:
                words.append(word)
        return words
    if kind in (Kind.LINKS, Kind.ASSESSMENTS):
        return _check_links(check, spec, value)
    if kind is Kind.RISKS:
        return _check_risks(check, spec, value)
    if kind is Kind.EXTENSIONS:
        return _check_extensions(check, spec, value)
    raise AssertionError(f"unhandled kind {kind}")  # pragma: no cover


def _check_links(check: _Checker, spec: FieldSpec, value: Any) -> list[dict[str, str]]:
    keys = ("type", "title", "link") if spec.kind is Kind.ASSESSMENTS else ("title", "link")
    clean: list[dict[str, str]] = []
    for i, item in enumerate(check.items((spec.key,), value, MAX_LIST_ITEMS)):
        loc: Loc = (spec.key, i)
        mapping = check.mapping(loc, item, keys)
        if mapping is None:
            continue
        row = {
            "title": check.text((*loc, "title"), mapping.get("title"), 200, multiline=False),
            "link": check.url((*loc, "link"), mapping.get("link"), spec.max_length),
        }
        if spec.kind is Kind.ASSESSMENTS:
            row = {"type": check.code((*loc, "type"), mapping.get("type"), spec.code_list), **row}
            if not row["type"] and not mapping.get("type"):
                check.add((*loc, "type"), "required", _("is required"))
        if not row["title"]:
            check.add((*loc, "title"), "required", _("is required"))
        if spec.kind is Kind.LINKS and not row["link"]:
            check.add((*loc, "link"), "required", _("is required"))
        clean.append(row)
    return clean


def _check_risks(check: _Checker, spec: FieldSpec, value: Any) -> list[dict[str, dict[str, str]]]:
    clean: list[dict[str, dict[str, str]]] = []
    for i, item in enumerate(check.items((spec.key,), value, MAX_LIST_ITEMS)):
        loc: Loc = (spec.key, i)
        mapping = check.mapping(loc, item, ("risk", "mitigation"))
        if mapping is None:
            continue
        risk = check.i18n((*loc, "risk"), mapping.get("risk"), spec.max_length, multiline=True)
        mitigation = check.i18n((*loc, "mitigation"), mapping.get("mitigation"), spec.max_length, multiline=True)
        if not risk:
            check.add((*loc, "risk"), "required", _("describe the risk in at least one language"))
        clean.append({"risk": risk, "mitigation": mitigation})
    return clean


_EXTENSION_KEY = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
_EXTENSION_FIELD = re.compile(r"^[A-Za-z][A-Za-z0-9_.]{0,79}$")


def _check_extensions(check: _Checker, spec: FieldSpec, value: Any) -> dict[str, dict[str, str]]:
    if value in (None, ""):
        return {}
    if not isinstance(value, Mapping):
        check.add((spec.key,), "type", _("must be an object of fields per standard"))
        return {}
    clean: dict[str, dict[str, str]] = {}
    for standard in sorted(value):
        fields = value[standard]
        loc: Loc = (spec.key, str(standard))
        if not isinstance(standard, str) or not _EXTENSION_KEY.match(standard):
            check.add(loc, "invalid-key", _("a standard's key is lowercase letters, digits and hyphens"))
            continue
        if not isinstance(fields, Mapping):
            check.add(loc, "type", _("must be an object of texts per field"))
            continue
        texts = {}
        for name in sorted(fields):
            if not isinstance(name, str) or not _EXTENSION_FIELD.match(name):
                check.add((*loc, str(name)), "invalid-key", _("a field name is letters, digits, '_' and '.'"))
                continue
            text = check.text((*loc, name), fields[name], spec.max_length, multiline=True)
            if text:
                texts[name] = text
        if texts:
            clean[standard] = texts
    return clean


def _is_empty(value: Any) -> bool:
    return value in ("", None, [], {})


def validate_content(data: Any, *, for_review: bool = False) -> Content:
    """Return the cleaned content, or raise ``InvalidInput`` listing every problem with its field location.

    Unknown keys are errors, not ignored. ``for_review`` also enforces the fields a record needs before a
    reviewer may see it.
    """
    check = _Checker()
    if not isinstance(data, Mapping):
        raise InvalidInput.single((), "type", "content must be an object of fields")
    for unknown in sorted(set(data) - set(FIELDS_BY_KEY)):
        check.add((str(unknown),), "unknown-field", _("unknown field {name!r}"), name=unknown)
    clean = empty_content()
    for spec in FIELDS:
        clean[spec.key] = _check_field(check, spec, data.get(spec.key))
    original = clean["original_language"]
    for spec in FIELDS:
        needed = spec.required or (for_review and spec.required_for_review)
        value = clean[spec.key]
        if not needed or any(p.loc[0] == spec.key for p in check.problems):
            continue
        if spec.translated and original and isinstance(value, dict) and not value.get(original):
            check.add(
                (spec.key, original),
                "required",
                _("is required in the original language ({language})"),
                language=original,
            )
        elif _is_empty(value):
            check.add((spec.key,), "required", _("is required"))
    if clean["start_date"] and clean["end_date"] and clean["end_date"] < clean["start_date"]:
        check.add(("end_date",), "before-start", _("must not be before the start date"))
    if check.problems:
        raise InvalidInput(check.problems)
    return clean


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


@dataclass(frozen=True)
class Resolved:
    """A text chosen for a reader: ``language`` is what is shown, ``fallback`` whether it differs from the ask."""

    text: str
    language: str
    fallback: bool


def resolve_text(texts: Mapping[str, str] | None, language: str, original_language: str) -> Resolved:
    """Pick the reader's language, else the original language, else the first language that has a text."""
    texts = texts or {}
    for candidate in (language, original_language, *LANGUAGES):
        if texts.get(candidate):
            return Resolved(str(texts[candidate]), candidate, candidate != language)
    return Resolved("", language, False)


def content_languages(content: Mapping[str, Any]) -> list[str]:
    """The languages in which the record has at least its name and short description."""
    names = content.get("name") or {}
    shorts = content.get("short_description") or {}
    return [lang for lang in LANGUAGES if names.get(lang) and shorts.get(lang)]
