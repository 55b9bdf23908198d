"""Turning a record's content into what a reader sees: translated labels, resolved languages, rendered Markdown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from algoscope.common.errors import Problem
from algoscope.common.markdown import render_markdown
from algoscope.common.multilingual import resolve_text
from algoscope.common.translation import localized
from algoscope.register.content import FIELDS, FIELDS_BY_KEY, GROUPS, Kind
from algoscope.register.diff import Change, word_diff
from algoscope.register.extensions import extension_label

GROUP_LABELS: Mapping[str, Promise] = {
    "general": _("General information"),
    "responsible_use": _("Responsible use"),
    "operation": _("How it works"),
    "metadata": _("About this description"),
}

LANGUAGE_NAMES: Mapping[str, Promise] = {
    "nl": _("Dutch"),
    "fr": _("French"),
    "de": _("German"),
    "en": _("English"),
}

CODE_LABELS: Mapping[str, Mapping[str, Promise]] = {
    "lifecycle_status": {
        "planned": _("Planned"),
        "design": _("Design"),
        "development": _("In development"),
        "pilot": _("Pilot"),
        "evaluation": _("Evaluation"),
        "operational": _("In use"),
        "retired": _("Out of use"),
    },
    "publication_category": {
        "high_risk_ai": _("High-risk AI system"),
        "impactful": _("Impactful algorithm"),
        "other": _("Other algorithm"),
    },
    "learning_type": {
        "self_learning": _("Self-learning"),
        "rule_based": _("Rule-based"),
        "hybrid": _("Hybrid"),
    },
    "analytics_type": {
        "descriptive": _("Descriptive"),
        "diagnostic": _("Diagnostic"),
        "predictive": _("Predictive"),
        "prescriptive": _("Prescriptive"),
    },
    "policy_domain": {
        "taxes": _("Taxes"),
        "housing": _("Housing and living environment"),
        "culture_sports_leisure": _("Culture, sports and leisure"),
        "defence": _("Defence"),
        "economy": _("Economy and entrepreneurship"),
        "family_youth": _("Family, youth and households"),
        "finance": _("Finance"),
        "generic": _("Generic"),
        "health": _("Health and care"),
        "immigration_integration": _("Immigration and integration"),
        "international": _("International cooperation"),
        "agriculture_nature_food": _("Agriculture, nature and food"),
        "environment_spatial_planning": _("Environment, spatial planning and water"),
        "education_science": _("Education and science"),
        "public_safety": _("Public safety"),
        "government": _("Government"),
        "justice": _("Justice"),
        "travel_abroad": _("Travel and living abroad"),
        "benefits_subsidies": _("Benefits, subsidies and allowances"),
        "traffic_transport": _("Traffic and transport"),
        "work": _("Work and careers"),
    },
    "assessment_type": {
        "dpia": _("Data protection impact assessment (DPIA)"),
        "fria": _("Fundamental rights impact assessment (FRIA)"),
        "iama": _("Human rights and algorithms impact assessment (IAMA)"),
        "fraia": _("Fundamental rights and algorithms impact assessment (FRAIA)"),
        "aiia": _("AI impact assessment (AIIA)"),
        "deda": _("Data ethics decision aid (DEDA)"),
        "ethical_leaflet": _("Ethical leaflet"),
        "privacy_quickscan": _("Privacy quick scan"),
        "audit_office_framework": _("Audit office assessment framework"),
        "z_inspection": _("Z-Inspection"),
        "other": _("Other assessment"),
    },
    "language": LANGUAGE_NAMES,
}


def code_label(code_list: str, value: str) -> str:
    return str(CODE_LABELS.get(code_list, {}).get(value, value))


@dataclass
class ShownField:
    key: str
    label: str
    kind: str
    empty: bool
    text: str = ""
    html: SafeString | None = None
    language: str = ""
    fallback: bool = False
    items: list[Any] = field(default_factory=list)

    @property
    def language_name(self) -> str:
        """The name of the language the text is shown in, in the page's language ("néerlandais", not "nl")."""
        return str(LANGUAGE_NAMES.get(self.language, self.language))


@dataclass
class ShownGroup:
    key: str
    label: str
    fields: list[ShownField]


