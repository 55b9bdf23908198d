"""Cursor pagination: an opaque, signed position after the last item of a page.

A cursor cannot be forged or edited (it is signed with the secret key), so a tampered one is refused with a
clear error rather than producing a wrong or failing query. An oversized ``limit`` is refused, never capped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core import signing
from django.db.models import Q, QuerySet

from algoscope.common.errors import InvalidInput

T = TypeVar("T")
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_SALT = "algoscope.cursor"


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    next_cursor: str | None
    limit: int


def check_limit(limit: int, loc: tuple[str, ...] = ("query", "limit")) -> int:
    if limit < 1 or limit > MAX_LIMIT:
        raise InvalidInput.single(loc, "limit-out-of-range", f"limit must be between 1 and {MAX_LIMIT} (got {limit})")
    return limit


def encode_cursor(ordering: str, key: Sequence[Any]) -> str:
    return signing.dumps({"o": ordering, "k": list(key)}, salt=_SALT, compress=True)


def decode_cursor(cursor: str, ordering: str, loc: tuple[str, ...] = ("query", "cursor")) -> list[Any]:
    try:
        data = signing.loads(cursor, salt=_SALT)
    except signing.BadSignature as exc:
        raise InvalidInput.single(loc, "invalid-cursor", "this cursor is not one the API issued") from exc
    if not isinstance(data, dict) or data.get("o") != ordering or not isinstance(data.get("k"), list):
        raise InvalidInput.single(loc, "invalid-cursor", "this cursor belongs to another ordering or query")
    return list(data["k"])


def keyset_paginate(
    queryset: QuerySet[Any],
    *,
    ordering: str,
    fields: Sequence[tuple[str, bool]],
    key_of: Callable[[Any], Sequence[Any]],
    limit: int,
    cursor: str | None,
) -> Page[Any]:
    """Page through ``queryset`` ordered by ``fields`` (name, descending), the last being a unique tiebreaker."""
    check_limit(limit)
    queryset = queryset.order_by(*[f"-{name}" if desc else name for name, desc in fields])
    if cursor:
        key = decode_cursor(cursor, ordering)
        if len(key) != len(fields):
            raise InvalidInput.single(("query", "cursor"), "invalid-cursor", "malformed cursor")
        condition = Q()
        for i, (name, desc) in enumerate(fields):
            step = Q(**{f"{name}__{'lt' if desc else 'gt'}": key[i]})
            for j in range(i):
                step &= Q(**{fields[j][0]: key[j]})
            condition |= step
        queryset = queryset.filter(condition)
    rows = list(queryset[: limit + 1])
    items = rows[:limit]
    next_cursor = encode_cursor(ordering, key_of(items[-1])) if len(rows) > limit else None
    return Page(items=items, next_cursor=next_cursor, limit=limit)
