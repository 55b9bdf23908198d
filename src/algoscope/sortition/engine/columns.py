"""LEXIMIN and MAXIMIN by column generation over types (Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 2021).

A distribution over panels is found stage by stage: each stage maximises the smallest probability of the types not
yet fixed, with the fixed ones held at their level, over the panels found so far (the master LP: ``clp.Master`` with
the CBC backend, ``highs.Master`` otherwise), adding panels that violate its dual until none does. Types whose dual
value is positive are at the stage's optimum in every optimal solution (complementary slackness), so they are fixed
at it; LEXIMIN repeats until every type is fixed, MAXIMIN stops after the first stage. The last stage's optimum is
the distribution (a vertex: at most one panel more than there are types); a last LP over the panels found gives
it instead only if that optimum falls short of a level by more than rounding.

The warm start is multiplicative weights over exact best panels. New panels come first from swap climbs
(``swaps.SwapSearch``) that start from the panels of the current distribution; when no climb beats the stage value,
the pricing question goes to the LP relaxation of the pricing program (``highs.Relaxation``), whose bound proves
that no panel beats the value by more than ``TOLERANCE`` (relative) or whose whole optimum is the best panel, and
only otherwise to the integer program (relative gap 1e-10). Each stage thus ends on an exact proof: the sorted
probability vector is the optimum to far better than 1e-6, whichever panels the climbs found on the way.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from algoscope.common.messages import gettext_noop as _
from algoscope.sortition.engine import cbc, clp, highs
from algoscope.sortition.engine.errors import PanelInputError, problem
from algoscope.sortition.engine.highs import INF, PanelModel, Relaxation, new_highs
from algoscope.sortition.engine.swaps import SwapSearch
from algoscope.sortition.engine.types import TypeModel

TOLERANCE = 1e-9
FIX_TOLERANCE = 1e-9
CERTAIN = 1e-7  # a stage whose value is this close to 1 fixes every type left (each is at 1, to this much)
WHOLE = 1e-9  # an LP optimum this close to whole counts is a panel
WRONG = 1e-7  # a shortfall even the final LP leaves above this means an LP solve went wrong: an error, not a report
SHORTFALL = 1e-8  # the last stage's optimum is the distribution when no type falls short of its level by more
CLIMB_STARTS = 3  # swaps start from the heaviest panels of the current distribution: this many at least,
TYPES_PER_START = 48  # and one per this many types (each start may add a panel: more starts, fewer master re-solves,
# but each with more columns to weigh; 48 was fastest on the 800-person pool with either master, 12 was 1.4× slower)
# Warm-start rounds: n²/400 (at least 10, at most n). A master re-solve costs about n² (its basis is dense) and a
# pricing call far less, so the bigger the model, the more the warm start's panels save (docs/performance.md).
WARM_SCALE = 400
MW_STEP = 0.2  # the largest multiplicative-weights step of the warm start (see ``mw_decay``)
Progress = Callable[[str, int, int], None]  # (stage, done, total): what the engine is doing, for a progress bar
SOLVERS = ("auto", "highs", "cbc")  # "cbc": CBC prices, CLP solves the master; "auto": cbc where installed


def _silent(stage: str, done: int, total: int) -> None:
    pass


@dataclass
class Distribution:
    panels: NDArray[np.int64]  # panel × type: how many of each type the panel holds
    weights: NDArray[np.float64]  # probability of each panel
    type_probabilities: NDArray[np.float64]  # each person's probability, by type
    stages: int = 0
    panels_generated: int = 0
    pricing_calls: int = 0  # integer pricing programs solved
    relaxations: int = 0  # pricing questions the LP relaxation answered exactly (a whole optimum, or a low bound)
    climbs: int = 0  # heuristic pricing (swap climbs)
    shortfall: float = 0.0  # largest gap between a type's marginal in ``panels``/``weights`` and its fixed level


def mw_decay(types: int, rounds: int) -> float:
    """How much a round of the warm start lowers the weight of a type its panel takes in full: 1 − ε with the
    multiplicative-weights step ε = √(ln n / T) for n types and T rounds, at most 0.2."""
    return 1.0 - min(MW_STEP, math.sqrt(math.log(max(types, 2)) / max(rounds, 1)))


def resolve_solver(solver: str = "auto") -> str:
    """The solvers that ``solver`` names: "auto" takes CBC/CLP where ``mip`` is installed (faster on every benchmark
    pool but the smallest), HiGHS otherwise."""
    if solver not in SOLVERS:
        raise PanelInputError([problem("solver", _("unknown solver {solver}: use auto, highs or cbc"), solver=solver)])
    if solver == "auto":
        return "cbc" if cbc.available() else "highs"
    if solver == "cbc" and not cbc.available():
        raise PanelInputError([problem("solver", _("CBC needs the optional package: pip install 'algoscope[cbc]'"))])
    return solver


class ColumnGeneration:
    def __init__(self, model: TypeModel, progress: Progress | None = None, *, solver: str = "auto") -> None:
        self.model = model
        self.progress = progress or _silent
        self.solver = resolve_solver(solver)
        self.pricer: PanelModel | cbc.CbcPanelModel = (
            cbc.CbcPanelModel(model) if self.solver == "cbc" else PanelModel(model)
        )
        # The master LP: CLP with CBC (same COIN-OR libraries; faster on the master's dense basis), else HiGHS.
        self.master: highs.Master | clp.Master = (
            clp.Master(model.sizes) if self.solver == "cbc" and clp.available() else highs.Master(model.sizes)
        )
        self.relaxation = Relaxation(model)
        self.swaps = SwapSearch(model)
        self.climbs = 0
        self.panels: list[NDArray[np.int64]] = []
        self.seen: set[bytes] = set()
        self.calls = 0  # integer programs solved
        self.relaxed = 0  # pricing questions the LP relaxation answered

    def feasible(self) -> bool:
        self.calls += 1
        return self.pricer.best(np.zeros(self.model.count)) is not None

    def price(self, weights: NDArray[np.float64], bar: float = -INF) -> tuple[NDArray[np.int64], float] | None:
        """The best panel for ``weights`` and its value; None when none exists or (from the LP bound) none is worth
        more than ``bar``. The integer program runs only when the LP relaxation's optimum is above ``bar`` and not
        whole."""
        relaxed = self.relaxation.solve(weights)
        if relaxed is None:
            return None
        optimum, bound = relaxed
        if bound <= bar:
            self.relaxed += 1
            return None
        counts = np.rint(optimum).astype(np.int64)
        if np.abs(optimum - counts).max(initial=0.0) <= WHOLE and self.model.is_panel(counts):
            self.relaxed += 1
            return counts, float(weights @ counts)
        self.calls += 1
        return self.pricer.best(weights)

    def _add(self, counts: NDArray[np.int64]) -> bool:
        key = counts.tobytes()
        if key in self.seen:
            return False
        self.seen.add(key)
        self.panels.append(counts)
        self.master.add_panel(counts)
        return True

    def warm_start(self) -> NDArray[np.bool_]:
        """Panels from multiplicative weights (each round's best panel, exact), then one for each type not yet in
        any; returns the types no panel can hold (their probability is 0)."""
        n = self.model.count
        sizes = self.model.sizes.astype(float)
        weights = np.ones(n)
        rounds = min(n, max(10, n * n // WARM_SCALE))
        decay = mw_decay(n, rounds)
        for i in range(rounds):
            found = self.price(weights)
            if found is None:
                break
            counts = found[0]
            self._add(counts)
            weights *= decay ** (counts / sizes)
            weights /= weights.max()
            self.progress("warm start", i + 1, rounds)
        impossible = np.zeros(n, dtype=bool)
        covered = np.zeros(n, dtype=bool)
        for counts in self.panels:
            covered |= counts > 0
        for t in np.flatnonzero(~covered):
            if covered[t]:
                continue
            unit = np.zeros(n)
            unit[t] = 1.0
            found = self.price(unit)
            if found is None or found[0][t] == 0:
                impossible[t] = True
                continue
            self._add(found[0])
            covered |= found[0] > 0
        return impossible

    def stage(self, fixed: NDArray[np.bool_], levels: NDArray[np.float64]) -> tuple[NDArray[np.float64], float]:
        """Optimal dual (y) and value of one stage, adding panels until none violates the dual."""
        self.master.set_stage(fixed, levels)
        sizes = self.model.sizes.astype(float)
        while True:
            y, yhat, value = self.master.solve()
            bar = yhat + TOLERANCE * max(1.0, abs(yhat))
            if self._climb(y / sizes, bar):
                continue
            found = self.price(y / sizes, bar)
            if found is None or found[1] <= bar or not self._add(found[0]):
                return y, value

    def _climb(self, weights: NDArray[np.float64], bar: float) -> bool:
        """Adds the panels that swaps from the current distribution's panels lift above ``bar``."""
        x = self.master.weights()
        added = False
        starts = max(CLIMB_STARTS, self.model.count // TYPES_PER_START)
        for i in np.argsort(-x, kind="stable")[:starts]:
            if x[i] <= 0:
                break
            self.climbs += 1
            counts = self.swaps.climb(self.panels[i], weights)
            if weights @ counts > bar and self._add(counts):
                added = True
        return added

    def run(self, *, leximin: bool) -> Distribution:
        n = self.model.count
        levels = np.zeros(n)
        fixed = self.warm_start()
        stages = 0
        while not fixed.all():
            y, value = self.stage(fixed, levels)
            stages += 1
            newly = ~fixed & (y > FIX_TOLERANCE)
            if value >= 1.0 - CERTAIN:  # every type left is certain to be selected: no probability exceeds 1
                newly = ~fixed
            if not newly.any():  # numerically flat dual: fix the type with the largest weight
                newly = np.zeros(n, dtype=bool)
                newly[np.argmax(np.where(fixed, -1.0, y))] = True
            value = min(max(value, 0.0), 1.0)
            if not leximin:
                levels[~fixed] = value
                fixed[:] = True
            else:  # the level each reaches in this optimum (the value, up to the LP's tolerance): never above it,
                # so that the next stage's master stays feasible
                levels[newly] = np.clip(self.master.marginals()[newly], 0.0, value)
                fixed |= newly
            self.progress("leximin" if leximin else "maximin", int(fixed.sum()), n)
        panels, weights, marginals, shortfall = self.last_optimum(levels) if stages else self.distribution(levels)
        if shortfall > SHORTFALL:
            panels, weights, marginals, shortfall = self.distribution(levels)
        if shortfall > WRONG:  # never publish probabilities that the distribution does not give
            raise RuntimeError(f"the distribution misses the probabilities found by {shortfall:.2e}")
        return Distribution(
            panels=panels,
            weights=weights,
            type_probabilities=levels if leximin else marginals,
            stages=stages,
            panels_generated=len(self.panels),
            pricing_calls=self.calls,
            relaxations=self.relaxed,
            climbs=self.climbs,
            shortfall=shortfall,
        )

    def last_optimum(
        self, levels: NDArray[np.float64]
    ) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64], float]:
        """The last stage's optimum as the distribution: a vertex of that LP, so at most one panel more than types,
        and its marginals reach every fixed level (up to the LP's tolerances)."""
        x = np.maximum(self.master.weights(), 0.0)
        keep = x > 1e-12
        panels = np.array(self.panels, dtype=np.int64)[keep]
        x = x[keep] / x[keep].sum()
        marginals = (panels / self.model.sizes).T @ x
        return panels, x, marginals, float(np.max(np.maximum(levels - marginals, 0.0), initial=0.0))

    def distribution(
        self, levels: NDArray[np.float64]
    ) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64], float]:
        """Weights over the found panels whose marginals reach ``levels`` (min of the largest shortfall)."""
        panels = np.array(self.panels, dtype=np.int64)
        shares = panels / self.model.sizes  # panel × type
        count, n = shares.shape
        h = new_highs()
        h.setOptionValue("primal_feasibility_tolerance", 1e-10)
        h.addVars(count + 1, np.zeros(count + 1), np.full(count + 1, INF))
        h.changeColCost(count, 1.0)
        h.addRow(1.0, 1.0, count, np.arange(count, dtype=np.int32), np.ones(count))
        for t in range(n):
            rows = np.flatnonzero(shares[:, t])
            h.addRow(
                float(levels[t]),
                INF,
                len(rows) + 1,
                np.append(rows, count).astype(np.int32),
                np.append(shares[rows, t], 1.0),
            )
        h.run()
        x = np.maximum(np.array(h.getSolution().col_value)[:count], 0.0)
        keep = x > 1e-12
        panels, x = panels[keep], x[keep] / x[keep].sum()
        marginals = (panels / self.model.sizes).T @ x
        return panels, x, marginals, float(np.max(np.maximum(levels - marginals, 0.0), initial=0.0))
