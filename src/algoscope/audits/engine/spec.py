"""What an auditor asks for: the columns, the reference groups and the statistical settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Correction = Literal["holm", "bh"]


@dataclass(frozen=True)
class AuditSpec:
    protected: tuple[str, ...]  # protected attributes, e.g. ("race", "sex")
    label: str  # actual outcome column (0/1, or two values with ``positive_label``)
    prediction: str  # decision or prediction column (0/1, or two values with ``positive_prediction``)
    score: str | None = None  # optional risk score: calibration per group
    period: str | None = None  # optional period column: stability over periods
    positive_label: str | None = None
    positive_prediction: str | None = None
    reference: dict[str, str] = field(default_factory=dict)  # attribute → reference value (default: largest group)
    min_cell: int = 10  # groups smaller than this are suppressed for publication
    confidence: float = 0.95
    correction: Correction = "holm"
    bootstrap: int = 2000  # count-level bootstrap replicates for derived quantities
    seed: int = 20260801
    max_values: int = 1000  # more distinct values than this in a protected column is an error
    score_bins: int = 10
    delimiter: str | None = None  # CSV: detected when not given
    encoding: str = "utf-8"  # CSV

    @property
    def columns(self) -> tuple[str, ...]:
        extra = tuple(c for c in (self.score, self.period) if c)
        return (*self.protected, self.label, self.prediction, *extra)
