"""Which of the register's languages a record's texts are written in, for files that do not say (ATRS) or may say
wrongly (an ATS ``lang`` or an NL ``lang``). Pure Python, with py3langid (a maintained fork of langid.py, whose
model ships in the package) restricted to the register's languages.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from algoscope.common.multilingual import LANGUAGES

# Below these, a detection is not trusted: a title of two words is not enough to tell Dutch from German.
MIN_CHARACTERS = 40
MIN_CONFIDENCE = 0.95


@dataclass(frozen=True)
class Detection:
    language: str  # "" when there is no text
    confidence: float
    characters: int

    @property
    def certain(self) -> bool:
        return bool(self.language) and self.characters >= MIN_CHARACTERS and self.confidence >= MIN_CONFIDENCE


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect(texts: Iterable[str]) -> Detection:
    """The language of the texts taken together (names, descriptions, explanations of one record)."""
    text = "\n".join(t for t in texts if t and t.strip())
    if not text.strip():
        return Detection("", 0.0, 0)
    language, confidence = _identifier().classify(text)
    return Detection(str(language), float(confidence), len(text))
