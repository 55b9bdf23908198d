"""The harmonisation matrix: tags (OECD principles and recommendations, AI Watch areas) × strategies, each cell the
objectives and actions that cover it. An empty cell is a gap; a tag covered by two strategies of the same country
(the federal plan and a region's, say) is a possible duplication to look at, as the Benelux recommendation asks
("avoid duplication"); the same tag covered in several countries is convergence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from algoscope.plans.engine.document import Item, Strategy
from algoscope.plans.engine.taxonomy import Tag


@dataclass(frozen=True)
class Cell:
    strategy: str
    items: tuple[str, ...]
    overlap: bool  # another strategy of the same country covers this tag too

    @property
    def gap(self) -> bool:
        return not self.items


@dataclass(frozen=True)
class Row:
    tag: Tag
    cells: tuple[Cell, ...]

    @property
    def covered_by(self) -> int:
        return sum(1 for cell in self.cells if cell.items)


@dataclass(frozen=True)
class Matrix:
    strategies: tuple[Strategy, ...]
    rows: tuple[Row, ...]

    def gaps(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.gap)

    def overlaps(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.overlap)


def matrix(strategies: Sequence[Strategy], tags: Sequence[Tag]) -> Matrix:
    rows = []
    for tag in tags:
        covering = {s.key: tuple(i.key for i in s.items if tag.ref in i.tags) for s in strategies}
        cells = []
        for strategy in strategies:
            items = covering[strategy.key]
            overlap = (
                bool(items)
                and strategy.country != ""
                and any(
                    other.key != strategy.key and other.country == strategy.country and covering[other.key]
                    for other in strategies
                )
            )
            cells.append(Cell(strategy.key, items, overlap))
        rows.append(Row(tag, tuple(cells)))
    return Matrix(tuple(strategies), tuple(rows))


@dataclass(frozen=True)
class Pair:
    """One tag, what each of two strategies has for it."""

    tag: Tag
    left: tuple[Item, ...]
    right: tuple[Item, ...]


def compare(left: Strategy, right: Strategy, tags: Sequence[Tag]) -> list[Pair]:
    """Side by side, tag by tag (tags neither covers are left out)."""
    pairs = []
    for tag in tags:
        a = tuple(i for i in left.items if tag.ref in i.tags)
        b = tuple(i for i in right.items if tag.ref in i.tags)
        if a or b:
            pairs.append(Pair(tag, a, b))
    return pairs


def links(left: Strategy, right: Strategy) -> list[tuple[Item, str, str]]:
    """The joint or mirrored actions between two strategies: (item of either, relation, the other's item id)."""
    found = [
        (item, link.relation, link.item) for item in left.items for link in item.related if link.strategy == right.key
    ]
    found += [
        (item, link.relation, link.item) for item in right.items for link in item.related if link.strategy == left.key
    ]
    return found
