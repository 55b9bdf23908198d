"""Texts kept per language (``{"nl": ..., "fr": ..., "de": ..., "en": ...}``) and the choice of one for a reader.

Pure Python: records, organisations, plans and every other multilingual value use the same four languages and
the same fallback (the reader's language, else the original one, else the first that has a text).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

LANGUAGES: Final = ("nl", "fr", "de", "en")


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
