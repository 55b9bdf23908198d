"""The restricted master LP with COIN-OR CLP, for the optional ``algoscope[cbc]`` backend. Pure Python + cffi.

Same model, interface and answers as ``highs.Master`` (one stage's ``max z``; one column per known panel; row duals
``y_t`` and ``ŷ``). The master's basis is nearly dense (each panel holds a share of most types), and that is where
CLP is faster than HiGHS: its factorisation of such a basis is several times cheaper, and a re-solve after new
columns keeps going from the last basis without refactorising from scratch (about 5 ms against 50 ms on the
800-person benchmark pool, where the master is re-solved a hundred times or more). CLP is reached through its C
interface in the library that ``mip`` installs (the ``cbcbox`` package), with cffi, which ``mip`` needs too;
``available()`` says whether it loads, and ``columns`` falls back to HiGHS when it does not.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Any

import numpy as np
from numpy.typing import NDArray

from algoscope.sortition.engine.highs import LEVEL_SLACK, panel_column, type_marginals

INF = 1e30  # CLP's infinity (COIN_DBL_MAX would do as well; anything above 1e27 counts as infinite)
OPTIMAL = 0  # Clp_status (1: primal infeasible, 2: dual infeasible, 3: iteration limit, 4: errors)
STALL_ITERATIONS = 100_000  # far above any re-solve seen; a re-solve that gets there counts as stalled

_CDEF = """
typedef struct Clp_Simplex_s Clp_Simplex;
Clp_Simplex *Clp_newModel(void);
void Clp_deleteModel(Clp_Simplex *model);
void Clp_loadProblem(Clp_Simplex *model, const int numcols, const int numrows, const int *start, const int *index,
    const double *value, const double *collb, const double *colub, const double *obj, const double *rowlb,
    const double *rowub);
void Clp_addColumns(Clp_Simplex *model, int number, const double *columnLower, const double *columnUpper,
    const double *objective, const int *columnStarts, const int *rows, const double *elements);
