"""The editor's record form, built from the field table: one language at a time, lists as rows.

Plain HTML forms (no JavaScript needed). What frames the record (its organisation, the version it was edited
from) is a Django form; the record's own fields are read by ``content_from_post`` from the field table and
checked by the register's one validator (``validation.py``), the same for the page, the API and the importers, so
each problem reaches its field on the page. ``form_fields`` turns content (and those problems) back into what the
template shows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext, gettext_lazy

from algoscope.accounts.models import Organisation
from algoscope.common.forms import PageForm
from algoscope.register.content import CODE_LISTS, FIELDS, Kind
from algoscope.register.presentation import code_label, extension_groups

EXTRA_ROWS = 2
MAX_ROWS = 60


class NewRecordForm(PageForm):
    """Which of the editor's organisations a new record belongs to."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        label=gettext_lazy("Organisation"),
        error_messages={
            "required": gettext_lazy("Choose the organisation this algorithm belongs to."),
            "invalid_choice": gettext_lazy("Choose the organisation this algorithm belongs to."),
        },
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class EditRecordForm(PageForm):
    """The version of the record the editor started from: a save over someone else's newer change is refused."""

    lock_version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)


def _rows(post: QueryDict, key: str, columns: Sequence[str]) -> list[dict[str, str]]:
    try:
        count = min(int(post.get(f"f-{key}-rows", "0")), MAX_ROWS)
    except ValueError:
        count = 0
    return [{col: post.get(f"f-{key}-{i}-{col}", "").strip() for col in columns} for i in range(count)]


def content_from_post(
    post: QueryDict, language: str, base: Mapping[str, Any], groups: Collection[str] | None = None
) -> dict[str, Any]:
    """The content after applying a form edited in ``language``; texts in other languages are kept, and so are the
    fields of the groups the form did not show (``groups``: the sections it showed; all when ``None``)."""
    content = dict(base)
    for spec in FIELDS:
        if groups is not None and spec.group not in groups:
            continue
        name = f"f-{spec.key}"
        if spec.kind in (Kind.I18N_TEXT, Kind.I18N_MARKDOWN):
            texts = dict(base.get(spec.key) or {})
            texts[language] = post.get(name, "")
            content[spec.key] = {lang: text for lang, text in texts.items() if text.strip()}
        elif spec.kind is Kind.CODES:
            content[spec.key] = post.getlist(name)
        elif spec.kind is Kind.KEYWORDS:
            content[spec.key] = [word.strip() for word in post.get(name, "").split(",") if word.strip()]
        elif spec.kind is Kind.LINKS:
            content[spec.key] = [row for row in _rows(post, spec.key, ("title", "link")) if any(row.values())]
        elif spec.kind is Kind.ASSESSMENTS:
            rows = _rows(post, spec.key, ("type", "title", "link"))
            content[spec.key] = [row for row in rows if row["title"] or row["link"]]
        elif spec.kind is Kind.RISKS:
            old = list(base.get(spec.key) or [])
            risks = []
            for i, row in enumerate(_rows(post, spec.key, ("risk", "mitigation"))):
                previous = old[i] if i < len(old) else {"risk": {}, "mitigation": {}}
                risk = {**previous.get("risk", {}), language: row["risk"]}
                mitigation = {**previous.get("mitigation", {}), language: row["mitigation"]}
                risk = {k: v for k, v in risk.items() if v}
                mitigation = {k: v for k, v in mitigation.items() if v}
                if risk or mitigation:
                    risks.append({"risk": risk, "mitigation": mitigation})
            content[spec.key] = risks
        elif name in post:
            content[spec.key] = post.get(name, "")
    return content


def form_fields(content: Mapping[str, Any], language: str, errors: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    """What the template renders: one entry per field, with its current value and its error messages."""
    original = content.get("original_language") or language
    shown = []
    for spec in FIELDS:
        value = content.get(spec.key)
        entry: dict[str, Any] = {
            "key": spec.key,
            "name": f"f-{spec.key}",
            "label": gettext(spec.label),
            "help": gettext(spec.help) if spec.help else "",
            "kind": spec.kind.value,
            "group": spec.group,
            "max_length": spec.max_length or None,
            "required": spec.required or spec.required_for_review,
            "errors": [
                f"{path.removeprefix(spec.key).lstrip('.') + ': ' if path != spec.key else ''}{message}"
                for path, messages in errors.items()
                if path == spec.key or path.startswith(f"{spec.key}.")
                for message in messages
            ],
        }
        if spec.kind in (Kind.I18N_TEXT, Kind.I18N_MARKDOWN):
            texts = value or {}
            entry["value"] = texts.get(language, "")
            entry["original_text"] = texts.get(original, "") if original != language else ""
        elif spec.kind in (Kind.CODE, Kind.CODES):
            selected = set(value if isinstance(value, list) else [value])
            entry["options"] = [
                {"value": code, "label": code_label(spec.code_list, code), "selected": code in selected}
                for code in CODE_LISTS[spec.code_list]
            ]
        elif spec.kind is Kind.KEYWORDS:
            entry["value"] = ", ".join(value or [])
        elif spec.kind in (Kind.LINKS, Kind.ASSESSMENTS):
            rows = [dict(row) for row in (value or [])] + [{} for _ in range(EXTRA_ROWS)]
            entry["rows"] = rows
            entry["row_count"] = len(rows)
            entry["type_options"] = [
                {"value": code, "label": code_label("assessment_type", code)} for code in CODE_LISTS["assessment_type"]
            ]
        elif spec.kind is Kind.RISKS:
            rows = [
                {
                    "risk": (item.get("risk") or {}).get(language, ""),
                    "mitigation": (item.get("mitigation") or {}).get(language, ""),
                }
                for item in (value or [])
            ] + [{"risk": "", "mitigation": ""} for _ in range(EXTRA_ROWS)]
            entry["rows"] = rows
            entry["row_count"] = len(rows)
        elif spec.kind is Kind.EXTENSIONS:
            entry["groups"] = extension_groups(value or {})
        else:
            entry["value"] = value or ""
        shown.append(entry)
    return shown
