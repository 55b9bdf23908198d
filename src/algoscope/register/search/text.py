"""Text handling for search. Pure Python: normalisation, Snowball stemming per language, query parsing, highlighting.

Search is accent- and case-insensitive ("reconnaissance faciale" finds "Reconnaissance Faciale", "égalité" finds
"egalite") and stemmed per language ("algoritme" finds "algoritmes"). Query syntax characters are never passed to a
database: a query is reduced to words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import snowballstemmer

STEMMER_NAMES: Final = {"nl": "dutch", "fr": "french", "de": "german", "en": "english"}
MAX_TERMS: Final = 12
MAX_QUERY_CHARS: Final = 500
_WORD: Final = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower case without accents: 'Équité Algoritmes' → 'equite algoritmes'."""
    if text.isascii():  # most words: nothing to decompose, and casefold is lower
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(normalise(text)) if w.strip("_")]


@lru_cache(maxsize=8)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(STEMMER_NAMES[language])


def stem(word: str, language: str) -> str:
    return str(_stemmer(language).stemWord(word))


def stems(text: str, language: str) -> list[str]:
    return [str(s) for s in _stemmer(language).stemWords(words(text))]


@dataclass(frozen=True)
class Query:
    """The words of a user's query, at most ``MAX_TERMS``, without any search syntax."""

    terms: tuple[str, ...]

    @classmethod
    def parse(cls, raw: str | None) -> Query:
        found: list[str] = []
        text = raw or ""
        if len(text) > MAX_QUERY_CHARS:  # cut at a word boundary; one "word" that long is kept in part, so that
            head = text[:MAX_QUERY_CHARS]  # it finds nothing rather than being dropped and finding everything
            text = head.rsplit(None, 1)[0] if len(head.split()) > 1 else head
        for word in words(text):
            if word not in found:
                found.append(word)
        return cls(tuple(found[:MAX_TERMS]))

    def __bool__(self) -> bool:
        return bool(self.terms)

    def stems(self, language: str) -> list[str]:
        return [stem(term, language) for term in self.terms]

    def fts5_any(self) -> str:
        """An FTS5 MATCH expression over pre-stemmed text: every word, as any of its stems in the four languages.

        Stems are quoted, so FTS5 syntax in a query is inert text.
        """
        groups = []
        for term in self.terms:
            variants = sorted({stem(term, language) for language in STEMMER_NAMES} - {""})
            groups.append("(" + " OR ".join(f'"{v}"' for v in variants) + ")")
        return " AND ".join(groups)

    def tsquery_any(self) -> str:
        """A to_tsquery('simple') expression: every word as any of its four languages' stems, each quoted."""
        groups = []
        for term in self.terms:
            variants = sorted({stem(term, language) for language in STEMMER_NAMES} - {""})
            groups.append("(" + " | ".join("'" + v.replace("'", "''") + "'" for v in variants) + ")")
        return " & ".join(groups)


Segment = tuple[str, bool]  # (text, highlighted)


def highlight(text: str, language: str, query: Query, *, width: int = 240) -> list[Segment]:
    """A window of ``text`` around the first match, with the matching words marked.

    A word matches when its stem in ``language`` equals a query term's stem (the same rule as the index).
    """
    if not text:
        return []
    wanted = [s for s in query.stems(language) if s] if query else []
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        word_stem = stem(normalise(match.group()), language)
        if word_stem in wanted:
            spans.append(match.span())
    start = 0
    if spans and spans[0][0] > width // 3:
        start = text.rfind(" ", 0, spans[0][0] - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + width // 2)
    segments: list[Segment] = [("… ", False)] if start > 0 else []
    cursor = start
    for s, e in spans:
        if s < start or e > end:
            continue
        if s > cursor:
            segments.append((text[cursor:s], False))
        segments.append((text[s:e], True))
        cursor = e
    if cursor < end:
        segments.append((text[cursor:end], False))
    if end < len(text):
        segments.append((" …", False))
    return segments


def join_texts(parts: Iterable[str | None]) -> str:
    return "\n".join(p for p in parts if p)
