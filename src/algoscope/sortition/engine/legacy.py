"""LEGACY: the greedy draw organisers used before 2020, kept as the baseline to compare with.

Repeatedly take the feature value whose minimum is furthest from met relative to the people still available with
it, pick one of them uniformly, remove them (and their housemates), and remove everyone whose value has reached
its maximum; once every minimum is met, pick uniformly among those still allowed. Restart on a dead end.
"""

from __future__ import annotations

import numpy as np

from algoscope.sortition.engine.types import TypeModel

MAX_ATTEMPTS = 200


def legacy_panel(model: TypeModel, rng: np.random.Generator) -> list[str] | None:
    """One panel of person ids, or None when every attempt dead-ended."""
    people = [p for members in model.members for p in members]
    kinds = np.array([t for t, members in enumerate(model.members) for _ in members], dtype=np.int64)
    has = model.quota_matrix.T[kinds].astype(bool)  # person × quota row
    homes: dict[str, int] = {}
    home = np.array([homes.setdefault(p.household, len(homes)) if p.household else -1 for p in people])
    for _ in range(MAX_ATTEMPTS):
        available = np.ones(len(people), dtype=bool)
        filled = np.zeros(len(model.low), dtype=np.int64)
        chosen: list[int] = []
        while len(chosen) < model.k and available.any():
            supply = has[available].sum(axis=0)
            need = model.low - filled
            ratio = np.where((need > 0) & (supply > 0), need / np.maximum(supply, 1), 0.0)
            candidates = available & has[:, int(np.argmax(ratio))] if ratio.max() > 0 else available
            pick = int(rng.choice(np.flatnonzero(candidates)))
            chosen.append(pick)
            filled += has[pick]
            available[pick] = False
            if home[pick] >= 0:
                available &= home != home[pick]
            full = filled >= model.high
            if full.any():
                available &= ~has[:, full].any(axis=1)
        counts = np.bincount(kinds[chosen], minlength=model.count)
        if len(chosen) == model.k and model.is_panel(counts):
            return sorted(people[i].id for i in chosen)
    return None