void Clp_chgRowLower(Clp_Simplex *model, const double *rowLower);
void Clp_modifyCoefficient(Clp_Simplex *model, int row, int column, double newElement, int keepZero);
void Clp_setPrimalTolerance(Clp_Simplex *model, double value);
void Clp_setDualTolerance(Clp_Simplex *model, double value);
void Clp_setOptimizationDirection(Clp_Simplex *model, double value);
void Clp_setLogLevel(Clp_Simplex *model, int value);
void Clp_setMaximumIterations(Clp_Simplex *model, int value);
int Clp_primal(Clp_Simplex *model, int ifValuesPass);
int Clp_dual(Clp_Simplex *model, int ifValuesPass);
int Clp_initialSolve(Clp_Simplex *model);
int Clp_status(Clp_Simplex *model);
int Clp_numberIterations(Clp_Simplex *model);
int Clp_getNumCols(Clp_Simplex *model);
double Clp_objectiveValue(Clp_Simplex *model);
const double *Clp_getRowActivity(Clp_Simplex *model);
const double *Clp_getColSolution(Clp_Simplex *model);
const double *Clp_getRowPrice(Clp_Simplex *model);
"""


def _library_names() -> list[str]:
    if sys.platform == "darwin":
        return ["lib/libClp.dylib"]
    if sys.platform == "win32":
        return ["bin/libClp-0.dll", "bin/libClp.dll"]
    return ["lib/libClp.so.0", "lib/libClp.so"]  # the soname libCbc links: one copy of CLP in the process


@functools.cache
def _load() -> tuple[tuple[Any, Any] | None, str]:
    """((ffi, lib) for CLP's C interface, or None, and why not): the COIN-OR libraries come with ``cbcbox``."""
    try:
        import cbcbox  # the extra algoscope[cbc] installs it, with cffi and mip
        import cffi
    except ImportError as exc:
        return None, f"{exc.name or 'a package'} is not installed: pip install 'algoscope[cbc]'"
    ffi = cffi.FFI()
    ffi.cdef(_CDEF)
    folder = cbcbox.cbc_dist_dir()
    tried = []
    for name in _library_names():
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            tried.append(f"{path}: missing")
            continue
        try:
            return (ffi, ffi.dlopen(path)), ""
        except OSError as exc:
            tried.append(f"{path}: {exc}")
    return None, "CLP's library does not load from cbcbox (" + "; ".join(tried) + ")"


def _clp() -> tuple[Any, Any] | None:
    return _load()[0]


def available() -> bool:
    return _clp() is not None


def unavailable_reason() -> str:
    """Why CLP cannot be used here ("" when it can): the missing package, or each library path tried and why."""
    return _load()[1]


class Master:
    """The restricted master LP of one stage, as ``highs.Master``, solved by CLP: primal simplex after new columns,
    dual then primal simplex after a stage change."""

    def __init__(self, sizes: NDArray[np.int64]) -> None:
        loaded = _clp()
        if loaded is None:
            raise RuntimeError(f"CLP is not available: {unavailable_reason()}")
        self.ffi, self.lib = loaded
        self.sizes = sizes.astype(float)
        n = self.n = len(sizes)
        self.model = self.lib.Clp_newModel()
        self.lib.Clp_setLogLevel(self.model, 0)
        self.lower = np.zeros(n + 1)  # row lower bounds: 0 for the types' rows (share − z ≥ 0), 1 for Σ x = 1
        self.lower[n] = 1.0
        upper = np.full(n + 1, INF)
        upper[n] = 1.0
        self.lib.Clp_loadProblem(  # one column, z (free, cost 1, −1 in every type's row); the panels come later
            self.model,
            1,
            n + 1,
            self._ints(np.array([0, n])),
            self._ints(np.arange(n)),
            self._doubles(-np.ones(n)),
            self._doubles(np.array([-INF])),
            self._doubles(np.array([INF])),
            self._doubles(np.array([1.0])),
            self._doubles(self.lower),
            self._doubles(upper),
        )
        self.lib.Clp_setOptimizationDirection(self.model, -1.0)  # maximise
        self.lib.Clp_setPrimalTolerance(self.model, 1e-10)
        self.lib.Clp_setDualTolerance(self.model, 1e-10)
        self.limit = STALL_ITERATIONS  # primal simplex iterations of one re-solve before it counts as stalled
        self.columns = 1
        self.pending: list[NDArray[np.int64]] = []
        self.fixed = np.zeros(n, dtype=bool)
        self.restaged = False  # set_stage since the last solve
        self.stalls = 0  # re-solves that did not end optimal and were finished another way

    def __del__(self) -> None:
        model, lib = getattr(self, "model", None), getattr(self, "lib", None)
        if model is not None and lib is not None:
            lib.Clp_deleteModel(model)
            self.model = None

    def _ints(self, values: NDArray[Any]) -> Any:
        return self.ffi.from_buffer("int[]", np.ascontiguousarray(values, dtype=np.int32))

    def _doubles(self, values: NDArray[Any]) -> Any:
        return self.ffi.from_buffer("double[]", np.ascontiguousarray(values, dtype=np.float64))

    def _array(self, pointer: Any, length: int) -> NDArray[np.float64]:
        return np.frombuffer(self.ffi.buffer(pointer, 8 * length), dtype=np.float64).copy()

    def add_panel(self, counts: NDArray[np.int64]) -> None:
        self.pending.append(counts)  # added together at the next solve: one call, one change to the model

    def _add_pending(self) -> None:
        if not self.pending:
            return
        columns = [panel_column(counts, self.sizes) for counts in self.pending]
        rows = [column[0] for column in columns]
        values = [column[1] for column in columns]
        starts = np.cumsum([0] + [len(r) for r in rows])
        count = len(self.pending)
        self.lib.Clp_addColumns(
            self.model,
            count,
            self._doubles(np.zeros(count)),
            self._doubles(np.full(count, INF)),
            self._doubles(np.zeros(count)),
            self._ints(starts),
            self._ints(np.concatenate(rows)),
            self._doubles(np.concatenate(values)),
        )
        self.columns += count
        self.pending = []

    def set_stage(self, fixed: NDArray[np.bool_], probabilities: NDArray[np.float64]) -> None:
        """Newly fixed types leave ``z`` and must reach their level (a hair below it, as in ``highs.Master``)."""
        for t in np.flatnonzero(fixed & ~self.fixed):
            self.lib.Clp_modifyCoefficient(self.model, int(t), 0, 0.0, 0)
            self.lower[t] = max(float(probabilities[t]) - LEVEL_SLACK, 0.0)
        self.lib.Clp_chgRowLower(self.model, self._doubles(self.lower))
        self.fixed = fixed.copy()
        self.restaged = True

    def weights(self) -> NDArray[np.float64]:
        """The weight of each panel (in the order added) in the last optimum."""
        return self._array(self.lib.Clp_getColSolution(self.model), self.columns)[1:]

    def marginals(self) -> NDArray[np.float64]:
        """Each type's probability in the last optimum."""
        rows = self._array(self.lib.Clp_getRowActivity(self.model), self.n + 1)
        return type_marginals(rows, float(self.lib.Clp_getColSolution(self.model)[0]), self.fixed)

    def solve(self) -> tuple[NDArray[np.float64], float, float]:
        """(y, ŷ, z) of the optimum over the known panels."""
        self._add_pending()
        self.lib.Clp_setMaximumIterations(self.model, self.limit)
        if self.restaged:  # a new stage: dual simplex (5 to 20 times fewer iterations than primal on the late stages),
            self.lib.Clp_dual(self.model, 0)  # then primal simplex from its basis: CLP's dual may end "optimal" with
            self.lib.Clp_primal(self.model, 0)  # rows off by 1e-4 (a tolerance it widened), and primal puts them right
            self.restaged = False
        else:  # new columns keep the basis primal feasible: primal simplex goes on from it
            self.lib.Clp_primal(self.model, 0)
        if self.lib.Clp_status(self.model) != OPTIMAL:  # a stall or a numerical failure: dual simplex, then afresh
            self.stalls += 1
            self.lib.Clp_setMaximumIterations(self.model, 2**31 - 1)
            self.lib.Clp_dual(self.model, 0)
            if self.lib.Clp_status(self.model) != OPTIMAL:
                self.lib.Clp_initialSolve(self.model)
        status = self.lib.Clp_status(self.model)
        if status != OPTIMAL:
            raise RuntimeError(f"the restricted master LP ended with CLP status {status}")
        duals = self._array(self.lib.Clp_getRowPrice(self.model), self.n + 1)
        return np.maximum(-duals[: self.n], 0.0), float(duals[self.n]), float(self.lib.Clp_objectiveValue(self.model))
