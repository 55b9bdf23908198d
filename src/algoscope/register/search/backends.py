"""Where search documents live and how they are matched: SQLite FTS5 or PostgreSQL tsvector.

Both answer ``hits(query)`` with the matching record ids and their rank (lower = better), found once per search,
and ``source(hits)`` joins them to the records, so the selectors combine them with filters and facets in the same
way on either database.

- SQLite: an FTS5 table of text stemmed in Python with Snowball (unicode61 tokenizer, diacritics removed),
  matched with each query word's stems in the four languages; BM25 ranking, name over summary over body.
- PostgreSQL: a tsvector per language built with that language's configuration (dutch, french, german, english)
  over accent-free text, weights A/B/D, a GIN index, ``ts_rank_cd`` ranking.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from django.db import connection

from algoscope.register.content import LANGUAGES
from algoscope.register.search.documents import SearchDocument
from algoscope.register.search.text import POSTGRES_CONFIGS, Query, normalise, stems

TABLE = "register_search"


class SearchBackend(Protocol):
    def replace(self, algorithm_id: int, documents: Sequence[SearchDocument]) -> None: ...

    def hits(self, query: Query) -> dict[int, float]:
        """Matching record ids with their rank (lower is better)."""
        ...

    def source(self, hits: dict[int, float]) -> tuple[str, list[Any]]:
        """SQL for ``register_algorithm a`` joined to the hits as ``h`` (with ``h.rank``), and its parameters."""
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

    def hits(self, query: Query) -> dict[int, float]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT algorithm_id, bm25({TABLE}, 0, 0, 10.0, 4.0, 1.0) FROM {TABLE} WHERE {TABLE} MATCH %s",  # noqa: S608
                [query.fts5_any()],
            )
            best: dict[int, float] = {}
            for algorithm_id, rank in cursor.fetchall():  # one row per language version: keep the best
                key = int(algorithm_id)
                best[key] = min(float(rank), best.get(key, float(rank)))
            return best

    def source(self, hits: dict[int, float]) -> tuple[str, list[Any]]:
        return (
            # CROSS JOIN makes SQLite drive the join from the (few) hits, probing records by primary key
            "(SELECT CAST(key AS INTEGER) AS algorithm_id, value AS rank FROM json_each(%s)) h "
            "CROSS JOIN register_algorithm a ON a.id = h.algorithm_id",
            [json.dumps({str(k): v for k, v in hits.items()})],
        )


class PostgresBackend:
    def replace(self, algorithm_id: int, documents: Sequence[SearchDocument]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE algorithm_id = %s", [algorithm_id])  # noqa: S608
            for d in documents:
                config = POSTGRES_CONFIGS[d.language]
                cursor.execute(
                    f"INSERT INTO {TABLE} (algorithm_id, language, document) VALUES (%s, %s, "  # noqa: S608
                    f"setweight(to_tsvector('{config}', %s), 'A') || setweight(to_tsvector('{config}', %s), 'B') "
                    f"|| setweight(to_tsvector('{config}', %s), 'D'))",
                    [algorithm_id, d.language, normalise(d.name), normalise(d.summary), normalise(d.body)],
                )

    def hits(self, query: Query) -> dict[int, float]:
        parts, params = [], []
        expression = query.tsquery()
        for language in LANGUAGES:
            config = POSTGRES_CONFIGS[language]
            parts.append(
                f"SELECT algorithm_id, -ts_rank_cd('{{0.1, 0.2, 0.4, 1.0}}', document, to_tsquery('{config}', %s)) "  # noqa: S608
                f"AS rank FROM {TABLE} WHERE language = %s AND document @@ to_tsquery('{config}', %s)"
            )
            params += [expression, language, expression]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT algorithm_id, MIN(rank) FROM ({' UNION ALL '.join(parts)}) AS per_language "  # noqa: S608
                "GROUP BY algorithm_id",
                params,
            )
            return {int(algorithm_id): float(rank) for algorithm_id, rank in cursor.fetchall()}

    def source(self, hits: dict[int, float]) -> tuple[str, list[Any]]:
        return (
            "register_algorithm a JOIN unnest(%s::bigint[], %s::float8[]) AS h (algorithm_id, rank) "
            "ON h.algorithm_id = a.id",
            [list(hits), list(hits.values())],
        )


def backend() -> SearchBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
