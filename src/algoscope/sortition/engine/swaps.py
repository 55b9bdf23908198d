"""Heuristic pricing: improve a panel by one-for-one swaps. Pure Python + numpy.

Column generation needs, at each step, a panel whose weighted sum beats the stage value; only the last step of a
stage, which proves that none does, needs the exact integer program. Every panel of the current distribution is
worth exactly the stage value, so a swap (one person of type a out, one of type b in) that keeps every quota and
household bound and gains ``w_b − w_a > 0`` already gives such a panel. ``SwapSearch`` climbs by the best swap
until none gains; the exact pricing runs only when no start gets above the stage value.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from algoscope.sortition.engine.types import TypeModel

ROUND = 16  # swaps tried per round of a climb, best gain first


class SwapSearch:
    def __init__(self, model: TypeModel) -> None:
        n = model.count
        rows = [model.quota_matrix]
        low, high = [model.low], [model.high]
        if model.households:
            households = np.zeros((len(model.households), n), dtype=np.int64)
            for g, group in enumerate(model.households):
                households[g, group] = 1
            rows.append(households)
            low.append(np.zeros(len(model.households), dtype=np.int64))
            high.append(np.ones(len(model.households), dtype=np.int64))
        self.rows = np.vstack(rows).astype(np.float64)  # row × type, 0/1
        self.low = np.concatenate(low)
        self.high = np.concatenate(high)
        self.sizes = model.sizes

    def climb(self, counts: NDArray[np.int64], weights: NDArray[np.float64]) -> NDArray[np.int64]:
        """The panel reached from ``counts`` by best-gain swaps (a local optimum of ``weights · counts``).

        Each round finds the swaps that keep every bound and gain, then makes the best ones in order of gain, each
        only if it still keeps every bound after those made before it (a few numpy operations per round, not per
        swap); the climb ends on a round that finds no gaining swap."""
        counts = counts.copy()
        rows = self.rows
        gain_floor = 1e-12 * max(1.0, float(np.abs(weights).max(initial=0.0)))
        while True:
            out = np.flatnonzero(counts)
            lowest = float(weights[out].min())
            into = np.flatnonzero((weights > lowest + gain_floor) & (counts < self.sizes))  # only these can gain
            if not len(into):
                return counts
            out = out[weights[out] < float(weights[into].max()) - gain_floor]
            filled = rows @ counts
            full = rows[filled >= self.high]  # rows nothing more may enter
            floor = rows[filled <= self.low]  # rows nothing may leave
            # a swap a → b breaks a full row that b is in and a is not, or a floor row that a is in and b is not
            broken = (1.0 - full[:, out]).T @ full[:, into] + floor[:, out].T @ (1.0 - floor[:, into])
            gain = np.where(broken == 0, weights[into][None, :] - weights[out][:, None], -np.inf).ravel()
            best = np.argpartition(-gain, ROUND - 1)[:ROUND] if len(gain) > ROUND else np.arange(len(gain))
            best = best[np.argsort(-gain[best], kind="stable")]
            if not gain[best[0]] > gain_floor:
                return counts
            for i in best:
                if not gain[i] > gain_floor:
                    break
                a, b = out[i // len(into)], into[i % len(into)]
                if counts[a] == 0 or counts[b] >= self.sizes[b]:
                    continue
                moved = filled + rows[:, b] - rows[:, a]
                if (moved > self.high).any() or (moved < self.low).any():
                    continue
                counts[a] -= 1
                counts[b] += 1
                filled = moved
