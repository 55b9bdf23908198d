"""Reading a search from a query string, shared by the home page, the downloads and the feed of a search."""

from __future__ import annotations

from django.http import HttpRequest

from algoscope.common.errors import Problem
from algoscope.common.textfiles import without_non_text
from algoscope.register.facets import all_facets
from algoscope.register.search.selector import SORTS, clean_filters


def search_params(request: HttpRequest) -> tuple[str, dict[str, list[str]], str, list[str]]:
    """The search of a page or download: query, facet filters, sort, and what was ignored (unknown filters)."""
    raw = {
        facet.key: [without_non_text(value) for value in request.GET.getlist(facet.key)]
        for facet in all_facets()
        if facet.key in request.GET
    }
    filters, ignored = clean_filters(raw, strict=False)
    sort = request.GET.get("sort") or "relevance"
    if sort not in SORTS:
        ignored.append(Problem(("query", "sort"), "unknown-code", f"unknown sort {sort!r}"))
        sort = "relevance"
    q = without_non_text(request.GET.get("q") or "")[:10_000]  # a control character is no search, and no XML
    return q, filters, sort, [without_non_text(p.message) for p in ignored]
