"""Relevance and the text matches each process keeps per public generation (the suite runs on SQLite and on
PostgreSQL: both rank by where the words occur, the same way)."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
from django.db import connection
from django.test.utils import CaptureQueriesContext

from algoscope.accounts.permissions import Actor
from algoscope.register import services
from algoscope.register.search.matches import Matches
from algoscope.register.search.selector import _by_relevance, algorithm_search, algorithm_search_ids

TEXT_QUERY = ("MATCH", "@@")  # the full-text match of SQLite (FTS5) and of PostgreSQL


def _ids(q: str, **filters: list[str]) -> list[str]:
    return [hit.algorithm.public_id for hit in algorithm_search(q=q, filters=filters).hits]


def _records(make_record: Any) -> dict[str, Any]:
    """The word "zwembad" in the body, the summary or the name of a record."""
    body = make_record(purpose_and_impact={"nl": "Het zwembad plant zijn openingsuren."})
    summary = make_record(short_description={"nl": "Bezoekers van het zwembad tellen.", "fr": "Compter."})
    name = make_record(name={"nl": "Planning zwembad Noord", "fr": None})
    newer_name = make_record(name={"nl": "Planning zwembad Zuid", "fr": None})
    return {"body": body, "summary": summary, "name": name, "newer_name": newer_name}


def test_relevance_is_name_then_summary_then_anywhere_newest_first(make_record: Any) -> None:
    records = _records(make_record)
    expected = [records[k].public_id for k in ("newer_name", "name", "summary", "body")]
    assert _ids("zwembad") == expected
    result = algorithm_search(q="zwembad", filters={})
    assert [hit.rank for hit in result.hits] == [-10.0, -10.0, -4.0, -1.0]
    assert algorithm_search_ids(q="zwembad", filters={}) == [
        records[k].pk for k in ("newer_name", "name", "summary", "body")
    ]
    # the next page continues the same order
    page_two = algorithm_search(q="zwembad", filters={}, limit=2)
    rest = algorithm_search(q="zwembad", filters={}, limit=2, cursor=page_two.next_cursor)
    assert [h.algorithm.public_id for h in page_two.hits + rest.hits] == expected


def test_other_filters_pages_and_sorts_of_the_same_words_ask_the_database_once(make_record: Any) -> None:
    records = _records(make_record)
    with CaptureQueriesContext(connection) as first:
        algorithm_search(q="zwembad", filters={})
    assert sum(any(m in q["sql"] for m in TEXT_QUERY) for q in first.captured_queries) >= 1
    with CaptureQueriesContext(connection) as later:
        assert _ids("zwembad", country=["BE"])[:1] == [records["newer_name"].public_id]
        algorithm_search(q="zwembad", filters={}, sort="name", language="fr", limit=1)
        algorithm_search_ids(q="ZWEMBAD", filters={"policy_domain": ["benefits_subsidies"]})
    assert not [q["sql"] for q in later.captured_queries if any(m in q["sql"] for m in TEXT_QUERY)]


def test_a_publication_is_found_at_once_by_words_searched_before(
    make_record: Any, editor: Actor, reviewer: Actor
) -> None:
    records = _records(make_record)
    assert len(_ids("zwembad")) == 4
    services.algorithm_retire(actor=reviewer, algorithm=records["name"], reason="Closed")
    newest = make_record(name={"nl": "Zwembad Oost", "fr": None})
    found = _ids("zwembad", retired=["no"])
    assert found[0] == newest.public_id and records["name"].public_id not in found
    assert _ids("zwembad", retired=["yes"]) == [records["name"].public_id]


def test_the_best_of_the_matches_are_those_a_full_sort_gives() -> None:
    """Only the matches that can be on the page are sorted; with ties at the page's edge too."""
    rng = random.Random(7)
    for _ in range(200):
        size = rng.randint(0, 60)
        ids = np.array(sorted(rng.sample(range(1, 200), size)), dtype=np.int64)
        ranks = np.array([rng.choice([-10.0, -4.0, -1.0]) for _ in range(size)])
        mask = np.array([rng.random() < 0.7 for _ in range(180)], dtype=bool)  # some ids beyond the mask
        first = rng.randint(0, 25)
        expected = sorted(
            ((int(i), float(r)) for i, r in zip(ids, ranks, strict=True) if i < mask.size and mask[i]),
            key=lambda pair: (pair[1], -pair[0]),
        )[:first]
        assert _by_relevance(Matches(ids, ranks), mask, first) == expected
