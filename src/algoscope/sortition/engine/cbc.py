"""The pricing integer program with COIN-OR CBC (through ``mip``, the optional extra ``algoscope[cbc]``).

Same model and answer as ``highs.PanelModel``: the panel (count vector) with the largest weighted sum, exact to a
relative gap of 1e-10. CBC answers these small, repeatedly re-weighted programs faster than HiGHS (up to 2.4×
per call on the benchmark pools, most where households keep people from being aggregated into types and each
call is larger), so ``columns.resolve_solver`` takes it whenever it is installed.
"""

from __future__ import annotations

import importlib.util
import logging

import numpy as np
from numpy.typing import NDArray

from algoscope.sortition.engine.highs import MIP_GAP
from algoscope.sortition.engine.types import TypeModel


def available() -> bool:
    """Whether the optional ``mip`` package (with its bundled CBC) is installed."""
    return importlib.util.find_spec("mip") is not None


class CbcPanelModel:
    """Finds the panel (count vector) with the largest weighted sum ``Σ_t w_t c_t``, with CBC."""

    def __init__(self, model: TypeModel) -> None:
        logging.getLogger("mip").setLevel(logging.WARNING)  # not "Using Python-MIP package version …" on import
        import mip  # optional: only when this backend is chosen

        self.mip = mip
        m = mip.Model(sense=mip.MAXIMIZE, solver_name=mip.CBC)
        m.verbose = 0
        m.threads = 1
        m.seed = 0
        m.max_mip_gap = MIP_GAP
        m.max_mip_gap_abs = 1e-12
        self.x = [m.add_var(var_type=mip.INTEGER, lb=0, ub=int(size)) for size in model.sizes]
        m += mip.xsum(self.x) == model.k
        for row, low, high in zip(model.quota_matrix, model.low, model.high, strict=True):
            members = mip.xsum(self.x[t] for t in np.flatnonzero(row))
            if low > 0:
                m += members >= int(low)
            m += members <= int(high)
        for group in model.households:
            m += mip.xsum(self.x[t] for t in group) <= 1
        self.m = m

    def best(self, weights: NDArray[np.float64]) -> tuple[NDArray[np.int64], float] | None:
        """The best panel for ``weights`` and its value, or None when no panel meets the constraints."""
        mip = self.mip
        self.m.objective = mip.maximize(mip.xsum(float(w) * x for w, x in zip(weights, self.x, strict=True)))
        if self.m.optimize() != mip.OptimizationStatus.OPTIMAL:
            return None
        counts = np.rint(np.array([x.x for x in self.x], dtype=float)).astype(np.int64)
        return counts, float(weights @ counts)
