"""The plans' demo: every reference file in ``reference/`` (the project's shared research data, as it is) imported
and published, then the Belgian plan re-baselined (``baseline.yaml``: owners, weights, KPIs, milestones, links), two
reporting periods with updates recorded by the responsible organisations, reviewed by the coordinator and one
graded independently. Everything goes through the services, as real work does."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction

from algoscope.accounts.demo import demo_organisation, demo_person
from algoscope.accounts.permissions import Actor
from algoscope.plans import services
from algoscope.plans.models import Pilot, Strategy
from algoscope.register.models import AlgorithmFacet

DEMO_DIR = Path(__file__).resolve().parent
REFERENCE = DEMO_DIR / "reference"


@transaction.atomic
def load_plan_demo() -> str:
    system = Actor.for_system("algoscope load_demo")
    for path in sorted(REFERENCE.glob("*.yaml")):
        services.plan_import(system, path.name, path.read_bytes(), publish=True, note="The reference file as it is")
    overlay = yaml.safe_load((DEMO_DIR / "baseline.yaml").read_text(encoding="utf-8"))
    strategy = Strategy.objects.get(key=overlay["strategy"])
    content = copy.deepcopy(strategy.content)
    for item in content["items"]:
        item.update(overlay["items"].get(item["id"], {}))  # YAML keeps its dates; the reader takes them
    services.plan_import(
        system, "baseline.yaml", yaml.safe_dump(content, allow_unicode=True), publish=True, note=overlay["note"]
    )
    strategy.refresh_from_db()
    _follow_up(strategy)
    records = _pilots(system)
    _capacity(system, records)
    count = Strategy.objects.count()
    return (
        f"{count} plans (the reference files), one re-baselined with two reporting periods of progress; "
        f"{Pilot.objects.count()} test-bed pilots, a training catalogue with figures, good practices"
    )


def _pilots(system: Actor) -> list[str]:
    """The demo pilots, with the first published records that have an assessed AI Act class, and the demo's
    citizens' panel (looked up by the app registry, not imported: the panels are another app's) as an oversight
    body."""
    data = yaml.safe_load((DEMO_DIR / "pilots.yaml").read_text(encoding="utf-8"))
    records = list(
        AlgorithmFacet.objects.filter(facet="ai_act_class")
        .exclude(value="not_assessed")
        .order_by("algorithm_id")
        .values_list("algorithm__public_id", flat=True)
        .distinct()[:2]
    )
    panel_id = None
    if apps.is_installed("algoscope.sortition"):
        panel_id = apps.get_model("sortition", "Panel").objects.order_by("pk").values_list("pk", flat=True).first()
    sandbox, triage = data["pilots"][0], data["pilots"][1]
    sandbox["records"], triage["records"] = records[:1], records[1:2]
    if panel_id is not None:
        sandbox["involvement"][0]["panel"] = panel_id
    services.plan_import(
        system, "pilots.yaml", yaml.safe_dump(data, allow_unicode=True), publish=True, note="Demo pilots"
    )
    if panel_id is not None:  # the panel oversees the sandbox: on the panel's page and the pilot's
        link = apps.get_model("sortition", "PanelLink")
        link.objects.get_or_create(panel_id=panel_id, target=f"pilot:{sandbox['id']}", defaults={"role": "oversight"})
    return records


def _capacity(system: Actor, records: list[str]) -> None:
    """The catalogue and the good practices, and the figures of two administrations: BOSA's published, ONEM's
    awaiting the coordinator's review."""
    data = yaml.safe_load((DEMO_DIR / "capacity.yaml").read_text(encoding="utf-8"))
    if records:
        data["practices"][0]["record"] = records[0]
    else:  # no assessed record in this register: the practice is about the pilot instead
        data["practices"][0].pop("record")
        data["practices"][0]["pilot"] = "BNL-SANDBOX-2026"
    services.plan_import(
        system, "capacity.yaml", yaml.safe_dump(data, allow_unicode=True), publish=True, note="Demo catalogue"
    )
    coordinator = Actor(user=get_user_model().objects.get(username="coordinator"))
    bosa, onem = demo_organisation("bosa"), demo_organisation("onem")
    for period, participants, completions in (("2025", 140, 118), ("2026-H1", 95, 71)):
        figure = services.figure_record(
            Actor(user=demo_person("bosa", "editor")), "BOSA-AI-BASICS", bosa, period, participants, completions
        )
        services.figure_review(coordinator, figure, True)
    services.figure_record(Actor(user=demo_person("onem", "editor")), "BOSA-AI-BASICS", onem, "2026-H1", 40, 12)


