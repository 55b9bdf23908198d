"""Where search documents live and how they are matched: SQLite FTS5 or PostgreSQL tsvector.

Both answer ``matches(query)`` with every matching record id and its relevance (lower = better: all words in the
name, then in the summary, then anywhere), from three index-only lookups (``search.matches`` keeps the answer for
the public generation, so other filters, pages, sorts and languages of the same words do not ask again);
``id_list(ids)`` hands a set of ids back to SQL (SQLite ``json_each``, PostgreSQL ``unnest``), so the selector
combines words, filters and facets in the same way on either database.

- SQLite: an FTS5 table of text stemmed in Python with Snowball (unicode61 tokenizer, diacritics removed),
  matched with each query word's stems in the four languages; ranked by where the words occur (name over summary
  over body).
- PostgreSQL: the same stems in a weighted tsvector per language (A name, B summary, D body) with a GIN index, and
  GIN indexes on its name and summary lexemes (``ts_filter``) for the ranking.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any, Protocol

import numpy as np
from django.db import connection

from algoscope.common.multilingual import LANGUAGES
from algoscope.common.replica import reading_connection
from algoscope.register.search.documents import SearchDocument
from algoscope.register.search.text import Query, stems

TABLE = "register_search"


class SearchBackend(Protocol):
    def replace(self, algorithm_id: int, documents: Sequence[SearchDocument]) -> None: ...

    def matches(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        """The ids of the records that match every word (ascending) and their relevance (lower is better)."""
        ...

    def id_list(self, ids: Collection[int]) -> tuple[str, list[Any]]:
        """A parenthesised SQL row source of ``ids``, for ``x IN <it>``, and its parameters."""
        ...


class SqliteBackend:
    """Rows are keyed by rowid = record id × 8 + language index, so a record's rows are found by rowid range:
    FTS5 cannot index ``algorithm_id``, and a ``DELETE … WHERE algorithm_id = ?`` would scan the whole table."""

    @staticmethod
    def _rowid(algorithm_id: int, language: str) -> int:
        return algorithm_id * 8 + LANGUAGES.index(language)

    def replace(self, algorithm_id: int, documents: Sequence[SearchDocument]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE rowid BETWEEN %s AND %s",  # noqa: S608
                [algorithm_id * 8, algorithm_id * 8 + 7],
            )
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, algorithm_id, language, name, summary, body) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (
                        self._rowid(algorithm_id, d.language),
                        algorithm_id,
                        d.language,
                        " ".join(stems(d.name, d.language)),
                        " ".join(stems(d.summary, d.language)),
                        " ".join(stems(d.body, d.language)),
                    )
                    for d in documents
                ],
            )

    def matches(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        """Computed with rowid-only matches (all columns, then the summary and the name only); BM25 over every
        match cost ten times more."""
        expression = query.fts5_any()
        found: dict[str, np.ndarray] = {}
        with reading_connection().cursor() as cursor:
            for part, match in (
                ("all", expression),
                ("summary", f"summary : ({expression})"),
                ("name", f"name : ({expression})"),
            ):
                cursor.execute(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [match])  # noqa: S608
                found[part] = np.fromiter((rowid for (rowid,) in cursor.fetchall()), dtype=np.int64) // 8
        ids = np.unique(found["all"])
        return ids, _tiers(ids, found["summary"], found["name"])

    def id_list(self, ids: Collection[int]) -> tuple[str, list[Any]]:
        return "(SELECT value FROM json_each(%s))", [json.dumps(list(ids))]


class PostgresBackend:
    """Text stemmed in Python with the same Snowball stemmers as for SQLite, stored as a weighted ``tsvector``
    ('simple' configuration: the stems are already made) with a GIN index. PostgreSQL 15's own Dutch stemmer
    leaves "algoritmes" unstemmed, so "algoritme" would not find it; Snowball's current Dutch stemmer does."""

    def replace(self, algorithm_id: int, documents: Sequence[SearchDocument]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE algorithm_id = %s", [algorithm_id])  # noqa: S608
            for d in documents:
                cursor.execute(
                    f"INSERT INTO {TABLE} (algorithm_id, language, document) VALUES (%s, %s, "  # noqa: S608
                    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
                    "|| setweight(to_tsvector('simple', %s), 'D'))",
                    [
                        algorithm_id,
                        d.language,
                        " ".join(stems(d.name, d.language)),
                        " ".join(stems(d.summary, d.language)),
                        " ".join(stems(d.body, d.language)),
                    ],
                )

    def matches(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        """Ranked as on SQLite: all words in the name, then in the summary, then anywhere. The name's and the
        summary's lexemes (weights A and B) have GIN indexes of their own (``ts_filter``), so no document is read:
        ``ts_rank_cd`` had to decompress every matching document, three times the cost of finding them."""
        tsquery = query.tsquery_any()
        found: dict[str, np.ndarray] = {}
        with reading_connection().cursor() as cursor:
            for part, source in (
                ("all", "document"),
                ("summary", "ts_filter(document, '{b}')"),
                ("name", "ts_filter(document, '{a}')"),
            ):
                cursor.execute(
                    f"SELECT DISTINCT algorithm_id FROM {TABLE} WHERE {source} @@ to_tsquery('simple', %s)",  # noqa: S608
                    [tsquery],
                )
                rows = cursor.fetchall()
                found[part] = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        ids = np.unique(found["all"])
        return ids, _tiers(ids, found["summary"], found["name"])

    def id_list(self, ids: Collection[int]) -> tuple[str, list[Any]]:
        return "(SELECT unnest(%s::bigint[]))", [list(ids)]


def _tiers(ids: np.ndarray, in_summary: np.ndarray, in_name: np.ndarray) -> np.ndarray:
    """The relevance of ``ids`` (ascending): all words in the name (-10) beat all words in the summary (-4) beat
    the words anywhere else (-1). Descriptions are short: where the words occur matters more than how often."""
    ranks = np.full(ids.size, -1.0)
    ranks[np.searchsorted(ids, np.unique(in_summary))] = -4.0
    ranks[np.searchsorted(ids, np.unique(in_name))] = -10.0
    return ranks


def backend() -> SearchBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
