"""Every worked case of shared/data/aiact/cases.csv: facts → expected categories, cited articles ⊇ expected."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from algoscope.aiact.engine import citations
from algoscope.aiact.engine.classify import classify

from .cases import CASES

CSV = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "aiact" / "cases.csv"
ROWS = list(csv.DictReader(CSV.open(encoding="utf-8")))
AS_OF = dt.date(2026, 11, 22)


def test_every_case_in_the_table_has_facts() -> None:
    assert sorted(CASES) == sorted(row["id"] for row in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_case_gets_expected_categories_and_articles(row: dict[str, str]) -> None:
    result = classify(CASES[row["id"]], as_of=AS_OF)
    assert set(result.categories) == set(row["expected_category"].split("+"))
    missing = citations.uncovered(citations.parse(row["articles"]), citations.parse_all(list(result.citations)))
    assert [str(m) for m in missing] == []


def test_benefit_fraud_scoring_deployer_owes_fria_registration_and_explanations() -> None:
    result = classify(CASES["AIA-01"], as_of=AS_OF)
    deployer = {o.id for o in result.obligations_for("deployer")}
    assert {"fundamental_rights_impact_assessment", "register_use", "explanation_on_request"} <= deployer
    provider = {o.id for o in result.obligations_for("provider")}
    assert {"risk_management", "data_governance", "quality_management", "provider_registration"} <= provider
    assert {(r.role, r.section, r.database) for r in result.registrations} == {
        ("provider", "A", "public"),
        ("deployer", "C", "public"),
    }


def test_critical_infrastructure_has_no_fria_and_registers_nationally() -> None:
    result = classify(CASES["AIA-14"], as_of=AS_OF)
    ids = {o.id for o in result.obligations}
    assert "fundamental_rights_impact_assessment" not in ids
    assert "explanation_on_request" not in ids
    assert [(r.id, r.database) for r in result.registrations if r.role == "provider"] == [
        ("national_critical_infrastructure", "national")
    ]


def test_law_enforcement_reoffending_tool_registers_in_the_non_public_section() -> None:
    result = classify(CASES["AIA-18"], as_of=AS_OF)
    assert [(r.section, r.database) for r in result.registrations] == [("C", "non_public")]


def test_medical_device_deployer_has_no_fria_or_article_86() -> None:
    result = classify(CASES["AIA-34"], as_of=AS_OF)
    ids = {o.id for o in result.obligations}
    assert "use_per_instructions" in ids
    assert not ids & {"fundamental_rights_impact_assessment", "explanation_on_request", "register_use"}
    assert all(o.applies_from == dt.date(2028, 8, 2) for o in result.obligations if o.id == "use_per_instructions")


def test_open_source_model_is_exempt_from_documentation_but_not_copyright_duties() -> None:
    result = classify(CASES["AIA-31"], as_of=AS_OF)
    status = {o.id: o.status for o in result.obligations}
    assert status["gpai_technical_documentation"] == "not_applicable"
    assert status["gpai_authorised_representative"] == "not_applicable"
    assert status["gpai_copyright_policy"] == "applies"
    assert status["gpai_training_summary"] == "applies"


def test_systemic_model_loses_the_open_source_exemption() -> None:
    result = classify(CASES["AIA-32"], as_of=AS_OF)
    status = {o.id: o.status for o in result.obligations}
    assert status["gpai_technical_documentation"] == "applies"
    assert {"gpai_notify_commission", "gpai_systemic_risk_duties"} <= set(status)


def test_trace_explains_a_carve_out_as_excepted_with_its_article() -> None:
    result = classify(CASES["AIA-40"], as_of=AS_OF)
    step = next(s for s in result.trace if s.rule == "hr.iii.5b")
    assert step.outcome == "excepted"
    assert ("financial_fraud_detection", "true") in step.facts
    assert step.exception_refs == ("Annex III 5(b)",)
