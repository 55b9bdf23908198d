"""Where search documents live and how they are matched: SQLite FTS5 or PostgreSQL tsvector.

Both answer ``hits(query)`` with the matching record ids, found once per search, and ``ranks(query, ids)`` with the
relevance of the few records that survive the filters (lower = better);
``id_list(ids)`` hands a set of ids back to SQL (SQLite ``json_each``, PostgreSQL ``unnest``), so the selector
combines words, filters and facets in the same way on either database.

- SQLite: an FTS5 table of text stemmed in Python with Snowball (unicode61 tokenizer, diacritics removed),
  matched with each query word's stems in the four languages; ranked by where the words occur (name over summary
  over body).
- PostgreSQL: the same stems in a weighted tsvector per language (A name, B summary, D body), a GIN index,
  ``ts_rank_cd`` ranking.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any, Protocol

from django.db import connection

from algoscope.common.multilingual import LANGUAGES
from algoscope.common.replica import reading_connection
from algoscope.register.search.documents import SearchDocument
from algoscope.register.search.text import Query, stems

TABLE = "register_search"


class SearchBackend(Protocol):
    def replace(self, algorithm_id: int, documents: Sequence[SearchDocument]) -> None: ...

    def hits(self, query: Query) -> set[int]:
        """The ids of the records that match every word."""
        ...

    def ranks(self, query: Query, ids: Collection[int]) -> dict[int, float]:
        """The relevance of each of ``ids`` for ``query``, lower is better (computed only where needed)."""
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

    def hits(self, query: Query) -> set[int]:
        with reading_connection().cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [query.fts5_any()])  # noqa: S608
            return {rowid // 8 for (rowid,) in cursor.fetchall()}

    def ranks(self, query: Query, ids: Collection[int]) -> dict[int, float]:
        """Field-weighted relevance: all words in the name beat all words in the summary beat the body.

        Computed with two rowid-only column-filtered matches; BM25 over every match cost ten times more, and
        descriptions are short enough that where the words occur matters more than how often.
        """
        wanted = set(ids)
        score = dict.fromkeys(wanted, 1.0)
        expression = query.fts5_any()
        with reading_connection().cursor() as cursor:
            for column, weight in (("summary", 4.0), ("name", 10.0)):
                cursor.execute(
                    f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s",  # noqa: S608
                    [f"{column} : ({expression})"],
                )
                for (rowid,) in cursor.fetchall():
                    if rowid // 8 in wanted:
                        score[rowid // 8] = weight
        return {key: -value for key, value in score.items()}

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

    def hits(self, query: Query) -> set[int]:
        with reading_connection().cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT algorithm_id FROM {TABLE} WHERE document @@ to_tsquery('simple', %s)",  # noqa: S608
                [query.tsquery_any()],
            )
            return {int(row[0]) for row in cursor.fetchall()}

    def ranks(self, query: Query, ids: Collection[int]) -> dict[int, float]:
        with reading_connection().cursor() as cursor:
            cursor.execute(
                f"SELECT algorithm_id, MIN(-ts_rank_cd('{{0.1, 0.2, 0.4, 1.0}}', document, q)) "  # noqa: S608
                f"FROM {TABLE}, to_tsquery('simple', %s) AS q WHERE algorithm_id = ANY(%s) AND document @@ q "
                "GROUP BY algorithm_id",
                [query.tsquery_any(), list(ids)],
            )
            return {int(algorithm_id): float(rank) for algorithm_id, rank in cursor.fetchall()}

    def id_list(self, ids: Collection[int]) -> tuple[str, list[Any]]:
        return "(SELECT unnest(%s::bigint[]))", [list(ids)]


def backend() -> SearchBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
