"""What a report covers: the three countries together (``benelux``), one country (``BE``, ``NL``, ``LU``), or one
plan (its id). A plan's jurisdiction names its country (``BE-FED``, ``BE-VLG`` → BE); the Benelux's own documents
(``BENELUX``) are in the Benelux scope only, or in their own plan scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

COUNTRIES: Final = ("BE", "NL", "LU")
BENELUX: Final = "benelux"


def jurisdiction_country(jurisdiction: str) -> str:
    """``BE-FED`` → ``BE``; ``BENELUX`` (or anything else) → ``""``."""
    head = jurisdiction.split("-", 1)[0].upper()
    return head if head in COUNTRIES else ""


@dataclass(frozen=True)
class Scope:
    key: str  # "benelux", "BE", "NL", "LU" or a plan's id
    countries: frozenset[str]
    plan: str = ""  # a plan's id when the scope is one plan

    def covers_plan(self, key: str, jurisdiction: str) -> bool:
        if self.plan:
            return key == self.plan
        country = jurisdiction_country(jurisdiction)
        return country in self.countries if country else self.key == BENELUX

    def covers_country(self, country: str) -> bool:
        return country in self.countries

    def covers_jurisdictions(self, jurisdictions: tuple[str, ...] | list[str]) -> bool:
        """A pilot with several jurisdictions is in scope when one of them is (or when it is Benelux-wide)."""
        countries = {jurisdiction_country(j) for j in jurisdictions}
        return bool(countries & self.countries) or ("" in countries and self.key == BENELUX)


def country_scope(key: str) -> Scope | None:
    """The scope a key names when it is not a plan's id."""
    if key.lower() == BENELUX:
        return Scope(BENELUX, frozenset(COUNTRIES))
    if key.upper() in COUNTRIES:
        return Scope(key.upper(), frozenset({key.upper()}))
    return None


def plan_scope(key: str, jurisdiction: str) -> Scope:
    country = jurisdiction_country(jurisdiction)
    return Scope(key, frozenset({country}) if country else frozenset(COUNTRIES), plan=key)
