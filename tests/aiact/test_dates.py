"""Each application date, the day before and the day it applies, with and without the 2026 omnibus."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from algoscope.aiact.engine.classify import classify

from .cases import CASES
from .scenarios import DEEPFAKE, MEDICAL, M, S, w

ORIGINAL, OMNIBUS = "2024/1689", "2024/1689+omnibus-2026"
DAY = dt.timedelta(days=1)

# (facts, obligation id, legal text, the date it must apply from)
BOUNDARIES: list[tuple[str, dict[str, Any], str, str, dt.date]] = [
    ("AI literacy", S, "ai_literacy", ORIGINAL, dt.date(2025, 2, 2)),
    ("AI literacy encouraged (omnibus)", S, "ai_literacy_encouraged", OMNIBUS, dt.date(2025, 2, 2)),
    ("prohibitions", w(S, manipulative_techniques=True), "cease_prohibited_practice", ORIGINAL, dt.date(2025, 2, 2)),
    (
        "intimate imagery ban (omnibus)",
        w(S, intimate_imagery=True),
        "cease_intimate_imagery",
        OMNIBUS,
        dt.date(2026, 12, 2),
    ),
    ("GPAI models", M, "gpai_copyright_policy", OMNIBUS, dt.date(2025, 8, 2)),
    (
        "GPAI models on the market before 2 Aug 2025",
        w(M, placed_on_market_on="2025-03-01"),
        "gpai_copyright_policy",
        OMNIBUS,
        dt.date(2027, 8, 2),
    ),
    ("Art. 50 transparency", DEEPFAKE, "disclose_deepfake", OMNIBUS, dt.date(2026, 8, 2)),
    (
        "Art. 50(2) marking, new system",
        w(DEEPFAKE, roles=["provider"]),
        "mark_synthetic_content",
        OMNIBUS,
        dt.date(2026, 8, 2),
    ),
    (
        "Art. 50(2) grace for systems already on the market (omnibus)",
        w(DEEPFAKE, roles=["provider"], placed_on_market_on="2025-06-01"),
        "mark_synthetic_content",
        OMNIBUS,
        dt.date(2026, 12, 2),
    ),
    (
        "Art. 50(2) without the omnibus grace",
        w(DEEPFAKE, roles=["provider"], placed_on_market_on="2025-06-01"),
        "mark_synthetic_content",
        ORIGINAL,
        dt.date(2026, 8, 2),
    ),
    ("Annex III high-risk (omnibus)", CASES["AIA-22"], "use_per_instructions", OMNIBUS, dt.date(2027, 12, 2)),
    ("Annex III high-risk (original)", CASES["AIA-22"], "use_per_instructions", ORIGINAL, dt.date(2026, 8, 2)),
    (
        "Annex I high-risk (omnibus)",
        w(MEDICAL, provider_by_art25=[]),
        "use_per_instructions",
        OMNIBUS,
        dt.date(2028, 8, 2),
    ),
    (
        "Annex I high-risk (original)",
        w(MEDICAL, provider_by_art25=[]),
        "use_per_instructions",
        ORIGINAL,
        dt.date(2027, 8, 2),
    ),
    (
        "public-authority system in service before the rules (Art. 111(2))",
        w(CASES["AIA-22"], placed_on_market_on="2024-01-15", significant_change=False),
        "use_per_instructions",
        OMNIBUS,
        dt.date(2030, 8, 2),
    ),
]


@pytest.mark.parametrize(
    ("label", "facts", "obligation", "legal_text", "day"), BOUNDARIES, ids=[b[0] for b in BOUNDARIES]
)
def test_obligation_applies_from_its_date_and_not_the_day_before(
    label: str, facts: dict[str, Any], obligation: str, legal_text: str, day: dt.date
) -> None:
    def find(as_of: dt.date) -> Any:
        result = classify(facts, as_of=as_of, legal_text=legal_text)
        return next(o for o in result.obligations if o.id == obligation)

    before, on = find(day - DAY), find(day)
    assert before.applies_from == on.applies_from == day
    assert (before.in_force, on.in_force) == (False, True)


def test_a_significant_change_brings_a_legacy_system_under_the_rules_at_once() -> None:
    facts = w(CASES["AIA-22"], placed_on_market_on="2024-01-15", significant_change=True)
    result = classify(facts, as_of=dt.date(2028, 1, 1))
    duty = next(o for o in result.obligations if o.id == "use_per_instructions")
    assert duty.applies_from == dt.date(2027, 12, 2)


def test_a_private_legacy_system_without_significant_change_is_not_yet_bound() -> None:
    facts = w(CASES["AIA-22"], placed_on_market_on="2024-01-15", significant_change=False, operator_nature="other")
    result = classify(facts, as_of=dt.date(2028, 1, 1))
    duty = next(o for o in result.obligations if o.id == "use_per_instructions")
    assert duty.status == "not_applicable"
    assert duty.exception_refs == ("Art. 111(2)",)
    assert not duty.in_force
