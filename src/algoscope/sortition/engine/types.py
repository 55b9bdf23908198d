"""People with the same profile are interchangeable: the problem is solved over types. Pure Python + numpy.

Two people of the same profile (one value per feature) and with no housemate in the pool have the same selection
probability in the LEXIMIN optimum (it is unique, and swapping them maps panels to panels), so the engine solves
for how many of each type a panel holds (``0 ≤ c_t ≤ size_t``) and draws the people within a type uniformly.
People who share a household with someone else in the pool stay types of their own, with one row per household
(``Σ c ≤ 1``). People already selected (a replacement round) are taken out with their housemates; the panel size
and the quotas shrink by what they already fill.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from algoscope.common.messages import gettext_noop as _
from algoscope.sortition.engine.errors import PanelInputError, problem
from algoscope.sortition.engine.model import Person, Pool


@dataclass
class TypeModel:
    """The selection problem over types: ``k`` more people, quota bounds per row of ``quota_matrix``."""

    members: list[list[Person]]  # per type, its people (in pool order)
    sizes: NDArray[np.int64]
    quota_matrix: NDArray[np.int64]  # quota row × type: 1 where the type has that feature value
    low: NDArray[np.int64]
    high: NDArray[np.int64]
    households: list[list[int]]  # groups of (singleton) types of which a panel holds at most one
    k: int
    fixed_people: list[Person]  # already selected, in every panel
    excluded: list[Person]  # housemates of people already selected

    @property
    def count(self) -> int:
        return len(self.members)

    def is_panel(self, counts: NDArray[np.int64]) -> bool:
        """Whether a count vector is a valid panel: size, quotas, bounds, households."""
        if counts.sum() != self.k or (counts < 0).any() or (counts > self.sizes).any():
            return False
        filled = self.quota_matrix @ counts
        if (filled < self.low).any() or (filled > self.high).any():
            return False
        return all(counts[group].sum() <= 1 for group in self.households)


def build(pool: Pool, k: int, *, aggregate: bool = True) -> TypeModel:
    """The type model of ``pool`` for a panel of ``k``; ``aggregate=False`` keeps one type per person (a check)."""
    by_id = pool.by_id()
    fixed = [by_id[i] for i in pool.already_selected]
    fixed_households = {p.household for p in fixed if p.household}
    fixed_ids = set(pool.already_selected)
    excluded = [p for p in pool.people if p.id not in fixed_ids and p.household in fixed_households]
    excluded_ids = {p.id for p in excluded}
    available = [p for p in pool.people if p.id not in fixed_ids and p.id not in excluded_ids]
    household_size: dict[str, int] = defaultdict(int)
    for person in available:
        if person.household:
            household_size[person.household] += 1
    groups: dict[tuple[str, ...], list[Person]] = {}
    singles: list[list[Person]] = []
    for person in available:
        if not aggregate or (person.household and household_size[person.household] > 1):
            singles.append([person])
        else:
            groups.setdefault(person.values, []).append(person)
    members = list(groups.values()) + singles
    index = pool.quota_index()
    matrix = np.zeros((len(pool.quotas), len(members)), dtype=np.int64)
    for t, people in enumerate(members):
        for feature, value in zip(pool.features, people[0].values, strict=True):
            matrix[index[(feature, value)], t] = 1
    fixed_counts = np.zeros(len(pool.quotas), dtype=np.int64)
    for person in fixed:
        for feature, value in zip(pool.features, person.values, strict=True):
            fixed_counts[index[(feature, value)]] += 1
    low = np.array([q.min for q in pool.quotas], dtype=np.int64) - fixed_counts
    high = np.array([q.max for q in pool.quotas], dtype=np.int64) - fixed_counts
    if (high < 0).any():
        raise PanelInputError(
            [
                problem(
                    "already selected",
                    _("{feature}: {value} has {count} already selected, above its maximum"),
                    feature=q.feature,
                    value=q.value,
                    count=q.max - h,
                )
                for q, h in zip(pool.quotas, high, strict=True)
                if h < 0
            ]
        )
    by_household: dict[str, list[int]] = defaultdict(list)
    for t, people in enumerate(members):
        if len(people) == 1 and people[0].household and household_size[people[0].household] > 1:
            by_household[people[0].household].append(t)
    return TypeModel(
        members=members,
        sizes=np.array([len(m) for m in members], dtype=np.int64),
        quota_matrix=matrix,
        low=np.maximum(low, 0),
        high=high,
        households=[g for g in by_household.values() if len(g) > 1],
        k=k - len(fixed),
        fixed_people=fixed,
        excluded=excluded,
    )
