"""The two HiGHS models of column generation, each built once and kept warm. Pure Python + highspy.

``PanelModel``: the pricing integer program over type counts (panel size, quota rows, household rows); only its
objective changes between calls. ``Master``: the restricted master LP of one LEXIMIN stage, one column per known
panel, re-solved by primal simplex from the previous basis when a column is added (its row duals are the dual of
Flanigan et al. 2021, Methods).
"""

from __future__ import annotations

import highspy
import numpy as np
from numpy.typing import NDArray

from algoscope.sortition.engine.types import TypeModel

INF = highspy.kHighsInf
MIP_GAP = 1e-10
STALL_ITERATIONS = 1500  # simplex iterations of one re-solve before it counts as stalled
# How far below its level a fixed type's row lets it go: the LPs' tolerances compound over the stages, and with less
# room a late stage's master can end numerically infeasible (seen at 1e-10 on a 300-person pool).
LEVEL_SLACK = 1e-9


def new_highs() -> highspy.Highs:
    """A silent, single-threaded, deterministic HiGHS instance."""
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)
    return h


def _pricing_program(model: TypeModel) -> highspy.Highs:
    """``max Σ_t w_t c_t`` over count vectors: panel size, quota rows, household rows, ``0 ≤ c_t ≤ size_t``."""
    h = new_highs()
    n = model.count
    h.addVars(n, np.zeros(n), model.sizes.astype(float))
    rows = [(np.arange(n), float(model.k), float(model.k))]
    for row, low, high in zip(model.quota_matrix, model.low, model.high, strict=True):
        rows.append((np.flatnonzero(row), float(low), float(high)))
    for group in model.households:
        rows.append((np.array(group), -INF, 1.0))
    for cols, low, high in rows:
        h.addRow(low, high, len(cols), cols.astype(np.int32), np.ones(len(cols)))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    return h


def _reweighted_optimum(h: highspy.Highs, weights: NDArray[np.float64]) -> NDArray[np.float64] | None:
    """Solves ``h`` for the objective ``weights``: its optimum, or None when it has none."""
    n = len(weights)
    h.changeColsCost(n, np.arange(n, dtype=np.int32), weights.astype(float))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return np.array(h.getSolution().col_value)


def panel_column(
    counts: NDArray[np.int64], sizes: NDArray[np.float64]
) -> tuple[NDArray[np.int32], NDArray[np.float64]]:
    """A panel's column in the master LP (rows and values): the share of each type's people it holds, and 1 in the
    convexity row (row n)."""
    types = np.flatnonzero(counts)
    return np.append(types, len(sizes)).astype(np.int32), np.append(counts[types] / sizes[types], 1.0)


