"""The AI Act test-bed: pilots read, checked and round-tripped; imported, reviewed by another coordinator and
published; their public page with the records' AI Act class and the citizens' involvement; reports linking them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client

from algoscope.accounts.permissions import Actor
from algoscope.common.errors import InvalidInput, PermissionDenied
from algoscope.plans import services
from algoscope.plans.engine.pilots import pilots_file
from algoscope.plans.engine.reading import read_file
from algoscope.plans.engine.taxonomy import builtin
from algoscope.plans.models import Pilot

DEMO = Path(__file__).resolve().parents[2] / "src" / "algoscope" / "plans" / "demo" / "pilots.yaml"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "plans"
KNOWN = builtin().tags.keys()


def load_plans(*names: str) -> None:
    """The reference plans the pilots link to."""
    for name in names or ("belgian_convergence_plan.yaml", "netherlands_ai.yaml"):
        services.plan_import(Actor.for_system("tests"), name, (SHARED / name).read_bytes(), publish=True)


def demo_data() -> dict[str, Any]:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


def test_the_demo_pilots_read_and_round_trip() -> None:
    plan_file = read_file("pilots.yaml", DEMO.read_text(encoding="utf-8"), KNOWN)
    assert plan_file.problems == [] and [p.key for p in plan_file.pilots] == [
        "BNL-SANDBOX-2026",
        "BE-HEALTH-TRIAGE-2026",
        "NL-GENAI-LETTERS-2025",
    ]
    sandbox = plan_file.pilots[0]
    assert sandbox.joint and not plan_file.pilots[1].joint  # three countries' authorities vs one
    assert sandbox.involvement[0].phase == "oversight" and sandbox.legal_basis == "ai_act_art_57"
    again = read_file("again.yaml", pilots_file(plan_file.pilots), KNOWN)
    assert again.problems == [] and again.pilots == plan_file.pilots


def test_bad_pilots_are_refused_naming_the_pilot_and_field() -> None:
    data = demo_data()
    first = data["pilots"][0]
    first.update(
        {
            "domain": "space",
            "start": "2027-01-01",
            "end": "2026-01-01",
            "plan_items": ["BE-O1-A02"],
            "jurisdictions": ["FR"],
        }
    )
    first["kpis"][0].pop("unit")
    data["pilots"][2]["id"] = "BNL-SANDBOX-2026"
    problems = {(p.path, p.code) for p in read_file("p.yaml", yaml.safe_dump(data), KNOWN).problems}
    at = "p.yaml.pilot BNL-SANDBOX-2026"
    assert {
        (f"{at}.domain", "choice"),
        (f"{at}.end", "dates"),
        (f"{at}.plan_items", "plan-link"),
        (f"{at}.jurisdictions", "choice"),
        (f"{at}.kpis.0.unit", "kpi-unit"),
        (f"{at}.id", "duplicate-id"),
    } <= problems
    assert read_file("p.yaml", "algoscope_pilots: 2\npilots: []\n", KNOWN).problems[0].code == "format"


def test_a_pilot_is_published_by_another_coordinator_and_shown_with_its_records_class(
    db: Any, make_user: Callable[..., Any], make_record: Callable[..., Any], client: Client
) -> None:
    first, second = Actor(user=make_user(site="coordinator")), Actor(user=make_user(site="coordinator"))
    load_plans()
    record = make_record()
    data = demo_data()
    data["pilots"][0]["records"] = [record.public_id]
    data["pilots"][0]["involvement"][0]["panel"] = 7
    report = services.plan_import(first, "pilots.yaml", yaml.safe_dump(data, allow_unicode=True))
    assert report.created == ["BNL-SANDBOX-2026", "BE-HEALTH-TRIAGE-2026", "NL-GENAI-LETTERS-2025"]
    pilot = Pilot.objects.get(key="BNL-SANDBOX-2026")
    assert client.get("/en/plans/test-bed/BNL-SANDBOX-2026/").status_code == 404  # a draft is not public
    services.plan_submit(first, pilot)
    with pytest.raises(PermissionDenied, match="four-eyes"):
        services.plan_publish(first, pilot)
    services.plan_publish(second, pilot)
    page = client.get("/fr/plans/test-bed/BNL-SANDBOX-2026/").content.decode()
    assert record.public_id in page and "supervision commune" in page and 'href="/fr/panels/7/"' in page
    assert "Contrôle" in page  # the oversight phase, translated
    listed = client.get("/en/plans/test-bed/?domain=health").content.decode()
    assert "BNL-SANDBOX-2026" not in listed  # a digital-government sandbox, filtered out
    assert yaml.safe_load(client.get("/en/plans/test-bed.yaml").content)["pilots"][0]["id"] == "BNL-SANDBOX-2026"
    assert services.plan_import(first, "pilots.yaml", yaml.safe_dump(data, allow_unicode=True)).created == []


def test_a_progress_report_links_only_published_pilots(
    db: Any, org: Any, editor: Actor, make_user: Callable[..., Any]
) -> None:
    from tests.plans.test_flows import BE, OPERATOR, good_update, owned_plan

    services.plan_import(OPERATOR, "be.yaml", owned_plan(org), publish=True)
    load_plans("netherlands_ai.yaml")
    services.plan_import(OPERATOR, "pilots.yaml", DEMO.read_bytes(), publish=True)
    coordinator = Actor(user=make_user(site="coordinator"))
    plan = services.selectors.strategy_get_public(BE)
    period = services.period_open(coordinator, plan, "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    with pytest.raises(InvalidInput, match="no published pilot has the id 'NOPE'"):
        services.update_record(editor, plan, "BE-O1-A02", period, org, good_update(links={"pilots": ["NOPE"]}))
    update = services.update_record(
        editor, plan, "BE-O1-A02", period, org, good_update(links={"pilots": ["BNL-SANDBOX-2026"]})
    )
    assert update.links == {"pilots": ["BNL-SANDBOX-2026"]}


def test_a_pilot_naming_what_does_not_exist_is_refused(db: Any) -> None:
    """Found by an outside check: unknown records, plan items and panel numbers were taken, and any text as a
    source (a javascript: address would have been linked)."""
    load_plans()
    data = demo_data()
    data["pilots"][0].update({"records": ["ALG-NOPE"], "plan_items": ["NOPE:NOPE"], "sources": ["javascript:alert(1)"]})
    data["pilots"][0]["involvement"][0]["panel"] = -1.5
    with pytest.raises(InvalidInput) as refused:
        services.plan_import(Actor.for_system("tests"), "p.yaml", yaml.safe_dump(data))
    assert "a citizens' panel is named by its number" in refused.value.message
    assert "a source is a web address" in refused.value.message
    data = demo_data()
    data["pilots"][0].update({"records": ["ALG-NOPE"], "plan_items": ["BE-FED-NCP-AI-2022:NOPE"]})
    with pytest.raises(InvalidInput) as refused:
        services.plan_import(Actor.for_system("tests"), "p.yaml", yaml.safe_dump(data))
    assert "p.yaml.pilot BNL-SANDBOX-2026.records: no published register record has the id 'ALG-NOPE'" in (
        refused.value.message
    )
    assert "the plan has no item 'BE-FED-NCP-AI-2022:NOPE'" in refused.value.message
    assert not Pilot.objects.exists()
