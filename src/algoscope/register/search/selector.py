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
from algoscope.register.search.text import Query, Segment, highlight, normalise

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


class _Candidates:
    """The records a search can return, as id sets computed once per request.

    The search index and the facet table hold public records only, so a set of matching ids needs no further
    "is it published" check. ``None`` stands for "every public record" (no words, no filters), which is counted in
    SQL without materialising it.
    """

    def __init__(self, matched: set[int] | None, filters: Mapping[str, list[str]]) -> None:
        self.matched = matched
        self.filters = {key: values for key, values in filters.items() if values}
        self._by_filter: dict[str, set[int]] = {}

    def _filter_ids(self, key: str) -> set[int]:
        """Ids having one of the filter's values; among the word matches only, when there are words."""
        if key not in self._by_filter:
            values = self.filters[key]
            marks = ", ".join(["%s"] * len(values))
            source, params = "register_algorithmfacet f", list[Any]()
            if self.matched is not None:
                source, params = backend().facets_of(self.matched)
            with connection.cursor() as db:
                db.execute(
                    f"SELECT f.algorithm_id FROM {source} "  # noqa: S608 - placeholders only
                    f"WHERE f.facet = %s AND f.value IN ({marks})",
                    [*params, key, *values],
                )
                self._by_filter[key] = {row[0] for row in db.fetchall()}
        return self._by_filter[key]

    def ids(self, *, skip: str | None = None) -> set[int] | None:
        """Ids matching the words and every filter but ``skip``'s (OR within a facet, AND across)."""
        sets = [self.matched] if self.matched is not None else []
        sets += [self._filter_ids(key) for key in self.filters if key != skip]
        if not sets:
            return None
        sets.sort(key=len)
        result = set(sets[0])
        for other in sets[1:]:
            result &= other
        return result


def _public_count() -> int:
    return Algorithm.objects.filter(published_version__isnull=False).count()


def _ordered_page(
    ids: set[int] | None, query: Query, sort: str, limit: int, offset: int
) -> tuple[list[int], dict[int, float]]:
    """One page of ids in the requested order, and the relevance of the matches when sorted by it."""
    if sort == "relevance" and query and ids is not None:
        ranks = backend().ranks(query, ids)
        ranked = sorted(ids, key=lambda i: (ranks.get(i, 0.0), -i))
        return ranked[offset : offset + limit], ranks
    order = ORDER_BY[sort]
    params: list[Any] = []
    if ids is None:
        source = "register_algorithm a WHERE a.published_version_id IS NOT NULL"
    else:
        id_sql, params = backend().id_list(ids)
        source = f"register_algorithm a WHERE a.id IN {id_sql}"
    with connection.cursor() as db:
        db.execute(f"SELECT a.id FROM {source} ORDER BY {order} LIMIT %s OFFSET %s", [*params, limit, offset])  # noqa: S608
        return [row[0] for row in db.fetchall()], {}


ORDER_BY: Mapping[str, str] = {
    "relevance": "a.published_at DESC, a.id DESC",
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
    offset = 0
    if cursor:
        key = decode_cursor(cursor, f"search:{sort}")
        if len(key) != 1 or not isinstance(key[0], int) or not 0 <= key[0] <= MAX_OFFSET:
            raise InvalidInput.single(("query", "cursor"), "invalid-cursor", "malformed cursor")
        offset = key[0]
    matched = backend().hits(query) if query else None
    candidates = _Candidates(matched, filters)
    ids = candidates.ids()
    total = _public_count() if ids is None else len(ids)
    page, ranks = _ordered_page(ids, query, sort, limit, offset)
    by_id = Algorithm.objects.select_related("organisation", "published_version").in_bulk(page)
    hits = [_hit(by_id[i], ranks.get(i), query, language) for i in page if i in by_id]
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
        result.facets = _facets(candidates, facet_budget_ms)
    return result


def algorithm_search_ids(
    *, q: str | None, filters: Mapping[str, list[str]], sort: str = "relevance", cap: int = 100_000
) -> list[int]:
    """Every matching record id in result order (for downloads and feeds of a search), at most ``cap``."""
    query = Query.parse(q)
    matched = backend().hits(query) if query else None
    ids = _Candidates(matched, filters).ids()
    return _ordered_page(ids, query, sort if sort in SORTS else "relevance", cap, 0)[0]


def _facets(candidates: _Candidates, budget_ms: int) -> list[FacetResult]:
    """Every facet's counts. Facets without a selection share one grouped query over the results; a facet with a
    selection is counted over the results of the *other* filters, so its other values stay visible."""
    counts: dict[str, list[tuple[str, int]]] = {}
    timed_out: set[str] = set()
    groups: list[tuple[list[str], str | None]] = [([f.key for f in FACETS if f.key not in candidates.filters], None)]
    groups += [([key], key) for key in candidates.filters]
    for keys, skip in groups:
        if not keys:
            continue
        marks = ", ".join(["%s"] * len(keys))
        ids = candidates.ids(skip=skip)
        params: list[Any] = []
        source = "register_algorithmfacet f"
        if ids is not None:
            source, params = backend().facets_of(ids)
        sql = (
            f"SELECT f.facet, f.value, COUNT(*) FROM {source} "  # noqa: S608
            f"WHERE f.facet IN ({marks}) GROUP BY f.facet, f.value"
        )
        try:
            with query_time_limit(budget_ms), connection.cursor() as db:
                db.execute(sql, [*params, *keys])
                rows = db.fetchall()
        except QueryTimedOut:
            timed_out.update(keys)
            continue
        for key in keys:
            counts.setdefault(key, [])
        for key, value, count in rows:
            counts[key].append((str(value), int(count)))
    filters = candidates.filters
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
        wanted = [s for s in query.stems(lang) if s]
        for key in SNIPPET_FIELDS:
            text = (content.get(key) or {}).get(lang, "")
            folded = normalise(text)
            if not text or not any(s in folded for s in wanted):  # cheap test before marking words
                continue
            candidate = highlight(text, lang, query)
            if any(marked for _text, marked in candidate):
                return SearchHit(algorithm, _rank(rank), candidate, lang, title)
    return default


def _rank(rank: Any) -> float | None:
    return float(rank) if rank is not None else None
