"""Capacity building: the training catalogue with the administrations' figures (recorded, reviewed by another
person, shown with the completion rate) and the good practices, searchable in every language."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client

from algoscope.accounts.permissions import Actor
from algoscope.common.errors import InvalidInput, InvalidTransition, PermissionDenied
from algoscope.plans import services
from algoscope.plans.engine.capacity import capacity_file
from algoscope.plans.engine.reading import read_file
from algoscope.plans.engine.taxonomy import builtin
from algoscope.plans.models import CatalogueEntry, TrainingFigure

DEMO = Path(__file__).resolve().parents[2] / "src" / "algoscope" / "plans" / "demo"
KNOWN = builtin().tags.keys()
OPERATOR = Actor.for_system("tests")


def demo_data() -> dict[str, Any]:
    data = yaml.safe_load((DEMO / "capacity.yaml").read_text(encoding="utf-8"))
    data["practices"][0].pop("record")
    data["practices"][0]["pilot"] = "BNL-SANDBOX-2026"
    return data


def test_the_demo_catalogue_reads_and_round_trips() -> None:
    plan_file = read_file("capacity.yaml", yaml.safe_dump(demo_data(), allow_unicode=True), KNOWN)
    assert plan_file.problems == [] and len(plan_file.courses) == 3 and len(plan_file.practices) == 2
    again = read_file("again.yaml", capacity_file(plan_file.courses, plan_file.practices), KNOWN)
    assert (again.courses, again.practices) == (plan_file.courses, plan_file.practices)


def test_bad_entries_are_refused_naming_the_entry_and_field() -> None:
    data = demo_data()
    data["courses"][0].update({"profiles": ["astronauts"], "languages": ["es"], "mode": "telepathy"})
    data["practices"][0]["record"] = "ALG-1"  # and a pilot: one or the other
    data["practices"][1].pop("contact")
    data["practices"][1]["tags"] = ["oecd:9.9"]
    data["courses"][1]["id"] = "LU-ELEMENTS-OF-AI"
    problems = {(p.path, p.code) for p in read_file("c.yaml", yaml.safe_dump(data), KNOWN).problems}
    assert {
        ("c.yaml.course BOSA-AI-BASICS.profiles", "choice"),
        ("c.yaml.course BOSA-AI-BASICS.languages", "choice"),
        ("c.yaml.course BOSA-AI-BASICS.mode", "choice"),
        ("c.yaml.practice GP-BIAS-AUDIT-PUBLISHED.record", "subject"),
        ("c.yaml.practice GP-GENAI-LETTERS.contact", "required"),
        ("c.yaml.practice GP-GENAI-LETTERS.tags", "unknown-tag"),
        ("c.yaml.course LU-ELEMENTS-OF-AI.id", "duplicate-id"),
    } <= problems


@pytest.fixture
def catalogue(db: Any) -> None:
    from tests.plans.test_pilots import load_plans

    load_plans()
    services.plan_import(OPERATOR, "pilots.yaml", (DEMO / "pilots.yaml").read_bytes(), publish=True)
    services.plan_import(OPERATOR, "capacity.yaml", yaml.safe_dump(demo_data(), allow_unicode=True), publish=True)


def test_figures_are_recorded_by_the_administration_and_published_by_another_person(
    catalogue: None, org: Any, other_org: Any, editor: Actor, make_user: Callable[..., Any], client: Client
) -> None:
    coordinator = Actor(user=make_user(site="coordinator"))
    with pytest.raises(InvalidInput, match="more completions"):
        services.figure_record(editor, "BOSA-AI-BASICS", org, "2026", 10, 12)
    with pytest.raises(InvalidInput, match="whole number"):
        services.figure_record(editor, "BOSA-AI-BASICS", org, "2026", "-3", 1)
    with pytest.raises(InvalidInput, match="no published course"):
        services.figure_record(editor, "NOPE", org, "2026", 3, 1)
    with pytest.raises(PermissionDenied):
        services.figure_record(editor, "BOSA-AI-BASICS", other_org, "2026", 3, 1)
    figure = services.figure_record(editor, "BOSA-AI-BASICS", org, "2026", 40, 30)
    assert "40" not in client.get("/en/plans/training/BOSA-AI-BASICS/").content.decode().split("Participation")[-1]
    both = Actor(user=make_user(org, "editor", site="coordinator"))
    own = services.figure_record(both, "BOSA-AI-BASICS", org, "2026-H2", 5, 5)
    with pytest.raises(PermissionDenied, match="four-eyes"):
        services.figure_review(both, own, True)
    services.figure_review(coordinator, figure, True)
    with pytest.raises(InvalidTransition):
        services.figure_review(coordinator, figure, False, "late")
    with pytest.raises(InvalidInput):
        services.figure_review(coordinator, own, False, "")  # a refusal says why
    page = client.get("/fr/plans/training/BOSA-AI-BASICS/").content.decode()
    assert "40 participants, 30 l'ont achevée." in page and "75 %" in page
    assert "BOSA-AI-BASICS" in client.get("/en/plans/training/?profile=civil_servants&language=fr").content.decode()
    assert "BOSA-AI-BASICS" not in client.get("/en/plans/training/?language=lb").content.decode()
    response = client.get("/en/plans/capacity.csv?separator=semicolon")
    figures_csv = b"".join(response.streaming_content).decode()
    assert figures_csv.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(figures_csv[1:]), delimiter=";"))
    assert rows[0] == [
        "course",
        "course_title",
        "organisation",
        "organisation_name",
        "period",
        "participants",
        "completions",
        "published_at",
    ]
    assert [row[:7] for row in rows[1:]] == [
        [
            "BOSA-AI-BASICS",
            "AI in the federal administration - basic course",
            org.slug,
            "Stad Teststad",
            "2026",
            "40",
            "30",
        ]
    ]
    assert client.get("/en/plans/capacity.csv?separator=tab").status_code == 400  # as every other CSV answers
    assert TrainingFigure.objects.filter(state="submitted").count() == 1


def test_the_figures_page_records_and_reviews(
    catalogue: None, org: Any, editor: Actor, make_user: Callable[..., Any]
) -> None:
    owner = Client()
    owner.force_login(editor.user)
    refused = owner.post(
        "/editor/plans/training/figures/",
        {"organisation": org.pk, "course": "BOSA-AI-BASICS", "period": "2026", "participants": "3", "completions": "9"},
    )
    assert refused.status_code == 400 and "more completions" in refused.content.decode()
    owner.post(
        "/editor/plans/training/figures/",
        {"organisation": org.pk, "course": "BOSA-AI-BASICS", "period": "2026", "participants": "3", "completions": "2"},
    )
    figure = TrainingFigure.objects.get()
    assert owner.post(f"/editor/plans/training/figures/{figure.pk}/publish/").status_code == 404
    coordinator = Client()
    coordinator.force_login(make_user(site="coordinator"))
    assert "AI in the federal administration" in coordinator.get("/editor/plans/training/figures/").content.decode()
    coordinator.post(f"/editor/plans/training/figures/{figure.pk}/publish/")
    figure.refresh_from_db()
    assert figure.state == "published"
    assert Client().get("/editor/plans/training/figures/").status_code == 302  # signed-in people only


def test_good_practices_are_searched_in_every_language_without_accents(catalogue: None, client: Client) -> None:
    english_page = client.get("/en/plans/practices/?q=BEGRIJPELIJKER").content.decode()  # Dutch words, any case
    assert "GP-GENAI-LETTERS" in english_page and "GP-BIAS-AUDIT-PUBLISHED" not in english_page
    assert "GP-BIAS-AUDIT-PUBLISHED" in client.get("/nl/plans/practices/?q=resume+langage").content.decode()
    assert "try fewer or other words" in client.get("/en/plans/practices/?q=zzzz").content.decode()
    assert "GP-GENAI-LETTERS" not in client.get("/en/plans/practices/?jurisdiction=BE-FED").content.decode()
    page = client.get("/fr/plans/practices/GP-GENAI-LETTERS/").content.decode()
    assert 'href="/fr/plans/test-bed/NL-GENAI-LETTERS-2025/"' in page and 'lang="nl"' in page
    assert client.get("/en/plans/practices/NOPE/").status_code == 404
    assert CatalogueEntry.objects.filter(kind="practice").count() == 2


def test_the_api_serves_the_test_bed_the_catalogue_its_figures_and_the_practices(
    catalogue: None, org: Any, editor: Actor, make_user: Callable[..., Any], client: Client
) -> None:
    figure = services.figure_record(editor, "BOSA-AI-BASICS", org, "2026", 10, 4)
    services.figure_record(editor, "BOSA-AI-BASICS", org, "2027", 99, 1)  # not reviewed: not public
    services.figure_review(Actor(user=make_user(site="coordinator")), figure, True)
    pilots = [p["id"] for p in client.get("/api/v1/plans/test-bed/pilots").json()]
    assert pilots == ["BE-HEALTH-TRIAGE-2026", "BNL-SANDBOX-2026", "NL-GENAI-LETTERS-2025"]  # by id
    courses = {c["id"]: c for c in client.get("/api/v1/plans/capacity/courses").json()}
    assert (courses["BOSA-AI-BASICS"]["participants"], courses["BOSA-AI-BASICS"]["completions"]) == (10, 4)
    assert [f["period"] for f in client.get("/api/v1/plans/capacity/figures").json()] == ["2026"]
    assert len(client.get("/api/v1/plans/capacity/practices").json()) == 2


def test_a_later_figure_corrects_the_earlier_one_and_odd_numbers_are_refused(
    catalogue: None, org: Any, editor: Actor, make_user: Callable[..., Any], client: Client
) -> None:
    """Found by an outside check: a correction was added to the figure it corrects, superscript digits crashed the
    page, and any text was taken as a period."""
    coordinator = Actor(user=make_user(site="coordinator"))
    first = services.figure_record(editor, "BOSA-AI-BASICS", org, "2026-H1", 40, 30)
    services.figure_review(coordinator, first, True)
    correction = services.figure_record(editor, "BOSA-AI-BASICS", org, "2026-H1", 42, 31)
    queue = Client()
    queue.force_login(coordinator.user)
    assert "replaces the published figure" in queue.get("/editor/plans/training/figures/").content.decode()
    services.figure_review(coordinator, correction, True)
    assert services.selectors.figure_totals()["BOSA-AI-BASICS"] == (42, 31)
    assert "42 participants, 31 completed." in client.get("/en/plans/training/BOSA-AI-BASICS/").content.decode()
    for participants in ("²³", "٣", "５", "1000001"):
        with pytest.raises(InvalidInput, match="whole number"):
            services.figure_record(editor, "BOSA-AI-BASICS", org, "2026", participants, 0)
    for period in ("REVIEW-T", "2026-H3", "26"):
        with pytest.raises(InvalidInput, match="write the period as"):
            services.figure_record(editor, "BOSA-AI-BASICS", org, period, 3, 1)
    owner = Client()
    owner.force_login(editor.user)
    assert (
        owner.post(
            "/editor/plans/training/figures/",
            {
                "organisation": org.pk,
                "course": "BOSA-AI-BASICS",
                "period": "2026",
                "participants": "²³",
                "completions": "1",
            },
        ).status_code
        == 400
    )


def test_a_typographic_apostrophe_finds_a_plain_one(catalogue: None, client: Client) -> None:
    assert "GP-BIAS-AUDIT-PUBLISHED" in client.get("/fr/plans/practices/?q=qu\u2019elles").content.decode()
