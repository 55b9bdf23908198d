"""The register's search: full-text query, facet filters, sorting, facet counts and snippets, in a few queries.

Facet filters are OR within one facet and AND across facets. Results are paginated by a signed offset cursor
(relevance has no stable key to page on); deep pages beyond ``MAX_OFFSET`` are refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connection

from algoscope.common.errors import InvalidInput, Problem
from algoscope.common.pagination import check_limit, decode_cursor, encode_cursor
from algoscope.common.timelimit import QueryTimedOut, query_time_limit
from algoscope.register.content import LANGUAGES, resolve_text
from algoscope.register.facets import DEFAULT_BUDGET_MS, FACETS, FACETS_BY_KEY, MAX_VALUES, FacetResult, FacetValue
from algoscope.register.models import Algorithm
from algoscope.register.search.backends import backend
from algoscope.register.search.text import Query, Segment, highlight

Sort = Literal["relevance", "name", "published"]
SORTS: tuple[Sort, ...] = ("relevance", "name", "published")
MAX_OFFSET = 10_000


@dataclass
class SearchHit:
    algorithm: Algorithm
    rank: float | None
    snippet: list[Segment]
    snippet_language: str
    title: list[Segment] = field(default_factory=list)  # the name in the reader's language, matches marked


@dataclass
class SearchResult:
    query: Query
    filters: dict[str, list[str]]
    sort: Sort
    total: int
    hits: list[SearchHit]
    facets: list[FacetResult] = field(default_factory=list)
    next_cursor: str | None = None
    ignored: list[Problem] = field(default_factory=list)


def clean_filters(raw: Mapping[str, Sequence[str]], *, strict: bool) -> tuple[dict[str, list[str]], list[Problem]]:
    """Known facets with known values. ``strict`` (the API) raises on anything else; pages just report it."""
    filters: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for key, values in raw.items():
        facet = FACETS_BY_KEY.get(key)
        if facet is None:
            problems.append(Problem(("query", key), "unknown-facet", f"unknown filter {key!r}"))
            continue
        for value in dict.fromkeys(v for v in values if v):
            if facet.known(value):
                filters.setdefault(key, []).append(value)
            else:
                problems.append(Problem(("query", key), "unknown-value", f"unknown value {value!r}"))
    if strict and problems:
        raise InvalidInput(problems)
    return filters, problems


def _where(filters: Mapping[str, list[str]], *, skip: str | None = None) -> tuple[list[str], list[Any]]:
    clauses, params = ["a.published_version_id IS NOT NULL"], []
    for key, values in filters.items():
        if key == skip or not values:
            continue
        marks = ", ".join(["%s"] * len(values))
        clauses.append(
            "a.id IN (SELECT algorithm_id FROM register_algorithmfacet "  # noqa: S608 - placeholders only
            f"WHERE facet = %s AND value IN ({marks}))"
        )
        params += [key, *values]
    return clauses, params


def _from(hits: dict[int, float] | None) -> tuple[str, list[Any]]:
    """The records to search in: all, or those that matched the words (``hits``), joined as ``h``."""
    if hits is None:
        return "register_algorithm a", []
    return backend().source(hits)


ORDER_BY: Mapping[str, str] = {
    "relevance": "h.rank, a.published_at DESC, a.id",
    "name": "a.pub_sort_name, a.id",
    "published": "a.published_at DESC, a.id DESC",
}


def algorithm_search(
    *,
    q: str | None,
    filters: Mapping[str, list[str]],
    sort: str = "relevance",
    language: str = "en",
    limit: int = 20,
    cursor: str | None = None,
    with_facets: bool = True,
    facet_budget_ms: int = DEFAULT_BUDGET_MS,
) -> SearchResult:
    check_limit(limit)
    query = Query.parse(q)
    if sort not in SORTS:
        raise InvalidInput.single(("query", "sort"), "unknown-code", f"sort must be one of {', '.join(SORTS)}")
    effective_sort = sort if (query or sort != "relevance") else "published"
    offset = 0
    if cursor:
        key = decode_cursor(cursor, f"search:{sort}")
        if len(key) != 1 or not isinstance(key[0], int) or not 0 <= key[0] <= MAX_OFFSET:
            raise InvalidInput.single(("query", "cursor"), "invalid-cursor", "malformed cursor")
        offset = key[0]
    matched = backend().hits(query) if query else None
    source, source_params = _from(matched)
    clauses, params = _where(filters)
    where = " AND ".join(clauses)
    rank_column = "h.rank" if query else "NULL"
    with connection.cursor() as db:
        db.execute(f"SELECT COUNT(*) FROM {source} WHERE {where}", source_params + params)  # noqa: S608
        total = int(db.fetchone()[0])
        db.execute(
            f"SELECT a.id, {rank_column} FROM {source} WHERE {where} "  # noqa: S608
            f"ORDER BY {ORDER_BY[effective_sort]} LIMIT %s OFFSET %s",
            [*source_params, *params, limit, offset],
        )
        rows = db.fetchall()
    by_id = Algorithm.objects.select_related("organisation", "published_version").in_bulk([r[0] for r in rows])
    hits = [_hit(by_id[row[0]], row[1], query, language) for row in rows if row[0] in by_id]
    next_offset = offset + limit
    result = SearchResult(
        query=query,
        filters=dict(filters),
        sort=sort,  # checked against SORTS above
        total=total,
        hits=hits,
        next_cursor=encode_cursor(f"search:{sort}", [next_offset]) if next_offset < min(total, MAX_OFFSET) else None,
    )
    if with_facets:
        result.facets = _facets(matched, filters, facet_budget_ms)
    return result


def algorithm_search_ids(
    *, q: str | None, filters: Mapping[str, list[str]], sort: str = "relevance", cap: int = 100_000
) -> list[int]:
    """Every matching record id in result order (for downloads and feeds of a search), at most ``cap``."""
    query = Query.parse(q)
    effective_sort = sort if sort in SORTS and (query or sort != "relevance") else "published"
    source, source_params = _from(backend().hits(query) if query else None)
    clauses, params = _where(filters)
    with connection.cursor() as db:
        db.execute(
            f"SELECT a.id FROM {source} WHERE {' AND '.join(clauses)} "  # noqa: S608
            f"ORDER BY {ORDER_BY[effective_sort]} LIMIT %s",
            [*source_params, *params, cap],
        )
        return [row[0] for row in db.fetchall()]


def _facets(matched: dict[int, float] | None, filters: Mapping[str, list[str]], budget_ms: int) -> list[FacetResult]:
    """Every facet's counts. Facets without a selection share one grouped query over the results; a facet with a
    selection is counted over the results of the *other* filters, so its other values stay visible."""
    counts: dict[str, list[tuple[str, int]]] = {}
    timed_out: set[str] = set()
    groups: list[tuple[list[str], str | None]] = [([f.key for f in FACETS if not filters.get(f.key)], None)]
    groups += [([key], key) for key in filters if filters.get(key)]
    for keys, skip in groups:
        if not keys:
            continue
        source, source_params = _from(matched)
        clauses, params = _where(filters, skip=skip)
        marks = ", ".join(["%s"] * len(keys))
        where = " AND ".join(clauses)
        sql = (
            "SELECT f.facet, f.value, COUNT(*) FROM register_algorithmfacet f "  # noqa: S608
            f"WHERE f.facet IN ({marks}) AND f.algorithm_id IN (SELECT a.id FROM {source} WHERE {where}) "
            "GROUP BY f.facet, f.value"
        )
        try:
            with query_time_limit(budget_ms), connection.cursor() as db:
                db.execute(sql, [*keys, *source_params, *params])
                rows = db.fetchall()
        except QueryTimedOut:
            timed_out.update(keys)
            continue
        for key in keys:
            counts.setdefault(key, [])
        for key, value, count in rows:
            counts[key].append((str(value), int(count)))
    return [_facet_result(facet.key, counts.get(facet.key, []), filters, facet.key in timed_out) for facet in FACETS]


def _facet_result(
    key: str, rows: list[tuple[str, int]], filters: Mapping[str, list[str]], timed_out: bool
) -> FacetResult:
    facet = FACETS_BY_KEY[key]
    result = FacetResult(key=key, label=str(facet.label), timed_out=timed_out)
    if timed_out:
        return result
    rows = sorted(rows, key=lambda row: (-row[1], row[0]))[:MAX_VALUES]
    selected = set(filters.get(key, []))
    shown = {value for value, _count in rows}
    rows += [(value, 0) for value in sorted(selected - shown)]  # a selected value always shows, even at 0
    labels = facet.labels([value for value, _count in rows])
    result.values = [
        FacetValue(value=value, label=labels.get(value, value), count=count, selected=value in selected)
        for value, count in rows
    ]
    return result


SNIPPET_FIELDS = (
    "short_description",
    "purpose_and_impact",
    "human_oversight",
    "decision_process",
    "methods_and_models",
    "data_description",
    "proportionality",
)


def _hit(algorithm: Algorithm, rank: Any, query: Query, language: str) -> SearchHit:
    """A result with its name and a snippet: where the words matched, in the reader's language if possible."""
    version = algorithm.published_version
    assert version is not None
    content = version.content
    original = content.get("original_language", "nl")
    name = resolve_text(content.get("name"), language, original)
    title = highlight(name.text, name.language, query, width=1000)
    summary = resolve_text(content.get("short_description"), language, original)
    default = SearchHit(
        algorithm, _rank(rank), highlight(summary.text, summary.language, query), summary.language, title
    )
    if not query or any(marked for _text, marked in default.snippet):
        return default
    languages = [summary.language] + [lang for lang in LANGUAGES if lang != summary.language]
    for lang in languages:  # the reader's language first, then the languages the record has
        for key in SNIPPET_FIELDS:
            text = (content.get(key) or {}).get(lang, "")
            candidate = highlight(text, lang, query)
            if any(marked for _text, marked in candidate):
                return SearchHit(algorithm, _rank(rank), candidate, lang, title)
    return default


def _rank(rank: Any) -> float | None:
    return float(rank) if rank is not None else None
