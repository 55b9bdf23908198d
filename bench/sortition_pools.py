"""Synthetic pools for the sortition benchmark: self-selected volunteers and population-based quotas.

A Belgian-style population with six features (gender, age, region, education, employment, municipality size);
volunteers answer with a propensity that rises with education and age (as in the 2024 panel's invitations), so
the pool is skewed and the quotas, taken from the population with a margin of one seat, cannot be met by a
uniform draw. Written in the Sortition Foundation's layout (``features.csv``, ``candidates.csv``).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

FEATURES: dict[str, dict[str, float]] = {
    "gender": {"woman": 0.505, "man": 0.49, "other": 0.005},
    "age": {"16-24": 0.13, "25-39": 0.24, "40-54": 0.24, "55-69": 0.22, "70+": 0.17},
    "region": {"Flanders": 0.58, "Wallonia": 0.31, "Brussels": 0.11},
    "education": {"low": 0.27, "middle": 0.38, "high": 0.35},
    "employment": {"employed": 0.55, "unemployed": 0.06, "student": 0.1, "retired": 0.22, "other": 0.07},
    "municipality": {"city": 0.32, "town": 0.41, "rural": 0.27},
}
PROPENSITY = {"education": {"low": 0.5, "middle": 1.0, "high": 2.2}, "age": {"16-24": 0.6, "70+": 1.4, "55-69": 1.6}}


def generate(folder: Path, *, pool: int = 800, panel: int = 80, seed: int = 2024, households: float = 0.0) -> Path:
    """``households``: the share of volunteers who live with another volunteer (pairs sharing an ``address``)."""
    rng = np.random.default_rng(seed)
    names = list(FEATURES)
    people: list[list[str]] = []
    while len(people) < pool:
        person = [str(rng.choice(list(FEATURES[f]), p=list(FEATURES[f].values()))) for f in names]
        weight = np.prod([PROPENSITY.get(f, {}).get(v, 1.0) for f, v in zip(names, person, strict=True)])
        if rng.random() < weight / 3.5:
            people.append(person)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "features.csv").open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["feature", "value", "min", "max"])
        for name, shares in FEATURES.items():
            for value, share in shares.items():
                target = share * panel
                out.writerow([name, value, max(0, int(np.floor(target)) - 1), int(np.ceil(target)) + 1])
    address = [f"{i} Rue de la Loi" for i in range(1, pool + 1)]
    paired = rng.permutation(pool)[: int(pool * households) // 2 * 2]
    for a, b in zip(paired[::2], paired[1::2], strict=True):
        address[b] = address[a]
    with (folder / "candidates.csv").open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", *names, "address"])
        for i, person in enumerate(people, 1):
            out.writerow([f"v{i:04d}", *person, address[i - 1]])
    return folder
