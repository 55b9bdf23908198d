"""Facet values of every public record, held in memory by each process as NumPy arrays.

Counting facets and applying facet filters then needs no SQL: a filter is a boolean mask over record ids, a count
is a ``bincount`` (single-valued facets) or a column sum (multi-valued ones). The arrays are rebuilt when the
facet table changed: every publication or retirement rewrites a record's facet rows with new ids, so the table's
highest id is a cheap change marker, read once per search. After a publication only the records whose rows are
newer than the index are read again (``updated``): a process does not rebuild the whole index for one record.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db.backends.base.base import BaseDatabaseWrapper

from algoscope.common.replica import reading_connection

MULTI_VALUED = frozenset({"policy_domain", "content_language"})
# Rows of transactions that were still open when the index was last brought up to date have ids below its marker:
# an update reads the records of the last OVERLAP ids again, and the whole table is read again every
# FULL_REBUILD_S seconds, so nothing stays missed for long.
OVERLAP = 10_000
FULL_REBUILD_S = 300.0


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


Group = tuple[str, str, np.ndarray]  # a facet, one of its values, the ids of the records that have it


def groups_of(rows: Iterable[tuple[int, str, str]]) -> list[Group]:
    """(record id, facet, value) rows grouped by facet and value."""
    grouped: dict[tuple[str, str], list[int]] = {}
    for algorithm_id, key, value in rows:
        grouped.setdefault((key, value), []).append(algorithm_id)
    return [(key, value, np.asarray(ids, dtype=np.int64)) for (key, value), ids in grouped.items()]


class FacetIndex:
    def __init__(self, marker: int, rows: Iterable[tuple[int, str, str]]) -> None:
        self._build(marker, groups_of(rows))

    @classmethod
    def from_groups(cls, marker: int, groups: Iterable[Group]) -> FacetIndex:
        """From the rows grouped by facet and value (as the database groups them: ``read_groups``)."""
        index = cls.__new__(cls)
        index._build(marker, list(groups))
        return index

    def _build(self, marker: int, groups: list[Group]) -> None:
        self.marker = marker
        self.built_at = time.monotonic()  # of the last full read
        size = max((int(ids.max()) for _key, _value, ids in groups if ids.size), default=0) + 1
        self.public = np.zeros(size, dtype=bool)
        self.facets: dict[str, _Facet] = {}
        by_facet: dict[str, list[tuple[int, np.ndarray]]] = {}
        for key, value, ids in groups:
            facet = self.facets.setdefault(key, _Facet())
            by_facet.setdefault(key, []).append((facet.code(value), ids))
            self.public[ids] = True
        for key, pairs in by_facet.items():
            facet = self.facets[key]
            if key in MULTI_VALUED:
                facet.multi = np.zeros((size, len(facet.values)), dtype=np.uint8)
                for code, ids in pairs:
                    facet.multi[ids, code] = 1
            else:
                facet.single = np.full(size, -1, dtype=np.int32)
                for code, ids in pairs:
                    facet.single[ids] = code

    def updated(self, marker: int, rows: Iterable[tuple[int, str, str]]) -> FacetIndex:
        """A new index (this one is not changed: other threads may be reading it) in which the records of ``rows``
        have exactly the facet values of ``rows``, all of their rows, and the other records keep theirs."""
        rows = list(rows)
        ids = sorted({row[0] for row in rows})
        new = FacetIndex.__new__(FacetIndex)
        new.marker, new.built_at = marker, self.built_at
        size = max(self.size, max(ids, default=-1) + 1)
        new.public = np.zeros(size, dtype=bool)
        new.public[: self.size] = self.public
        new.facets = {}
        for key, facet in self.facets.items():
            copy = _Facet(values=list(facet.values), codes=dict(facet.codes))
            if facet.single is not None:
                copy.single = np.full(size, -1, dtype=np.int32)
                copy.single[: self.size] = facet.single
            if facet.multi is not None:
                copy.multi = np.zeros((size, facet.multi.shape[1]), dtype=np.uint8)
                copy.multi[: self.size] = facet.multi
            new.facets[key] = copy
        changed = np.asarray(ids, dtype=np.int64)
        new.public[changed] = False
        for facet in new.facets.values():  # the changed records' old values go
            if facet.single is not None:
                facet.single[changed] = -1
            if facet.multi is not None:
                facet.multi[changed] = 0
        for algorithm_id, key, value in rows:
            found = new.facets.get(key)
            if found is None:
                facet = new.facets[key] = _Facet()
                if key in MULTI_VALUED:
                    facet.multi = np.zeros((size, 0), dtype=np.uint8)
                else:
                    facet.single = np.full(size, -1, dtype=np.int32)
            else:
                facet = found
            code = facet.code(value)
            new.public[algorithm_id] = True
            if facet.multi is not None:
                if code >= facet.multi.shape[1]:  # a value no record had before: one more column
                    facet.multi = np.hstack([facet.multi, np.zeros((size, 1), dtype=np.uint8)])
                facet.multi[algorithm_id, code] = 1
            else:
                assert facet.single is not None
                facet.single[algorithm_id] = code
        return new

    @property
    def size(self) -> int:
        return int(self.public.shape[0])

    def row_count(self) -> int:
        """How many facet rows the index holds: compared with the table's, it shows rows removed without new ones."""
        total = 0
        for facet in self.facets.values():
            if facet.single is not None:
                total += int(np.count_nonzero(facet.single >= 0))
            if facet.multi is not None:
                total += int(facet.multi.sum(dtype=np.int64))
        return total

    def mask_of(self, ids: np.ndarray) -> np.ndarray:
        """The public records among ``ids`` (an integer array), as a mask."""
        mask = np.zeros(self.size, dtype=bool)
        mask[ids[(ids >= 0) & (ids < self.size)]] = True
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
    """This process's index for the database in use (the replica for a resident's search, when there is one),
    rebuilt if the facet table changed since it was built."""
    connection = reading_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM register_algorithmfacet")
        marker = int(cursor.fetchone()[0])
    key = connection.settings_dict["NAME"] + connection.vendor
    current = _cache.get(key)
    if current is not None and current.marker == marker:
        return current
    with _lock:
        current = _cache.get(key)
        stale = current is None or time.monotonic() - current.built_at > FULL_REBUILD_S
        if current is None or stale or current.marker > marker:  # first use, now and then, or a table refilled
            current = FacetIndex.from_groups(marker, read_groups(connection))
        elif current.marker != marker:  # some records were published or retired since: read only theirs
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT algorithm_id, facet, value FROM register_algorithmfacet WHERE algorithm_id IN "
                    "(SELECT DISTINCT algorithm_id FROM register_algorithmfacet WHERE id > %s)",
                    [current.marker - OVERLAP],
                )
                current = current.updated(marker, cursor.fetchall())
                cursor.execute("SELECT COUNT(*) FROM register_algorithmfacet")
                if int(cursor.fetchone()[0]) != current.row_count():  # rows went without new ones: read it all
                    current = FacetIndex.from_groups(marker, read_groups(connection))
        _cache[key] = current
    return current


def read_groups(connection: BaseDatabaseWrapper) -> list[Group]:
    """The whole facet table, grouped by facet and value in the database (its index on facet, value and record
    covers it): a few hundred rows of id lists instead of a row per record and facet, five times faster to read
    into the arrays at 100,000 records."""
    aggregates = {"postgresql": "string_agg(algorithm_id::text, ',')", "sqlite": "group_concat(algorithm_id)"}
    if connection.vendor not in aggregates:  # MySQL's group_concat, for one, is cut at 1,024 characters
        raise NotImplementedError(f"the facet index reads SQLite and PostgreSQL, not {connection.vendor}")
    aggregate = aggregates[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT facet, value, {aggregate} FROM register_algorithmfacet GROUP BY facet, value")  # noqa: S608
        return [(key, value, np.array(ids.split(","), dtype=np.int64)) for key, value, ids in cursor.fetchall()]


def forget_facet_index() -> None:
    """Drop this process's index (after this process changed facets; other processes see the new marker)."""
    with _lock:
        _cache.clear()