def _follow_up(strategy: Strategy) -> None:
    coordinator = Actor(user=get_user_model().objects.get(username="coordinator"))
    grader = Actor(user=get_user_model().objects.get(username="grader"))
    bosa, onem = demo_organisation("bosa"), demo_organisation("onem")
    bosa_editor = Actor(user=demo_person("bosa", "editor"))
    onem_editor = Actor(user=demo_person("onem", "editor"))

    def record(actor: Actor, organisation: Any, key: str, period: Any, **data: Any) -> None:
        data.setdefault("confidence", "medium")
        data.setdefault("language", "en")
        update = services.update_record(actor, strategy, key, period, organisation, data)
        services.update_publish(coordinator, update)

    q3 = services.period_open(coordinator, strategy, "2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    record(
        bosa_editor,
        bosa,
        "BE-O1-A03",
        q3,
        status="on_track",
        rag="green",
        method="milestones",
        milestones_reached=["M1", "M2"],
        achievements="The framework was adopted; nine services apply it.",
        forecast="Ten services apply the framework by the end of the year.",
        confidence="high",
        next_steps="Train the AI officers of the remaining services.",
    )
    record(
        bosa_editor,
        bosa,
        "BE-O1-A05",
        q3,
        status="at_risk",
        rag="amber",
        method="manual",
        progress="20",
        achievements="A bias-audit method was chosen and tried on two algorithms.",
        forecast="Four published audits by the end of the year.",
        bottlenecks=[
            {
                "description": "Few services can share the data an audit needs.",
                "owner": "FPS BOSA",
                "mitigation": "A standard data-sharing agreement for audits.",
                "escalate": False,
            }
        ],
    )
    record(
        onem_editor,
        onem,
        "BE-O8-A01",
        q3,
        status="delayed",
        rag="amber_red",
        method="manual",
        progress="30",
        achievements="The training offers of the federal level were listed.",
        forecast="The regional offers listed with VDAB.",
        changes=[
            {
                "kind": "time",
                "description": "The mapping ends in March 2027 instead of December 2026.",
                "reason": "The regional services joined later than planned.",
            }
        ],
    )
    services.period_close(coordinator, q3)
    q4 = services.period_open(coordinator, strategy, "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    record(
        bosa_editor,
        bosa,
        "BE-O1-A05",
        q4,
        status="at_risk",
        rag="amber",
        method="manual",
        progress="45",
        achievements="Four audits published, one with significant differences between groups.",
        actual="Four published audits, as forecast.",
        forecast="Eight published audits by June 2027.",
        bottlenecks=[
            {
                "description": "No legal basis yet to process special categories of data for bias "
                "detection in two services.",
                "owner": "Steering committee",
                "mitigation": "Ask the ministers for a legal basis under AI Act Art. 10(5).",
                "escalate": True,
            }
        ],
        next_steps="Publish the audits' follow-up actions.",
    )
    record(
        bosa_editor,
        bosa,
        "BE-O1-A02",
        q4,
        status="on_track",
        rag="green",
        method="manual",
        progress="60",
        achievements="The ethical and legal framework's draft was consulted on.",
        confidence="high",
    )
    update = strategy.updates.filter(item_key="BE-O1-A05", period=q4).get()
    services.grade_add(grader, update, "amber_red", "The legal-basis bottleneck puts the June 2027 target at risk.")
