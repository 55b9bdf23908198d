"""Facet values of every public record, held in memory by each process as NumPy arrays.

Counting facets and applying facet filters then needs no SQL: a filter is a boolean mask over record ids, a count
is a ``bincount`` (single-valued facets) or a column sum (multi-valued ones). The arrays are rebuilt when the
facet table changed: every publication or retirement rewrites a record's facet rows with new ids, so the table's
highest id is a cheap change marker, read once per search.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

MULTI_VALUED = frozenset({"policy_domain", "content_language"})


@dataclass
class _Facet:
    values: list[str] = field(default_factory=list)
    codes: dict[str, int] = field(default_factory=dict)
    single: np.ndarray | None = None  # record id → value code, -1 when none
    multi: np.ndarray | None = None  # record id × value code → 0/1

    def code(self, value: str) -> int:
        if value not in self.codes:
            self.codes[value] = len(self.values)
            self.values.append(value)
        return self.codes[value]


class FacetIndex:
    def __init__(self, marker: int, rows: Iterable[tuple[int, str, str]]) -> None:
        self.marker = marker
        rows = list(rows)
        size = max((row[0] for row in rows), default=0) + 1
        self.public = np.zeros(size, dtype=bool)
        self.facets: dict[str, _Facet] = {}
        by_facet: dict[str, list[tuple[int, int]]] = {}
        for algorithm_id, key, value in rows:
            facet = self.facets.setdefault(key, _Facet())
            by_facet.setdefault(key, []).append((algorithm_id, facet.code(value)))
        for key, pairs in by_facet.items():
            facet = self.facets[key]
            ids = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
            codes = np.fromiter((p[1] for p in pairs), dtype=np.int32, count=len(pairs))
            self.public[ids] = True
            if key in MULTI_VALUED:
                facet.multi = np.zeros((size, len(facet.values)), dtype=np.uint8)
                facet.multi[ids, codes] = 1
            else:
                facet.single = np.full(size, -1, dtype=np.int32)
                facet.single[ids] = codes

    @property
    def size(self) -> int:
        return int(self.public.shape[0])

    def mask_of(self, ids: Iterable[int]) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        array = np.fromiter((i for i in ids if i < self.size), dtype=np.int64)
        mask[array] = True
        return mask & self.public

    def having(self, key: str, values: list[str]) -> np.ndarray:
        """Records with any of ``values`` for the facet ``key``."""
        facet = self.facets.get(key)
        codes = [facet.codes[v] for v in values if v in facet.codes] if facet else []
        if facet is None or not codes:
            return np.zeros(self.size, dtype=bool)
        if facet.multi is not None:
            return np.asarray(facet.multi[:, codes].any(axis=1), dtype=bool)
        assert facet.single is not None
        return np.isin(facet.single, codes)

    def counts(self, key: str, mask: np.ndarray) -> list[tuple[str, int]]:
        facet = self.facets.get(key)
        if facet is None:
            return []
        if facet.multi is not None:
            totals = facet.multi[mask].sum(axis=0, dtype=np.int64)
        else:
            assert facet.single is not None
            selected = facet.single[mask]
            totals = np.bincount(selected[selected >= 0], minlength=len(facet.values))
        return [(facet.values[i], int(n)) for i in np.nonzero(totals)[0] for n in [totals[i]]]


_lock = threading.Lock()
_cache: dict[str, FacetIndex] = {}


def facet_index() -> FacetIndex:
    """This process's index for the database in use, rebuilt if the facet table changed since it was built."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM register_algorithmfacet")
        marker = int(cursor.fetchone()[0])
    key = connection.settings_dict["NAME"] + connection.vendor
    current = _cache.get(key)
    if current is not None and current.marker == marker:
        return current
    with _lock:
        current = _cache.get(key)
        if current is None or current.marker != marker:
            with connection.cursor() as cursor:
                cursor.execute("SELECT algorithm_id, facet, value FROM register_algorithmfacet")
                current = FacetIndex(marker, cursor.fetchall())
            _cache[key] = current
    return current


def forget_facet_index() -> None:
    """Drop this process's index (after this process changed facets; other processes see the new marker)."""
    with _lock:
        _cache.clear()
