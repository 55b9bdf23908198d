"""Checking a record's content against the field table (``register.content``): every problem at once, each with its
field location (``("risks", 2, "risk")``), as ``InvalidInput``. Pure Python."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from algoscope.common.errors import InvalidInput, Loc, Problem
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.textfiles import has_hidden_layout, has_non_text
from algoscope.register.content import (
    CODE_LISTS,
    FIELDS,
    FIELDS_BY_KEY,
    MAX_KEYWORDS,
    MAX_LIST_ITEMS,
    Content,
    FieldSpec,
    Kind,
    _,
    empty_content,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


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
        if has_non_text(text):  # controls, noncharacters such as U+FFFE: they would break every feed and export
            self.add(loc, "control-character", _("contains a control character"))
        if not multiline and "\n" in text:
            self.add(loc, "single-line", _("must be a single line"))
        if not multiline and has_hidden_layout(
            text
        ):  # bidi overrides and the like: a name could show other than it reads
            self.add(loc, "hidden-character", _("contains an invisible character that changes how the text shows"))
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
        if text and not (is_email(text) or is_url(text)):
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
