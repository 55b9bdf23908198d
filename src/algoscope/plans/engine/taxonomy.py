"""The tags a plan item is mapped with (OECD AI Principles, AI Watch policy areas, policy instrument types): codes,
titles in the four languages, and the slug a label becomes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import yaml

DATA: Final = Path(__file__).parent / "data" / "taxonomy.yaml"
SCHEMES: Final = ("oecd", "ai_watch", "instrument")


@dataclass(frozen=True)
class Tag:
    scheme: str
    code: str
    title: dict[str, str]

    @property
    def ref(self) -> str:
        return f"{self.scheme}:{self.code}"


@dataclass(frozen=True)
class Taxonomy:
    schemes: dict[str, dict[str, str]]  # scheme → title per language
    tags: dict[str, Tag]  # "oecd:1.2" → tag, in the file's order

    def in_scheme(self, scheme: str) -> list[Tag]:
        return [tag for tag in self.tags.values() if tag.scheme == scheme]


@cache
def builtin() -> Taxonomy:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    tags = {
        f"{scheme}:{code}": Tag(scheme, str(code), dict(title))
        for scheme in SCHEMES
        for code, title in raw["tags"][scheme].items()
    }
    return Taxonomy({scheme: dict(raw["schemes"][scheme]["title"]) for scheme in SCHEMES}, tags)


def slug(label: str) -> str:
    """``"Policy intelligence (e.g. evaluations, ...)"`` → ``"policy-intelligence-e-g-evaluations-..."``."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
