"""Multilingual texts in a report's snapshot. A text is stored as ``{"i18n": {"nl": …, "fr": …}}`` so that the
report can find every text that is not written in one of its languages: those are listed (the build says which,
the report has an annex of them) and shown in the language they exist in, marked, never silently."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

# The language a missing text is shown in, in this order: Belgium's other national language first, then English.
PREFERENCE = {"nl": ("fr", "en", "de"), "fr": ("nl", "en", "de"), "de": ("fr", "nl", "en"), "en": ("fr", "nl", "de")}


def text(values: Mapping[str, str] | str | None, language: str = "") -> dict[str, dict[str, str]]:
    """A snapshot text from a plan's ``{"nl": …}`` texts, or from one text written in ``language``."""
    if isinstance(values, Mapping):
        found = {k: v.strip() for k, v in values.items() if isinstance(v, str) and v.strip()}
    else:
        found = {language: values.strip()} if isinstance(values, str) and values.strip() and language else {}
    return {"i18n": dict(sorted(found.items()))}


def name(values: Mapping[str, str] | None, original: str) -> dict[str, Any]:
    """An organisation's name: a proper name, shown in the reader's language where it has one, else in its own
    language (with its ``lang``), and never listed as a missing translation."""
    found = {k: v for k, v in (values or {}).items() if isinstance(v, str) and v.strip()}
    return {"names": dict(sorted(found.items())), "original": original}


def pick_name(value: Any, language: str) -> tuple[str, str]:
    """(the name, its language when not ``language``)."""
    if not (isinstance(value, dict) and "names" in value):
        return ("" if value is None else str(value), "")
    names: dict[str, str] = value["names"]
    if names.get(language):
        return names[language], ""
    for other in (value.get("original", ""), *PREFERENCE.get(language, ()), *sorted(names)):
        if names.get(other):
            return names[other], other
    return "", ""


def is_text(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"i18n"} and isinstance(value["i18n"], dict)


def pick(value: Any, language: str) -> tuple[str, str]:
    """The text in ``language``, or in another one: (text, the language it is in when not ``language``)."""
    if not is_text(value):
        return ("" if value is None else str(value), "")
    texts: dict[str, str] = value["i18n"]
    if texts.get(language):
        return texts[language], ""
    for other in (*PREFERENCE.get(language, ()), *sorted(texts)):
        if texts.get(other):
            return texts[other], other
    return "", ""


def _walk(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    if is_text(value):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _walk(inner, (*path, str(key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            ident = inner.get("id") if isinstance(inner, dict) else None
            yield from _walk(inner, (*path, ident if isinstance(ident, str) else str(index)))


def missing(data: Any, language: str) -> list[dict[str, str]]:
    """Every text of ``data`` that exists but not in ``language``: where it is (``section › row › field``) and the
    languages it has. Empty texts are not missing (there is nothing to translate)."""
    found = []
    for path, value in _walk(data, ()):
        texts = value["i18n"]
        if texts and not texts.get(language):
            found.append({"where": " › ".join(path), "languages": ", ".join(sorted(texts))})
    return found
