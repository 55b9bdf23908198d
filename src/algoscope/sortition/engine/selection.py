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
from algoscope.sortition.engine import outputs, verifier
from algoscope.sortition.engine.columns import ColumnGeneration, Distribution, Progress
from algoscope.sortition.engine.errors import Infeasible
from algoscope.sortition.engine.infeasible import Diagnosis, diagnose
from algoscope.sortition.engine.legacy import legacy_panel
from algoscope.sortition.engine.model import Algorithm, Pool
from algoscope.sortition.engine.stats import summary
from algoscope.sortition.engine.types import TypeModel, build

# The lottery grows until every person's chance (tickets ÷ tickets in all) is within MAX_RELATIVE_GAP of their
# probability, or the largest size is reached (the report says the gap achieved).
LOTTERY_SIZES = (1000, 2000, 5000, 10_000, 20_000, 50_000)
MAX_RELATIVE_GAP = 0.01
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
    seed: str  # the seed in its normal form; "" until drawn
    report: dict[str, Any] = field(default_factory=dict)
    fixed: list[str] = field(default_factory=list)  # ids of the people already selected (on every ticket)
    public: dict[str, bytes] = field(default_factory=dict)  # the public files with their manifest

    @property
    def drawn(self) -> bool:
        return bool(self.seed)

    @property
    def manifest_digest(self) -> str:
        """The SHA-256 of ``manifest.json``: it fixes every public file, and the draw depends on it."""
        return verifier.sha256(self.public[verifier.MANIFEST])

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
            "public": {name: data.decode() for name, data in self.public.items()},
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_state(cls, state: bytes) -> Selection:
        data = json.loads(state)
        ids = {pseudonym: person_id for person_id, pseudonym in data["pseudonyms"].items()}
        lottery_file = data["lottery_file"].encode()
        tickets = [sorted(ids[m] for m in members) for members in verifier.parse_lottery(lottery_file)]
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
            {name: text.encode() for name, text in data["public"].items()},
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
    lottery_size: int | None = None,
    inputs: str = "",
    progress: Progress | None = None,
    solver: str = "auto",
    k_anonymity: int = outputs.DEFAULT_K_ANONYMITY,
) -> Selection:
    """The distribution, its lottery and the public files, not yet drawn; ``Infeasible`` (with the smallest
    relaxation) when no panel meets the quotas. ``inputs`` (e.g. ``inputs_digest`` of the files) seeds the
    lottery's construction, so the same inputs give the same lottery, which can be published before the seed is
    known. ``lottery_size``: the number of tickets (default: the smallest of ``LOTTERY_SIZES`` that brings every
    chance within 1 % of its probability). ``solver``: which solvers (``columns.SOLVERS``). ``k_anonymity``: every
    published profile is shared by more than this many respondents."""
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
    for size in (lottery_size,) if lottery_size else LOTTERY_SIZES:
        draw_rng = lot.rng_for("algoscope-lottery", inputs, algorithm.value, str(k), str(size))
        counts = lot.tickets(distribution.weights, size, draw_rng)
        ticket_panels = lot.fill(distribution.panels, counts, model.members, draw_rng)
        loss, relative = _lottery_gap(ticket_panels, probabilities, model, size)
        if relative <= MAX_RELATIVE_GAP:
            break
    order = [p.id for p in pool.people]
    rng.shuffle(order)
    pseudonyms = {person_id: f"R{i:05d}" for i, person_id in enumerate(order, 1)}
    lottery_file = lot.lottery_text(ticket_panels, pseudonyms).encode()
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
        "lottery": {"size": len(ticket_panels), "loss": loss, "max_relative_gap": relative},
        "inputs_sha256": inputs,
        "seconds": {"distribution": round(solved, 3), "total": round(time.perf_counter() - started, 3)},
    }
    fixed = [p.id for p in model.fixed_people]
    selection = Selection(
        algorithm, k, probabilities, [], ticket_panels, pseudonyms, lottery_file, 0, "", report, fixed
    )
    selection.public = outputs.public_files(pool, selection, k_anonymity)
    return selection


def draw(selection: Selection, seed: str) -> Selection:
    """The panel the public ``seed`` draws from the lottery (a new ``Selection``; the lottery is unchanged).
    ``verifier.SeedError`` when the seed is not a list of numbers."""
    normal = verifier.normal_seed(seed)
    ticket = verifier.draw_ticket(normal, selection.manifest_digest, len(selection.lottery))
    panel = sorted(selection.fixed + selection.lottery[ticket - 1])
    return replace(selection, panel=panel, ticket=ticket, seed=normal)


def select(
    pool: Pool,
    k: int,
    *,
    algorithm: Algorithm = Algorithm.LEXIMIN,
    lottery_size: int | None = None,
    seed: str | None = None,
    inputs: str = "",
    progress: Progress | None = None,
    solver: str = "auto",
    k_anonymity: int = outputs.DEFAULT_K_ANONYMITY,
) -> Selection:
    """``prepare`` then ``draw`` with ``seed`` (random numbers when none is given, reported)."""
    prepared = prepare(
        pool,
        k,
        algorithm=algorithm,
        lottery_size=lottery_size,
        inputs=inputs,
        progress=progress,
        solver=solver,
        k_anonymity=k_anonymity,
    )
    return draw(prepared, seed if seed is not None else " ".join(str(secrets.randbelow(100)) for _ in range(8)))


def _lottery_gap(
    ticket_panels: list[list[str]], probabilities: dict[str, float], model: TypeModel, m: int
) -> tuple[float, float]:
    """The largest difference between a person's chance (share of tickets) and their probability, absolute and
    relative to the probability (over people with a probability above 0)."""
    shares: dict[str, int] = {}
    for panel in ticket_panels:
        for person_id in panel:
            shares[person_id] = shares.get(person_id, 0) + 1
    people = [p for members in model.members for p in members]
    gaps = [(abs(shares.get(p.id, 0) / m - probabilities[p.id]), probabilities[p.id]) for p in people]
    absolute = max((gap for gap, _ in gaps), default=0.0)
    relative = max((gap / p for gap, p in gaps if p > 0), default=0.0)
    return absolute, relative


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
