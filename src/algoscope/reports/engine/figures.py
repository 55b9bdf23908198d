"""A report's figures: each section's ``figures`` (stable id → number) flattened as ``section.id``, the same in
every language (the numbers are language-neutral data; only the words around them are translated), and the
comparison of two reports, figure by figure and action by action."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Number = int | float | None


def flatten(sections: Mapping[str, Any]) -> dict[str, Number]:
    flat: dict[str, Number] = {}
    for key, data in sections.items():
        if isinstance(data, Mapping):
            for figure, value in (data.get("figures") or {}).items():
                flat[f"{key}.{figure}"] = value
    return dict(sorted(flat.items()))


@dataclass(frozen=True)
class Moved:
    id: str
    before: Any
    after: Any

    @property
    def change(self) -> float | None:
        numbers = (int, float)
        if isinstance(self.before, numbers) and isinstance(self.after, numbers):
            return round(float(self.after) - float(self.before), 6)
        return None


def compare_figures(before: Mapping[str, Number], after: Mapping[str, Number]) -> list[Moved]:
    """Every figure whose value differs (a figure only one report has counts as moved from or to nothing)."""
    ids = sorted(set(before) | set(after))
    return [Moved(i, before.get(i), after.get(i)) for i in ids if before.get(i) != after.get(i)]


def compare_rows(
    before: list[dict[str, Any]], after: list[dict[str, Any]], fields: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Rows with an ``id`` (the annex's actions): those added, removed, or whose ``fields`` changed."""
    old = {row["id"]: row for row in before}
    new = {row["id"]: row for row in after}
    changes = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            changes.append(
                {"id": key, "change": "added" if a is None else "removed", "before": a, "after": b, "fields": []}
            )
            continue
        moved = [f for f in fields if a.get(f) != b.get(f)]
        if moved:
            changes.append({"id": key, "change": "changed", "before": a, "after": b, "fields": moved})
    return changes
