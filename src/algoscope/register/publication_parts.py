"""The publication parts of a record (``register.extensions.PublicationPart``): what other apps publish with its
versions, taken at publication and compared between versions and with what awaits review."""

from __future__ import annotations

from typing import Any

from algoscope.register.extensions import PartChange, publication_parts
from algoscope.register.models import Algorithm, AlgorithmVersion


def parts_snapshot(algorithm: Algorithm) -> dict[str, Any]:
    """Every part as the organisation has it now; parts with nothing to show are left out."""
    return {part.key: data for part in publication_parts() if (data := part.snapshot(algorithm)) is not None}


def part_changes(before: dict[str, Any], after: dict[str, Any], language: str) -> list[PartChange]:
    """What differs between two versions' parts (``{}`` for none), part by part in the registry's order."""
    rows: list[PartChange] = []
    for part in publication_parts():
        old, new = before.get(part.key), after.get(part.key)
        if old != new:
            rows += part.changes(old, new, language)
    return rows


def pending_part_changes(algorithm: Algorithm, language: str) -> list[PartChange]:
    """What the next publication would change in the parts, compared with the published version."""
    published: AlgorithmVersion | None = algorithm.published_version
    return part_changes(published.parts if published else {}, parts_snapshot(algorithm), language)
