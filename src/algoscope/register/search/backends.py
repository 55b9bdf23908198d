"""Where search documents live and how they are matched: SQLite FTS5 or PostgreSQL tsvector.

Both answer ``hits(query)`` with SQL that yields ``(algorithm_id, rank)``, lower rank = better, so the selectors
combine it with filters and facets in the same way on either database.

- SQLite: an FTS5 table of text stemmed in Python with Snowball (unicode61 tokenizer, diacritics removed);
  BM25 ranking with the name weighted over the summary over the body.
- PostgreSQL: a tsvector per language built with that language's configuration (dutch, french, german, english)
  over accent-free text, weights A/B/D, a GIN index, ``ts_rank_cd`` ranking.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from django.db import connection

from algoscope.register.content import LANGUAGES
from algoscope.register.search.documents import SearchDocument
from algoscope.register.search.text import POSTGRES_CONFIGS, Query, normalise, stems

TABLE = "register_search"


class SearchBackend(Protocol):
    def replace(self, algorithm_id: int, documents: Sequence[SearchDocument]) -> None: ...

    def hits(self, query: Query) -> tuple[str, list[Any]]: ...


class SqliteBackend:
    def replace(self, algorithm_id: int, documents: Sequence[SearchDocument]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE algorithm_id = %s", [algorithm_id])  # noqa: S608
            cursor.executemany(
                f"INSERT INTO {TABLE} (algorithm_id, language, name, summary, body) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                [
                    (
                        algorithm_id,
                        d.language,
                        " ".join(stems(d.name, d.language)),
                        " ".join(stems(d.summary, d.language)),
                        " ".join(stems(d.body, d.language)),
                    )
                    for d in documents
                ],
            )

    def hits(self, query: Query) -> tuple[str, list[Any]]:
        parts, params = [], []
        for language in LANGUAGES:
            expression = query.fts5(language)
            parts.append(
                f"SELECT algorithm_id, bm25({TABLE}, 0, 0, 10.0, 4.0, 1.0) AS rank FROM {TABLE} "  # noqa: S608
                f"WHERE {TABLE} MATCH %s AND language = %s"
            )
            params += [expression, language]
        return (
            f"SELECT algorithm_id, MIN(rank) AS rank FROM ({' UNION ALL '.join(parts)}) GROUP BY algorithm_id",  # noqa: S608
            params,
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

    def hits(self, query: Query) -> tuple[str, list[Any]]:
        parts, params = [], []
        expression = query.tsquery()
        for language in LANGUAGES:
            config = POSTGRES_CONFIGS[language]
            parts.append(
                f"SELECT algorithm_id, -ts_rank_cd('{{0.1, 0.2, 0.4, 1.0}}', document, to_tsquery('{config}', %s)) "  # noqa: S608
                f"AS rank FROM {TABLE} WHERE language = %s AND document @@ to_tsquery('{config}', %s)"
            )
            params += [expression, language, expression]
        return (
            f"SELECT algorithm_id, MIN(rank) AS rank FROM ({' UNION ALL '.join(parts)}) AS per_language "  # noqa: S608
            "GROUP BY algorithm_id",
            params,
        )


def backend() -> SearchBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
