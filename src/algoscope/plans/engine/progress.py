"""Progress of a plan: the vocabularies of a progress update, and the roll-up from actions to objectives and plans
with explicit weights, each figure with the formula that gave it.

An item's progress is its own latest report when that was set by hand or counted from milestones; otherwise it is
the weighted mean of its children's (weights as the plan gives them, normalised to 1; equal weights when the plan
gives none). A child whose latest status is cancelled or superseded leaves the mean and the others' weights are
normalised again; a child nobody has reported on counts as 0 % and is named as such in the formula."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from algoscope.common.messages import gettext_noop as _
from algoscope.plans.engine.document import Item, Strategy

STATUSES: Final = ("not_started", "on_track", "at_risk", "delayed", "completed", "cancelled", "superseded")
RAG: Final = ("green", "amber_green", "amber", "amber_red", "red")
METHODS: Final = ("manual", "milestones", "weighted_children")
CONFIDENCE: Final = ("high", "medium", "low")
CHANGE_KINDS: Final = ("scope", "budget", "time")
LEFT_OUT: Final = frozenset({"cancelled", "superseded"})

STATUS_LABELS: Final = {
    "not_started": _("Not started"),
    "on_track": _("On track"),
    "at_risk": _("At risk"),
    "delayed": _("Delayed"),
    "completed": _("Completed"),
    "cancelled": _("Cancelled"),
    "superseded": _("Superseded"),
}
RAG_LABELS: Final = {
    "green": _("Green"),
    "amber_green": _("Amber/green"),
    "amber": _("Amber"),
    "amber_red": _("Amber/red"),
    "red": _("Red"),
}
METHOD_LABELS: Final = {
    "manual": _("set by hand"),
    "milestones": _("milestones reached"),
    "weighted_children": _("weighted mean of the parts"),
}
CONFIDENCE_LABELS: Final = {"high": _("High"), "medium": _("Medium"), "low": _("Low")}


@dataclass(frozen=True)
class Reported:
    """The latest published report on one item."""

    progress: float | None
    status: str
    method: str


@dataclass(frozen=True)
class Term:
    key: str
    weight: float  # normalised
    progress: float
    reported: bool


@dataclass(frozen=True)
class Rolled:
    """An item's progress and how it was found: ``terms`` is the weighted sum (empty when reported directly)."""

    progress: float
    method: str  # manual | milestones | weighted_children | not_reported
    terms: tuple[Term, ...] = ()
    left_out: tuple[str, ...] = ()  # children cancelled or superseded

    def formula(self, not_reported: str = "not reported", number: Callable[[float, int], str] | None = None) -> str:
        """``0.5 × 40 % (A1) + 0.5 × 0 % (A2, not reported) = 20 %``: ``not_reported`` those words translated,
        ``number(value, decimals)`` a number as the page writes it (decimal comma), rounded half up like the page's
        other figures."""
        write = number or _number
        zero_decimals = f"{write(0, 1)[1:]} %"  # ".0 %" or ",0 %"

        def pct(value: float) -> str:
            return f"{write(value, 1)} %".replace(zero_decimals, " %")

        if not self.terms:
            return pct(self.progress)
        parts = [
            f"{_weight(t.weight, write)} × {pct(t.progress)} ({t.key}{'' if t.reported else ', ' + not_reported})"
            for t in self.terms
        ]
        return " + ".join(parts) + f" = {pct(self.progress)}"


def _number(value: float, decimals: int) -> str:
    """Rounded half up (33.25 → 33.3), as pages round, not half to even."""
    quantum = Decimal(1).scaleb(-decimals)
    return str(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def _weight(value: float, write: Callable[[float, int], str]) -> str:
    text = write(value, 3)
    return text.rstrip("0").rstrip(".,") if any(sep in text for sep in ".,") else text


def roll_up(strategy: Strategy, latest: Mapping[str, Reported]) -> tuple[dict[str, Rolled], Rolled]:
    """Every item's progress, and the plan's (its top-level items weighted the same way)."""
    result: dict[str, Rolled] = {}

    def of(item: Item) -> Rolled:
        if item.key in result:
            return result[item.key]
        report = latest.get(item.key)
        children = strategy.children(item.key)
        if (
            report is not None
            and report.progress is not None
            and (report.method != "weighted_children" or not children)
        ):
            rolled = Rolled(report.progress, report.method if report.method != "weighted_children" else "manual")
        elif children:
            rolled = _mean(children, latest, of)
        else:
            rolled = Rolled(0.0, "not_reported")
        result[item.key] = rolled
        return rolled

    for item in strategy.items:
        of(item)
    return result, _mean(strategy.roots(), latest, of)


def _mean(children: list[Item], latest: Mapping[str, Reported], of: Callable[[Item], Rolled]) -> Rolled:
    kept = [c for c in children if (r := latest.get(c.key)) is None or r.status not in LEFT_OUT]
    left_out = tuple(c.key for c in children if c not in kept)
    if not kept:
        return Rolled(0.0, "weighted_children", (), left_out)
    weights = [c.weight for c in kept]
    if any(w is None for w in weights) or sum(w or 0.0 for w in weights) <= 0:
        weights = [1.0] * len(kept)
    total = sum(w or 0.0 for w in weights)
    terms = []
    for child, weight in zip(kept, weights, strict=True):
        rolled = of(child)
        terms.append(Term(child.key, (weight or 0.0) / total, rolled.progress, rolled.method != "not_reported"))
    progress = round(sum(t.weight * t.progress for t in terms), 6)
    method = "weighted_children" if any(t.reported for t in terms) else "not_reported"  # nothing below it reported
    return Rolled(progress, method, tuple(terms), left_out)
