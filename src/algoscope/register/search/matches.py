"""The records a query's words match, with their relevance, kept in this process for the public generation.

A resident refines a search: the same words with another filter, the next page, another sort, the same search in
another language or through the API or a feed. The words' matches do not change until something public does (every
change to the search index raises the public generation, ``common.public_cache``), so they are asked of the database
once per generation instead of once per request: at 100,000 records a common word's matches cost PostgreSQL 100 to
200 ms, the filters and facets on them a few milliseconds in memory. At most ``MAX_KEPT_IDS`` ids are kept (about
16 MB), the least recently used query goes first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from algoscope.common.public_cache import generation
from algoscope.common.replica import reading_connection
from algoscope.register.search.backends import backend
from algoscope.register.search.text import Query

MAX_KEPT_IDS = 1_000_000


@dataclass(frozen=True)
class Matches:
    ids: np.ndarray  # ascending record ids
    ranks: np.ndarray  # their relevance, lower is better


_lock = threading.Lock()
_kept: OrderedDict[tuple[str, str, str], Matches] = OrderedDict()


def text_matches(query: Query) -> Matches:
    """Every public record matching all of ``query``'s words, and its relevance."""
    connection = reading_connection()
    key = (connection.settings_dict["NAME"] + connection.vendor, generation(), "\x1f".join(query.terms))
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    ids, ranks = backend().matches(query)
    found = Matches(ids, ranks)
    with _lock:
        for old in [k for k in _kept if k[0] == key[0] and k[1] != key[1]]:  # of an earlier generation
            del _kept[old]
        _kept[key] = found
        _kept.move_to_end(key)
        while len(_kept) > 1 and sum(m.ids.size for m in _kept.values()) > MAX_KEPT_IDS:
            _kept.popitem(last=False)
    return found


def forget_text_matches() -> None:
    """Ask the database again on the next search (tests that change the index without raising the generation)."""
    with _lock:
        _kept.clear()
