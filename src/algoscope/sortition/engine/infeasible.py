"""When no panel meets the quotas: the smallest relaxation that makes them feasible.

An integer program over the panel (type counts) and, per quota, how far its minimum is lowered and its maximum
raised, within the organiser's ``min_flex``/``max_flex`` where given. Lowering a minimum that is already small is
dearer (weight ``1 + 2/min``, as the Sortition Foundation's tool does), so the relaxation spreads over large quotas.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from algoscope.common.messages import gettext_noop as _
from algoscope.sortition.engine.highs import INF, new_highs
from algoscope.sortition.engine.model import Pool
from algoscope.sortition.engine.types import TypeModel


@dataclass(frozen=True)
class Change:
    feature: str
    value: str
    min: int
    max: int
    new_min: int
    new_max: int
    row: int | None

    def __str__(self) -> str:
        parts = []
        if self.new_min != self.min:
            parts.append(f"minimum {self.min} → {self.new_min}")
        if self.new_max != self.max:
            parts.append(f"maximum {self.max} → {self.new_max}")
        return f"{self.feature}: {self.value}: " + ", ".join(parts)


@dataclass(frozen=True)
class Diagnosis:
    changes: tuple[Change, ...]  # empty when no relaxation within the flex bounds helps
    reason: str

    def __str__(self) -> str:
        if not self.changes:
            return self.reason
        return self.reason + ": " + "; ".join(str(c) for c in self.changes)

    def as_dict(self) -> dict[str, object]:
        return {
            "reason": self.reason,
            "changes": [
                {
                    "feature": c.feature,
                    "value": c.value,
                    "min": c.min,
                    "max": c.max,
                    "new_min": c.new_min,
                    "new_max": c.new_max,
                    "row": c.row,
                }
                for c in self.changes
            ],
        }


def diagnose(pool: Pool, model: TypeModel) -> Diagnosis:
    n, q = model.count, len(model.low)
    fixed = np.array([q_.max for q_ in pool.quotas]) - model.high  # already selected per quota row
    h = new_highs()
    h.addVars(n, np.zeros(n), model.sizes.astype(float))
    lower_by = np.array(
        [
            max(0, int(low) - max(0, (quota.min_flex or 0) - int(f)))
            for quota, low, f in zip(pool.quotas, model.low, fixed, strict=True)
        ],
        dtype=float,
    )
    raise_by = np.array(
        [
            (quota.max_flex - quota.max) if quota.max_flex is not None and quota.max_flex >= quota.max else model.k
            for quota in pool.quotas
        ],
        dtype=float,
    )
    h.addVars(q, np.zeros(q), lower_by)  # a_q: how much the minimum is lowered
    h.addVars(q, np.zeros(q), raise_by)  # b_q: how much the maximum is raised
    integer = highspy.HighsVarType.kInteger
    total = n + 2 * q
    h.changeColsIntegrality(total, np.arange(total, dtype=np.int32), np.array([integer] * total))
    costs = np.concatenate([np.zeros(n), 1.0 + 2.0 / np.maximum(model.low, 1).astype(float), np.ones(q)])
    h.changeColsCost(total, np.arange(total, dtype=np.int32), costs)
    h.addRow(float(model.k), float(model.k), n, np.arange(n, dtype=np.int32), np.ones(n))
    for r in range(q):
        cols = np.flatnonzero(model.quota_matrix[r])
        h.addRow(
            float(model.low[r]),
            INF,
            len(cols) + 1,
            np.append(cols, n + r).astype(np.int32),
            np.append(np.ones(len(cols)), 1.0),
        )
        h.addRow(
            -INF,
            float(model.high[r]),
            len(cols) + 1,
            np.append(cols, n + q + r).astype(np.int32),
            np.append(np.ones(len(cols)), -1.0),
        )
    for group in model.households:
        h.addRow(-INF, 1.0, len(group), np.array(group, dtype=np.int32), np.ones(len(group)))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return Diagnosis((), _("no panel meets the quotas, even relaxed as far as min_flex and max_flex allow"))
    values = np.rint(np.array(h.getSolution().col_value)).astype(np.int64)
    changes = []
    for r, quota in enumerate(pool.quotas):
        down, up = int(values[n + r]), int(values[n + q + r])
        if down or up:
            changes.append(
                Change(quota.feature, quota.value, quota.min, quota.max, quota.min - down, quota.max + up, quota.row)
            )
    return Diagnosis(tuple(changes), _("no panel meets every quota; the smallest change that allows one"))
