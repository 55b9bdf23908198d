"""The two HiGHS models of column generation, each built once and kept warm. Pure Python + highspy.

``PanelModel``: the pricing integer program over type counts (panel size, quota rows, household rows); only its
objective changes between calls. ``DualMaster``: the restricted master LP of one LEXIMIN stage in dual form
(Flanigan et al. 2021, Methods), one row per known panel, re-solved by dual simplex from the previous basis
when a row is added.
"""

from __future__ import annotations

import highspy
import numpy as np
from numpy.typing import NDArray

from algoscope.sortition.engine.types import TypeModel

INF = highspy.kHighsInf
MIP_GAP = 1e-10  # pricing must be exact: a missed column would stop column generation early


def new_highs() -> highspy.Highs:
    """A silent, single-threaded, deterministic HiGHS instance."""
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)
    return h


class PanelModel:
    """Finds the panel (count vector) with the largest weighted sum ``Σ_t w_t c_t``."""

    def __init__(self, model: TypeModel) -> None:
        self.model = model
        h = new_highs()
        h.setOptionValue("mip_rel_gap", MIP_GAP)
        h.setOptionValue("mip_abs_gap", 1e-12)
        n = model.count
        h.addVars(n, np.zeros(n), model.sizes.astype(float))
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n))
        rows = [(np.arange(n), float(model.k), float(model.k))]
        for row, low, high in zip(model.quota_matrix, model.low, model.high, strict=True):
            rows.append((np.flatnonzero(row), float(low), float(high)))
        for group in model.households:
            rows.append((np.array(group), -INF, 1.0))
        for cols, low, high in rows:
            h.addRow(low, high, len(cols), cols.astype(np.int32), np.ones(len(cols)))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.h = h

    def best(self, weights: NDArray[np.float64]) -> tuple[NDArray[np.int64], float] | None:
        """The best panel for ``weights`` and its value, or None when no panel meets the constraints."""
        n = self.model.count
        self.h.changeColsCost(n, np.arange(n, dtype=np.int32), weights.astype(float))
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        counts = np.rint(np.array(self.h.getSolution().col_value)).astype(np.int64)
        return counts, float(weights @ counts)


class DualMaster:
    """``min ŷ − Σ_fixed p_t y_t`` s.t. ``Σ_t a_Pt y_t ≤ ŷ`` per known panel P, ``Σ_unfixed y_t = 1``, ``y ≥ 0``.

    ``a_Pt = c_Pt / size_t`` is the share of type t's people that panel P holds. Variables: y_0 … y_{T−1}, ŷ.
    """

    def __init__(self, sizes: NDArray[np.int64]) -> None:
        self.sizes = sizes.astype(float)
        self.n = len(sizes)
        h = new_highs()
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("simplex_strategy", 1)  # dual simplex: stays feasible for the dual when rows are added
        h.setOptionValue("primal_feasibility_tolerance", 1e-10)
        h.setOptionValue("dual_feasibility_tolerance", 1e-10)
        h.addVars(self.n, np.zeros(self.n), np.full(self.n, INF))
        h.addVar(-INF, INF)
        h.changeColCost(self.n, 1.0)
        h.addRow(1.0, 1.0, self.n, np.arange(self.n, dtype=np.int32), np.ones(self.n))
        self.h = h
        self.rows = 0

    def add_panel(self, counts: NDArray[np.int64]) -> None:
        cols = np.flatnonzero(counts)
        values = counts[cols] / self.sizes[cols]
        self.h.addRow(-INF, 0.0, len(cols) + 1, np.append(cols, self.n).astype(np.int32), np.append(values, -1.0))
        self.rows += 1

    def set_stage(self, fixed: NDArray[np.bool_], probabilities: NDArray[np.float64]) -> None:
        """Unfixed types share the normalising row; fixed ones enter the objective with their probability."""
        for t in range(self.n):
            self.h.changeCoeff(0, t, 0.0 if fixed[t] else 1.0)
        costs = np.where(fixed, -probabilities, 0.0)
        self.h.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), costs)

    def solve(self) -> tuple[NDArray[np.float64], float, float]:
        """(y, ŷ, objective value) of the optimum over the known panels."""
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"the restricted master LP ended as {self.h.modelStatusToString(status)}")
        values = np.array(self.h.getSolution().col_value)
        return (
            np.maximum(values[: self.n], 0.0),
            float(values[self.n]),
            float(self.h.getInfo().objective_function_value),
        )