def _shown(
    spec_kind: Kind, key: str, label: str, value: Any, language: str, original: str, code_list: str
) -> ShownField:
    shown = ShownField(key=key, label=label, kind=spec_kind.value, empty=value in (None, "", [], {}))
    if shown.empty:
        return shown
    if spec_kind in (Kind.I18N_TEXT, Kind.I18N_MARKDOWN):
        resolved = resolve_text(value, language, original)
        shown.text, shown.language, shown.fallback = resolved.text, resolved.language, resolved.fallback
        if spec_kind is Kind.I18N_MARKDOWN:
            shown.html = mark_safe(render_markdown(resolved.text))  # noqa: S308  (sanitised by nh3)
    elif spec_kind is Kind.CODE:
        shown.text = code_label(code_list, value)
    elif spec_kind is Kind.CODES:
        shown.items = [code_label(code_list, v) for v in value]
    elif spec_kind is Kind.KEYWORDS:
        shown.items = list(value)
    elif spec_kind in (Kind.LINKS, Kind.ASSESSMENTS):
        shown.items = [{**item, "type_label": code_label("assessment_type", item.get("type", ""))} for item in value]
    elif spec_kind is Kind.RISKS:
        for item in value:
            risk = resolve_text(item.get("risk"), language, original)
            mitigation = resolve_text(item.get("mitigation"), language, original)
            shown.items.append({"risk": risk, "mitigation": mitigation})
            shown.fallback = shown.fallback or risk.fallback
    elif spec_kind is Kind.EXTENSIONS:
        shown.items = extension_groups(value)
    else:
        shown.text = str(value)
    return shown


def extension_groups(value: Mapping[str, Mapping[str, str]]) -> list[dict[str, Any]]:
    """Fields kept from other standards, per standard, with the standard's own labels."""
    groups = []
    for standard, fields in value.items():
        rows = [{"label": extension_label(standard, name)[1], "text": text} for name, text in fields.items()]
        groups.append({"standard": extension_label(standard, "")[0], "fields": rows})
    return groups


def content_sections(content: Mapping[str, Any], language: str, *, include_empty: bool = False) -> list[ShownGroup]:
    """The record's fields by group, each resolved to ``language`` with a fallback marker."""
    original = content.get("original_language", "nl")
    groups: list[ShownGroup] = []
    for group in GROUPS:
        shown = [
            _shown(
                spec.kind,
                spec.key,
                gettext(spec.label),
                content.get(spec.key),
                language,
                original,
                spec.code_list,
            )
            for spec in FIELDS
            if spec.group == group and spec.key not in ("name", "short_description")
        ]
        shown = [f for f in shown if include_empty or not f.empty]
        if shown:
            groups.append(ShownGroup(group, str(GROUP_LABELS[group]), shown))
    return groups


def field_label(key: str) -> str:
    spec = FIELDS_BY_KEY.get(key)
    return gettext(spec.label) if spec else key


def problem_line(problem: Problem) -> str:
    """A problem for a page, with the label of its field (and language) in the page's language: "Contact (e-mail or
    web form): is required" rather than "contact_email: is required"."""
    key = str(problem.loc[0]) if problem.loc else ""
    where = field_label(key) if key in FIELDS_BY_KEY else key
    if len(problem.loc) > 1 and problem.loc[1] in LANGUAGE_NAMES:
        where += f" ({LANGUAGE_NAMES[str(problem.loc[1])]})"
    return f"{where}: {localized(problem)}" if where else localized(problem)


def _extension_rows(change: Change) -> list[dict[str, Any]]:
    before: Mapping[str, Mapping[str, str]] = change.before or {}
    after: Mapping[str, Mapping[str, str]] = change.after or {}
    rows = []
    for standard in sorted({*before, *after}):
        old, new = before.get(standard) or {}, after.get(standard) or {}
        for name in sorted({*old, *new}):
            if old.get(name, "") != new.get(name, ""):
                standard_label, field_name = extension_label(standard, name)
                rows.append(
                    {
                        "change": change,
                        "label": f"{gettext('Fields kept from other standards')} › {standard_label} › {field_name}",
                        "before": old.get(name, ""),
                        "after": new.get(name, ""),
                        "segments": None,
                    }
                )
    return rows


def change_rows(changes: Iterable[Change]) -> list[dict[str, Any]]:
    """Changes as a table shows them: the field's label, and a word diff for texts, else old and new values."""
    rows = []
    for change in changes:
        if change.field == "extensions":  # one row per kept field, by its standard and name
            rows += _extension_rows(change)
            continue
        spec = FIELDS_BY_KEY.get(change.field)
        before, after = change.before, change.after
        if spec is not None and spec.kind is Kind.CODE:  # a code list's values by their label, old → new
            before, after = code_label(spec.code_list, before or ""), code_label(spec.code_list, after or "")
        elif spec is not None and spec.kind is Kind.CODES:
            before = ", ".join(code_label(spec.code_list, c) for c in before or [])
            after = ", ".join(code_label(spec.code_list, c) for c in after or [])
        text_change = isinstance(before, str) and isinstance(after, str) and spec is not None and spec.translated
        rows.append(
            {
                "change": change,
                "label": field_label(change.field),
                "before": before,
                "after": after,
                "segments": word_diff(before, after) if text_change else None,
            }
        )
    return rows
