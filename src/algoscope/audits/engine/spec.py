"""What an auditor asks for: the columns, the reference groups and the statistical settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

from algoscope.common.errors import InvalidInput, Problem

Correction = Literal["holm", "bh"]
Intervention = Literal["punitive", "assistive", "none"]
# Which disparity tests are corrected together for multiple comparisons (docs/audits.md, "Multiple testing"):
# "summary": the tests the summary draws its conclusions from (the key metrics of every single attribute) form one
# family, and every other table is corrected per metric and grouping; "all": every published test is one family;
# "metric-grouping": one family per metric and grouping.
Family = Literal["summary", "all", "metric-grouping"]
Missing = Literal["fail", "group", "drop"]  # rows whose protected attribute is empty: refuse, own group, left out
MISSING_GROUP = "(missing)"
# Whether being selected is good for a person (a benefit) or bad (a check, a sanction): follows the intervention.
FAVOURABLE = {"punitive": "no", "assistive": "yes", "none": None}
KEY_ERROR = {"punitive": "false_positive_rate", "assistive": "false_negative_rate", "none": None}


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
    min_cell: int = 10  # groups smaller than this are suppressed for publication (0 or 1: nothing is)
    confidence: float = 0.95
    correction: Correction = "holm"
    family: Family = "summary"
    missing: Missing = "fail"
    seed: int = 20260801
    max_values: int = 1000  # more distinct values than this in a protected column is an error
    score_bins: int = 10
    delimiter: str | None = None  # CSV: detected when not given
    encoding: str = "utf-8"  # CSV
    decimal: str | None = None  # CSV decimal mark of the score column: "." or ","; default "," when ";" separates
    # What the decision does to those selected: chooses the key error rate and the exploratory scan's metric.
    intervention: Intervention = "punitive"
    scan_features: tuple[str, ...] = ()  # columns of the exploratory subgroup scan (none: no scan)
    scan_rows: int = 200_000  # rows sampled for the scan

    @property
    def favourable(self) -> str | None:
        """``"yes"`` when a positive decision is a benefit, ``"no"`` when it harms, ``None`` when not said."""
        return FAVOURABLE[self.intervention]

    @property
    def key_metrics(self) -> tuple[str, ...]:
        """The metrics the summary draws its conclusions from: who is selected, and the error that matters."""
        error = KEY_ERROR[self.intervention]
        return ("selection_rate", error) if error else ("selection_rate",)

    @property
    def columns(self) -> tuple[str, ...]:
        extra = tuple(c for c in (self.score, self.period) if c)
        return (*self.protected, self.label, self.prediction, *extra)


def column_list(value: Any) -> tuple[str, ...]:
    """Column names given as ``"a, b"`` or as a list."""
    items = value.split(",") if isinstance(value, str) else (value or ())
    return tuple(c for c in (str(i).strip() for i in items) if c)


def spec_from_mapping(data: Mapping[str, Any]) -> AuditSpec:
    """An :class:`AuditSpec` from stored or submitted settings; every problem names its field."""
    problems: list[Problem] = []

    def text(key: str, required: bool = False) -> str | None:
        value = str(data.get(key) or "").strip()
        if required and not value:
            problems.append(Problem((key,), "required", f"{key}: give a column name"))
        return value or None

    protected = column_list(data.get("protected"))
    if not protected:
        problems.append(Problem(("protected",), "required", "protected: give at least one column"))
    reference = data.get("reference") or {}
    if isinstance(reference, str):
        parsed = {}
        for line in reference.splitlines():
            if not line.strip():
                continue
            column, sep, value = line.partition("=")
            if not sep:
                problems.append(Problem(("reference",), "invalid", f"reference: expected COLUMN=VALUE, got {line!r}"))
            parsed[column.strip()] = value.strip()
        reference = parsed
    numbers: dict[str, Any] = {}
    for key, low, high in (("min_cell", 0, 10_000),):
        if data.get(key) in (None, ""):
            continue
        try:
            numbers[key] = int(data[key])
        except (TypeError, ValueError):
            problems.append(Problem((key,), "invalid", f"{key}: not a whole number: {data[key]!r}"))
            continue
        if not low <= numbers[key] <= high:
            problems.append(Problem((key,), "out-of-range", f"{key}: between {low:,} and {high:,}"))
    correction = data.get("correction") or "holm"
    if correction not in ("holm", "bh"):
        problems.append(Problem(("correction",), "invalid-choice", "correction: holm or bh"))
    intervention: Intervention = data.get("intervention") or "punitive"
    if intervention not in get_args(Intervention):
        problems.append(Problem(("intervention",), "invalid-choice", "intervention: punitive, assistive or none"))
    choices: dict[str, Any] = {}
    for key, allowed in (("family", get_args(Family)), ("missing", get_args(Missing)), ("decimal", (".", ","))):
        chosen = data.get(key)
        if chosen in (None, ""):
            continue
        if chosen not in allowed:
            problems.append(Problem((key,), "invalid-choice", f"{key}: one of {', '.join(allowed)} (got {chosen!r})"))
        choices[key] = chosen
    label, prediction = text("label", required=True), text("prediction", required=True)
    optional = {key: text(key) for key in ("score", "period", "positive_label", "positive_prediction", "delimiter")}
    if problems:
        raise InvalidInput(problems)
    assert label and prediction
    spec = AuditSpec(
        protected=protected,
        label=label,
        prediction=prediction,
        score=optional["score"],
        period=optional["period"],
        positive_label=optional["positive_label"],
        positive_prediction=optional["positive_prediction"],
        delimiter=optional["delimiter"],
        reference={str(k): str(v) for k, v in reference.items()},
        correction="bh" if correction == "bh" else "holm",
        encoding=str(data.get("encoding") or "utf-8"),
        scan_features=column_list(data.get("scan_features")),
        intervention=intervention,
    )
    return replace(spec, **numbers, **choices)
