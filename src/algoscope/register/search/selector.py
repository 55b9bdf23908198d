"""The register's search: full-text query, facet filters, sorting, facet counts and snippets, in a few queries.

Facet filters are OR within one facet and AND across facets. Results are paginated by a signed offset cursor
(relevance has no stable key to page on); deep pages beyond ``MAX_OFFSET`` are refused.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from algoscope.common.errors import InvalidInput, Problem
from algoscope.common.multilingual import LANGUAGES, resolve_text
from algoscope.common.pagination import check_limit, decode_cursor, encode_cursor
from algoscope.common.replica import reading_connection
from algoscope.common.textfiles import has_non_text
from algoscope.register.facets import (
    DEFAULT_BUDGET_MS,
    MAX_VALUES,
    Facet,
    FacetResult,
    FacetValue,
    all_facets,
    facet_by_key,
)
from algoscope.register.models import Algorithm
from algoscope.register.search.backends import backend
from algoscope.register.search.facet_index import facet_index
from algoscope.register.search.matches import Matches, text_matches
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
        facet = facet_by_key(key)
        if facet is None:
            problems.append(Problem(("query", key), "unknown-facet", f"unknown filter {key!r}"))
            continue
        for value in dict.fromkeys(v for v in values if v):
            if not has_non_text(value) and facet.known(value):  # a NUL would reach PostgreSQL, which refuses it
                filters.setdefault(key, []).append(value)
            else:
                problems.append(Problem(("query", key), "unknown-value", f"unknown value {value!r}"))
    if strict and problems:
        raise InvalidInput(problems)
    return filters, problems


class _Candidates:
    """The records a search can return, as masks over record ids in this process's facet index.

    The search index and the facet table hold public records only. ``None`` stands for "every public record"
    (no words, no filters).
    """

    def __init__(self, matched: Matches | None, filters: Mapping[str, list[str]]) -> None:
        self.index = facet_index()
        self.filters = {key: values for key, values in filters.items() if values}
        self.matched = self.index.mask_of(matched.ids) if matched is not None else None
        self._by_filter: dict[str, np.ndarray] = {}
        self._masks: dict[str | None, np.ndarray | None] = {}

    def mask(self, *, skip: str | None = None) -> np.ndarray | None:
        """Records matching the words and every filter but ``skip``'s (OR within a facet, AND across); each mask is
        worked out once (the total, the page and every facet without a selection use the one with no skip)."""
        if skip not in self._masks:
            self._masks[skip] = self._mask(skip)
        return self._masks[skip]

    def _mask(self, skip: str | None) -> np.ndarray | None:
        result = self.matched.copy() if self.matched is not None else None
        for key, values in self.filters.items():
            if key == skip:
                continue
            if key not in self._by_filter:
                self._by_filter[key] = self.index.having(key, values)
            result = self._by_filter[key].copy() if result is None else result & self._by_filter[key]
        return result


def _ordered_page(
    mask: np.ndarray | None, matched: Matches | None, sort: str, limit: int, offset: int
) -> tuple[list[int], dict[int, float]]:
    """One page of ids (of ``mask``, all public records when ``None``) in the requested order, and the relevance of
    the matches when sorted by it."""
    if sort == "relevance" and matched is not None and mask is not None:
        best = _by_relevance(matched, mask, offset + limit)[offset:]
        return [record for record, _rank in best], dict(best)
    order = ORDER_BY[sort]
    params: list[Any] = []
    if mask is None:
        source = "register_algorithm a WHERE a.published_version_id IS NOT NULL"
    else:
        id_sql, params = backend().id_list(np.nonzero(mask)[0].tolist())
        source = f"register_algorithm a WHERE a.id IN {id_sql}"
    with reading_connection().cursor() as db:
        db.execute(f"SELECT a.id FROM {source} ORDER BY {order} LIMIT %s OFFSET %s", [*params, limit, offset])  # noqa: S608
        return [row[0] for row in db.fetchall()], {}


def _by_relevance(matched: Matches, mask: np.ndarray, first: int) -> list[tuple[int, float]]:
    """The ``first`` best of the matches the mask keeps, as (id, relevance): by relevance, then the newest id
    first. Only the matches that can be among them are sorted: those at least as relevant as the ``first``-th."""
    ids = matched.ids[matched.ids < mask.size]
    ranks = matched.ranks[: ids.size]
    kept = mask[ids]
    ids, ranks = ids[kept], ranks[kept]
    if ids.size > first > 0:
        threshold = np.partition(ranks, first - 1)[first - 1]
        near = ranks <= threshold
        ids, ranks = ids[near], ranks[near]
    order = np.lexsort((-ids, ranks))[:first]
    return [(int(ids[i]), float(ranks[i])) for i in order]


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
    matched = text_matches(query) if query else None
    candidates = _Candidates(matched, filters)
    mask = candidates.mask()
    total = int(candidates.index.public.sum()) if mask is None else int(np.count_nonzero(mask))
    page, ranks = _ordered_page(mask, matched, sort, limit, offset)
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
    matched = text_matches(query) if query else None
    mask = _Candidates(matched, filters).mask()
    return _ordered_page(mask, matched, sort if sort in SORTS else "relevance", cap, 0)[0]


def _facets(candidates: _Candidates, budget_ms: int) -> list[FacetResult]:
    """Every facet's counts, from the in-memory facet index. A facet without a selection is counted over the
    results; a facet with one over the results of the *other* filters, so its other values stay visible. Facets
    not reached within ``budget_ms`` are reported as timed out instead of delaying the page."""
    index = candidates.index
    deadline = time.monotonic() + budget_ms / 1000
    results = []
    for facet in all_facets():
        if time.monotonic() >= deadline:
            results.append(_facet_result(facet, [], candidates.filters, True))
            continue
        mask = candidates.mask(skip=facet.key if facet.key in candidates.filters else None)
        counted = index.counts(facet.key, index.public if mask is None else mask)
        results.append(_facet_result(facet, counted, candidates.filters, False))
    return results


def _facet_result(
    facet: Facet, rows: list[tuple[str, int]], filters: Mapping[str, list[str]], timed_out: bool
) -> FacetResult:
    key = facet.key
    result = FacetResult(key=key, label=str(facet.label), timed_out=timed_out)
    if timed_out:
        return result
    rows = sorted(rows, key=lambda row: (-row[1], row[0]))[:MAX_VALUES]
    selected = set(filters.get(key, []))
    shown = {value for value, _count in rows}
    rows += [(value, 0) for value in sorted(selected - shown)]  # a selected value always shows, even at 0
    labelled = facet.labelled([value for value, _count in rows])
    result.values = []
    for value, count in rows:
        label, language = labelled.get(value, (value, ""))
        result.values.append(
            FacetValue(value=value, label=label, count=count, selected=value in selected, language=language)
        )
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
