"""One selection, start to finish: the distribution, the per-person probabilities, the lottery and the draw."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from algoscope.sortition.engine import lottery as lot
from algoscope.sortition.engine.columns import ColumnGeneration, Distribution, Progress
from algoscope.sortition.engine.errors import Infeasible
from algoscope.sortition.engine.infeasible import Diagnosis, diagnose
from algoscope.sortition.engine.legacy import legacy_panel
from algoscope.sortition.engine.model import Algorithm, Pool
from algoscope.sortition.engine.stats import summary
from algoscope.sortition.engine.types import TypeModel, build

DEFAULT_LOTTERY_SIZE = 1000
LEGACY_DRAWS = 1000


@dataclass
class Selection:
    algorithm: Algorithm
    k: int
    probabilities: dict[str, float]  # person id → selection probability (already selected: 1, excluded: 0)
    panel: list[str]  # the drawn panel (person ids), already selected people included
    lottery: list[list[str]]  # the m ticket panels, without the already selected
    pseudonyms: dict[str, str]  # person id → the public pseudonym used in the lottery file
    lottery_file: bytes
    ticket: int  # the drawn ticket, 1-based
    seed: str  # "" until drawn
    report: dict[str, Any] = field(default_factory=dict)
    fixed: list[str] = field(default_factory=list)  # ids of the people already selected (on every ticket)

    @property
    def drawn(self) -> bool:
        return bool(self.seed)

    def state(self) -> bytes:
        """What ``from_state`` needs to draw later (JSON): it holds ids, so it is as private as the respondents."""
        data = {
            "algorithm": self.algorithm.value,
            "k": self.k,
            "probabilities": self.probabilities,
            "pseudonyms": self.pseudonyms,
            "lottery_file": self.lottery_file.decode(),
            "fixed": self.fixed,
            "report": self.report,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_state(cls, state: bytes) -> Selection:
        data = json.loads(state)
        ids = {pseudonym: person_id for person_id, pseudonym in data["pseudonyms"].items()}
        lottery_file = data["lottery_file"].encode()
        tickets = [sorted(ids[m] for m in members) for members in lot.parse_lottery(data["lottery_file"])]
        return cls(
            Algorithm(data["algorithm"]),
            int(data["k"]),
            data["probabilities"],
            [],
            tickets,
            data["pseudonyms"],
            lottery_file,
            0,
            "",
            data["report"],
            data["fixed"],
        )


def inputs_digest(*files: bytes) -> str:
    """SHA-256 over the input files, to publish with the results."""
    h = hashlib.sha256()
    for data in files:
        h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


def check(pool: Pool, k: int, *, solver: str = "auto") -> Diagnosis | None:
    """The feasibility check: ``None`` when some panel meets every quota and household rule, else the diagnosis."""
    model = build(pool, k)
    return None if ColumnGeneration(model, solver=solver).feasible() else diagnose(pool, model)


def prepare(
    pool: Pool,
    k: int,
    *,
    algorithm: Algorithm = Algorithm.LEXIMIN,
    lottery_size: int = DEFAULT_LOTTERY_SIZE,
    inputs: str = "",
    progress: Progress | None = None,
    solver: str = "auto",
) -> Selection:
    """The distribution and its lottery, not yet drawn; ``Infeasible`` (with the smallest relaxation) when no panel
    meets the quotas. ``inputs`` (e.g. ``inputs_digest`` of the files) seeds the lottery's construction, so the same
    inputs give the same lottery, which can be published before the seed is known. ``solver``: which solvers
    (``columns.SOLVERS``)."""
    started = time.perf_counter()
    model = build(pool, k)
    generation = ColumnGeneration(model, progress, solver=solver)
    if not generation.feasible():
        raise Infeasible(diagnose(pool, model))
    rng = lot.rng_for("algoscope-lottery", inputs, algorithm.value, str(k))
    if algorithm is Algorithm.LEGACY:
        distribution = _legacy_distribution(model, rng, progress)
    else:
        distribution = generation.run(leximin=algorithm is Algorithm.LEXIMIN)
    solved = time.perf_counter() - started
    probabilities = {p.id: 1.0 for p in model.fixed_people} | {p.id: 0.0 for p in model.excluded}
    for t, people in enumerate(model.members):
        for person in people:
            probabilities[person.id] = float(distribution.type_probabilities[t])
    counts = lot.tickets(distribution.weights, lottery_size, rng)
    ticket_panels = lot.fill(distribution.panels, counts, model.members, rng)
    order = [p.id for p in pool.people]
    rng.shuffle(order)
    pseudonyms = {person_id: f"R{i:05d}" for i, person_id in enumerate(order, 1)}
    lottery_file = lot.lottery_text(ticket_panels, pseudonyms).encode()
    loss = _lottery_loss(ticket_panels, probabilities, model, lottery_size)
    fixed_ids = set(pool.already_selected)
    vector = np.array([probabilities[p.id] for p in pool.people if p.id not in fixed_ids])
    report = {
        "algorithm": algorithm.value,
        "panel_size": k,
        "pool_size": len(pool.people),
        "already_selected": len(model.fixed_people),
        "excluded_housemates": len(model.excluded),
        "types": model.count,
        "households_checked": bool(model.households) or any(p.household for p in pool.people),
        "probabilities": summary(vector),
        "sorted_probabilities": sorted(vector.tolist()),
        "support": len(distribution.weights),
        "panels_generated": distribution.panels_generated,
        "stages": distribution.stages,
        "pricing_calls": distribution.pricing_calls,
        "pricing_relaxations": distribution.relaxations,
        "swap_climbs": distribution.climbs,
        "solver": generation.solver,
        "shortfall": distribution.shortfall,
        "lottery": {"size": lottery_size, "loss": loss, "ticket": None},
        "seed": None,
        "inputs_sha256": inputs,
        "lottery_sha256": hashlib.sha256(lottery_file).hexdigest(),
        "seconds": {"distribution": round(solved, 3), "total": round(time.perf_counter() - started, 3)},
    }
    fixed = [p.id for p in model.fixed_people]
    return Selection(algorithm, k, probabilities, [], ticket_panels, pseudonyms, lottery_file, 0, "", report, fixed)


def draw(selection: Selection, seed: str) -> Selection:
    """The panel the public ``seed`` draws from the lottery (a new ``Selection``; the lottery is unchanged)."""
    ticket = lot.draw_ticket(seed, selection.lottery_file, len(selection.lottery))
    panel = sorted(selection.fixed + selection.lottery[ticket - 1])
    report = {**selection.report, "seed": seed, "lottery": {**selection.report["lottery"], "ticket": ticket}}
    return replace(selection, panel=panel, ticket=ticket, seed=seed, report=report)


def select(
    pool: Pool,
    k: int,
    *,
    algorithm: Algorithm = Algorithm.LEXIMIN,
    lottery_size: int = DEFAULT_LOTTERY_SIZE,
    seed: str | None = None,
    inputs: str = "",
    progress: Progress | None = None,
    solver: str = "auto",
) -> Selection:
    """``prepare`` then ``draw`` with ``seed`` (a random one when none is given, reported)."""
    prepared = prepare(
        pool, k, algorithm=algorithm, lottery_size=lottery_size, inputs=inputs, progress=progress, solver=solver
    )
    return draw(prepared, seed if seed is not None else secrets.token_hex(16))


def _lottery_loss(ticket_panels: list[list[str]], probabilities: dict[str, float], model: TypeModel, m: int) -> float:
    """The largest difference between a person's share of tickets and their probability."""
    shares: dict[str, int] = {}
    for panel in ticket_panels:
        for person_id in panel:
            shares[person_id] = shares.get(person_id, 0) + 1
    people = [p for members in model.members for p in members]
    return max((abs(shares.get(p.id, 0) / m - probabilities[p.id]) for p in people), default=0.0)


def _legacy_distribution(model: TypeModel, rng: np.random.Generator, progress: Progress | None) -> Distribution:
    """LEGACY as a distribution: the empirical frequencies of independent greedy draws (the baseline)."""
    index = {p.id: t for t, members in enumerate(model.members) for p in members}
    found: dict[bytes, tuple[np.ndarray[Any, Any], int]] = {}
    for i in range(LEGACY_DRAWS):
        panel = legacy_panel(model, rng)
        if panel is None:
            continue
        counts = np.bincount([index[p] for p in panel], minlength=model.count).astype(np.int64)
        key = counts.tobytes()
        found[key] = (counts, found.get(key, (counts, 0))[1] + 1)
        if progress:
            progress("legacy", i + 1, LEGACY_DRAWS)
    panels = np.array([c for c, _ in found.values()], dtype=np.int64)
    weights = np.array([n for _, n in found.values()], dtype=float)
    weights /= weights.sum()
    marginals = (panels / model.sizes).T @ weights
    return Distribution(panels, weights, marginals, panels_generated=len(panels))
