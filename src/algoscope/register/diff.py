"""The difference between two versions of a record's content. Pure Python.

Texts per language are compared language by language, so a reader sees "Purpose (fr) changed" rather than one
opaque blob; lists are compared as wholes. Long texts also get a word-level diff for display.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from algoscope.common.multilingual import LANGUAGES
from algoscope.register.content import FIELDS, Kind

ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Change:
    field: str
    language: str | None
    kind: ChangeKind
    before: Any
    after: Any

    @property
    def loc(self) -> str:
        return f"{self.field}.{self.language}" if self.language else self.field


def _kind(before: Any, after: Any) -> ChangeKind:
    if before in (None, "", [], {}):
        return "added"
    if after in (None, "", [], {}):
        return "removed"
    return "changed"


def diff_content(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """Every field (and language) whose value differs, in the order of the field table."""
    changes: list[Change] = []
    for spec in FIELDS:
        old, new = before.get(spec.key), after.get(spec.key)
        if spec.kind in (Kind.I18N_TEXT, Kind.I18N_MARKDOWN):
            old_texts, new_texts = old or {}, new or {}
            for lang in LANGUAGES:
                a, b = old_texts.get(lang, ""), new_texts.get(lang, "")
                if a != b:
                    changes.append(Change(spec.key, lang, _kind(a, b), a, b))
        elif (old or None) != (new or None):
            changes.append(Change(spec.key, None, _kind(old, new), old, new))
    return changes


Segment = tuple[Literal["same", "removed", "added"], str]
_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> list[Segment]:
    """Word-level segments for showing a text change inline (``<del>``/``<ins>``)."""
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(("removed", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("added", "".join(b[j1:j2])))
    return segments
