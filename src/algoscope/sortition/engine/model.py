"""The pool and its quotas, as the engine sees them. Pure Python.

Feature values are compared after folding case and whitespace (``" female "`` is ``Female``); the spelling in the
categories file is the one shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Algorithm(StrEnum):
    LEXIMIN = "leximin"
    MAXIMIN = "maximin"
    LEGACY = "legacy"


def fold(value: str) -> str:
    """How values are compared: case and runs of whitespace do not matter."""
    return " ".join(value.split()).casefold()


@dataclass(frozen=True)
class Quota:
    feature: str
    value: str
    min: int
    max: int
    min_flex: int | None = None  # the lowest minimum an organiser accepts when quotas must be relaxed
    max_flex: int | None = None
    row: int | None = None  # line in the categories file
    labels: tuple[tuple[str, str], ...] = ()  # (language, the value's name in it), from label_<lang> columns
    feature_labels: tuple[tuple[str, str], ...] = ()  # (language, the feature's name in it), feature_<lang>

    def label(self, language: str) -> str:
        """The value's name in ``language`` (as the categories file spells it when none is given)."""
        return dict(self.labels).get(language) or self.value

    def feature_label(self, language: str) -> str:
        return dict(self.feature_labels).get(language) or self.feature


@dataclass(frozen=True)
class Person:
    id: str
    values: tuple[str, ...]  # one per feature, in ``Pool.features`` order, spelled as in the quotas
    household: str = ""  # "" when no address columns are checked or the address is empty
    row: int | None = None


@dataclass
class Pool:
    features: tuple[str, ...]
    quotas: tuple[Quota, ...]
    people: tuple[Person, ...]
    already_selected: tuple[str, ...] = ()  # ids of people confirmed before a replacement selection
    extra: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # other columns by person id
    warnings: tuple[Any, ...] = ()  # problems that did not stop the reading (``common.errors.Problem``)

    def quotas_of(self, feature: str) -> list[Quota]:
        return [q for q in self.quotas if q.feature == feature]

    def quota_index(self) -> dict[tuple[str, str], int]:
        return {(q.feature, q.value): i for i, q in enumerate(self.quotas)}

    def by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}


def counts(pool: Pool, people: Sequence[Person]) -> dict[tuple[str, str], int]:
    """How many of ``people`` have each feature value."""
    out = {(q.feature, q.value): 0 for q in pool.quotas}
    for person in people:
        for feature, value in zip(pool.features, person.values, strict=True):
            out[(feature, value)] += 1
    return out
