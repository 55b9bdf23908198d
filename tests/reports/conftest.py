"""A plan with a closed reporting period (2026-Q3) and a later one, built through the services: the data every
report test reads, so that each figure can be checked against what was recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.plans import services as plans
from algoscope.plans.models import Period, Strategy
from tests.plans.test_flows import BE, OPERATOR, owned_plan

AFTER_Q3 = dt.date(2026, 10, 15)  # the day the tests build the 2026-Q3 report
Q3_DAY = dt.datetime(2026, 8, 12, 10, 0, tzinfo=dt.UTC)

# What the responsible organisation reports on objective 1's actions for 2026-Q3 (status, RAG, progress, extra).
Q3_REPORTS: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "BE-O1-A01": ("completed", "green", "100", {"achievements": "Kader goedgekeurd."}),
    "BE-O1-A02": ("on_track", "amber_green", "40", {}),
    "BE-O1-A03": ("delayed", "amber", "30", {"bottlenecks": [
        {"description": "Geen wettelijke basis voor hergebruik.", "owner": "FOD BOSA", "mitigation": "Ontwerp van wet.",
         "escalate": True}]}),
    "BE-O1-A04": ("at_risk", "red", "10", {"bottlenecks": [
        {"description": "Te weinig personeel.", "owner": "FOD BOSA", "mitigation": "", "escalate": False}]}),
}  # fmt: skip


def update_data(status: str, rag: str, progress: str, **extra: Any) -> dict[str, Any]:
    return {"status": status, "rag": rag, "method": "manual", "progress": progress, "confidence": "medium",
            "language": "nl", **extra}  # fmt: skip


@pytest.fixture
def coordinators(make_user: Callable[..., Any]) -> tuple[Actor, Actor]:
    return Actor(user=make_user(site="coordinator")), Actor(user=make_user(site="coordinator"))


@pytest.fixture
def plan(org: Organisation) -> Strategy:
    plans.plan_import(OPERATOR, "be.yaml", owned_plan(org), publish=True)
    return Strategy.objects.get(key=BE)


@pytest.fixture
def reported(plan: Strategy, org: Organisation, editor: Actor, coordinators: tuple[Actor, Actor]) -> dict[str, Any]:
    """2026-Q3 reported and closed; 2026-Q4 open with a later (red) report on BE-O1-A02 that a Q3 report leaves out."""
    coordinator = coordinators[0]
    q3 = plans.period_open(coordinator, plan, "2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    for key, (status, rag, progress, extra) in Q3_REPORTS.items():
        update = plans.update_record(editor, plan, key, q3, org, update_data(status, rag, progress, **extra))
        plans.update_publish(coordinator, update)
    plans.period_close(coordinator, q3)
    q4 = plans.period_open(coordinator, plan, "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    later = plans.update_record(editor, plan, "BE-O1-A02", q4, org, update_data("delayed", "red", "45"))
    plans.update_publish(coordinator, later)
    return {"q3": q3, "q4": q4, "plan": plan}


@pytest.fixture
def q4_closed(reported: dict[str, Any], coordinators: tuple[Actor, Actor]) -> Period:
    plans.period_close(coordinators[0], reported["q4"])
    return reported["q4"]