def type_marginals(rows: NDArray[np.float64], z: float, fixed: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Each type's probability from the master's row activities: ``z`` is in the rows of the types not fixed."""
    return rows[: len(fixed)] + np.where(fixed, 0.0, z)


class PanelModel:
    """Finds the panel (count vector) with the largest weighted sum ``Σ_t w_t c_t``."""

    def __init__(self, model: TypeModel) -> None:
        h = _pricing_program(model)
        h.setOptionValue("mip_rel_gap", MIP_GAP)
        h.setOptionValue("mip_abs_gap", 1e-12)
        n = model.count
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n))
        self.h = h

    def best(self, weights: NDArray[np.float64]) -> tuple[NDArray[np.int64], float] | None:
        """The best panel for ``weights`` and its value, or None when no panel meets the constraints."""
        optimum = _reweighted_optimum(self.h, weights)
        if optimum is None:
            return None
        counts = np.rint(optimum).astype(np.int64)
        return counts, float(weights @ counts)


class Relaxation:
    """The pricing program's LP relaxation (counts need not be whole), kept warm between calls.

    Its optimum bounds every panel's value from above, so a bound at or below the stage value proves that no panel
    beats it; and an optimum that is whole is the best panel itself. Either way the integer program is not needed:
    the relaxation answers in about a millisecond by dual simplex from the last basis, the integer program in 15 to
    50 (a third of the warm start's questions on the 800-person benchmark pool have a whole optimum).
    """

    def __init__(self, model: TypeModel) -> None:
        self.h = _pricing_program(model)
        self.h.setOptionValue("presolve", "off")  # keeps the basis from one objective to the next
        self.h.setOptionValue("primal_feasibility_tolerance", 1e-10)
        self.h.setOptionValue("dual_feasibility_tolerance", 1e-10)

    def solve(self, weights: NDArray[np.float64]) -> tuple[NDArray[np.float64], float] | None:
        """The relaxation's optimum and its value, or None when it is infeasible (then no panel exists either)."""
        optimum = _reweighted_optimum(self.h, weights)
        if optimum is None:
            return None
        return optimum, float(self.h.getInfo().objective_function_value)


class Master:
    """The restricted master LP of one stage: ``max z`` over weights ``x_P ≥ 0`` of the known panels, with
    ``Σ_P x_P = 1``, ``Σ_P a_Pt x_P ≥ z`` for the types not yet fixed and ``≥ p_t`` for the fixed ones.

    ``a_Pt = c_Pt / size_t`` is the share of type t's people that panel P holds. A new panel is a new column, so
    the last basis stays primal feasible and primal simplex goes on from it (the dual simplex, HiGHS's default,
    took 3–4× more iterations here). The row duals are the dual solution
    of Flanigan et al. (Methods): ``y_t`` per type and ``ŷ`` for the convexity row.
    """

    def __init__(self, sizes: NDArray[np.int64]) -> None:
        self.sizes = sizes.astype(float)
        self.n = len(sizes)
        h = new_highs()
        h.setOptionValue("presolve", "off")  # presolve would drop the basis: each solve starts from the last one
        h.setOptionValue("simplex_strategy", 4)  # primal: a new column keeps the basis primal feasible
        # The late stages are degenerate: without bound perturbation a re-solve takes 2–4× fewer iterations, but
        # now and then one stalls; past the limit, that solve goes on with perturbation (see ``solve``).
        h.setOptionValue("primal_simplex_bound_perturbation_multiplier", 0.0)
        self.limit = max(STALL_ITERATIONS, 4 * self.n)
        h.setOptionValue("simplex_iteration_limit", self.limit)
        h.setOptionValue("primal_feasibility_tolerance", 1e-10)
        h.setOptionValue("dual_feasibility_tolerance", 1e-10)
        empty_i, empty_v = np.array([], dtype=np.int32), np.array([], dtype=float)
        for _ in range(self.n):
            h.addRow(0.0, INF, 0, empty_i, empty_v)
        h.addRow(1.0, 1.0, 0, empty_i, empty_v)
        h.addCol(1.0, -INF, INF, self.n, np.arange(self.n, dtype=np.int32), -np.ones(self.n))  # z
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.h = h
        self.fixed = np.zeros(self.n, dtype=bool)
        self.stalls = 0  # re-solves that stalled past ``limit`` or failed, and were finished another way

    def add_panel(self, counts: NDArray[np.int64]) -> None:
        rows, values = panel_column(counts, self.sizes)
        self.h.addCol(0.0, 0.0, INF, len(rows), rows, values)

    def set_stage(self, fixed: NDArray[np.bool_], probabilities: NDArray[np.float64]) -> None:
        """Newly fixed types leave ``z`` and must reach their level (a hair below it: the level is the previous
        optimum, reachable only up to rounding, and the LP must stay feasible)."""
        for t in np.flatnonzero(fixed & ~self.fixed):
            self.h.changeCoeff(int(t), 0, 0.0)
            self.h.changeRowBounds(int(t), max(float(probabilities[t]) - LEVEL_SLACK, 0.0), INF)
        self.fixed = fixed.copy()

    def weights(self) -> NDArray[np.float64]:
        """The weight of each panel (in the order added) in the last optimum."""
        return np.array(self.h.getSolution().col_value)[1:]

    def marginals(self) -> NDArray[np.float64]:
        """Each type's probability in the last optimum."""
        solution = self.h.getSolution()
        return type_marginals(np.array(solution.row_value), solution.col_value[0], self.fixed)

    def solve(self) -> tuple[NDArray[np.float64], float, float]:
        """(y, ŷ, z) of the optimum over the known panels."""
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:  # a stall, or a numerical failure: perturbed primal simplex
            self.h.setOptionValue("primal_simplex_bound_perturbation_multiplier", 1.0)
            self.h.setOptionValue("simplex_iteration_limit", 2**31 - 1)
            self.h.run()
            status = self.h.getModelStatus()
            if status != highspy.HighsModelStatus.kOptimal:  # last resort: from scratch, HiGHS's default simplex
                self.h.clearSolver()
                self.h.setOptionValue("simplex_strategy", 0)
                self.h.run()
                status = self.h.getModelStatus()
                self.h.setOptionValue("simplex_strategy", 4)
            self.h.setOptionValue("primal_simplex_bound_perturbation_multiplier", 0.0)
            self.h.setOptionValue("simplex_iteration_limit", self.limit)
            self.stalls += 1
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"the restricted master LP ended as {self.h.modelStatusToString(status)}")
        duals = np.array(self.h.getSolution().row_dual)
        return np.maximum(-duals[: self.n], 0.0), float(duals[self.n]), float(self.h.getInfo().objective_function_value)
