"""Plans, periods, progress updates and grades through the services and the pages, on the database the suite runs
on (SQLite and PostgreSQL): each flow and each refusal, with nothing half-written."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.common.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied
from algoscope.plans import services
from algoscope.plans.models import Grade, Period, ProgressUpdate, Strategy, StrategyVersion, TagText

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "plans"
OPERATOR = Actor.for_system("tests")
BE = "BE-FED-NCP-AI-2022"


def be_text() -> str:
    return (SHARED / "belgian_convergence_plan.yaml").read_text(encoding="utf-8")


def owned_plan(org: Organisation) -> str:
    """The Belgian plan with ``org`` responsible for objective 1 (so for its actions) and weights on its actions."""
    data = yaml.safe_load(be_text())
    data["objectives"][0]["lead"] = None
    text = yaml.safe_dump(data, allow_unicode=True)
    plan_file = services.read_file("be.yaml", text, services.selectors.known_tags())
    content = services.strategy_to_dict(plan_file.strategies[0])
    for item in content["items"]:
        if item["id"] == "BE-O1":
            item["bodies"] = [
                {"name": "Test city", "role": "lead", "organisation": f"{org.identifier_scheme}:{org.identifier}"}
            ]
        if item["id"] == "BE-O1-A03":
            item["milestones"] = [
                {"id": "M1", "date": "2025-01-01", "title": {"en": "Drafted"}},
                {"id": "M2", "date": "2026-01-01", "title": {"en": "Adopted"}},
            ]
    return yaml.safe_dump(content, allow_unicode=True)


@pytest.fixture
def coordinators(make_user: Callable[..., Any]) -> tuple[Actor, Actor]:
    return Actor(user=make_user(site="coordinator")), Actor(user=make_user(site="coordinator"))


@pytest.fixture
def plan(org: Organisation) -> Strategy:
    services.plan_import(OPERATOR, "be.yaml", owned_plan(org), publish=True)
    return Strategy.objects.get(key=BE)


@pytest.fixture
def period(plan: Strategy, coordinators: tuple[Actor, Actor]) -> Period:
    import datetime as dt

    return services.period_open(coordinators[0], plan, "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def good_update(**changes: Any) -> dict[str, Any]:
    return {
        "status": "on_track",
        "rag": "green",
        "method": "manual",
        "progress": "40",
        "confidence": "high",
        "language": "nl",
        "achievements": "Kader goedgekeurd.",
        **changes,
    }


def test_every_reference_file_imports_and_importing_it_again_changes_nothing(db: Any) -> None:
    for path in sorted(SHARED.glob("*.yaml")):
        services.plan_import(OPERATOR, path.name, path.read_bytes(), publish=True)
    assert Strategy.objects.count() == 9 and StrategyVersion.objects.count() == 9
    assert TagText.objects.filter(ref="oecd:1.3").get().title == "Transparency and explainability"
    for path in sorted(SHARED.glob("*.yaml")):
        report = services.plan_import(OPERATOR, path.name, path.read_bytes(), publish=True)
        assert not report.created and not report.changed and report.tags == 0
    assert StrategyVersion.objects.count() == 9


def test_a_bad_file_is_refused_whole_and_changes_nothing(plan: Strategy, coordinators: tuple[Actor, Actor]) -> None:
    before = Strategy.objects.get(pk=plan.pk).content
    data = yaml.safe_load(be_text())
    data["objectives"][2]["action_points"][0]["id"] = "BE-O1-A01"
    with pytest.raises(InvalidInput) as refused:
        services.plan_import(coordinators[0], "be.yaml", yaml.safe_dump(data))
    assert "be.yaml.item BE-O1-A01.id: the id 'BE-O1-A01' is used twice" in refused.value.message
    assert Strategy.objects.get(pk=plan.pk).content == before and Strategy.objects.get(pk=plan.pk).state == "published"


def test_a_re_baselined_plan_is_published_by_another_coordinator_and_keeps_its_history(
    plan: Strategy, coordinators: tuple[Actor, Actor], org: Organisation
) -> None:
    first, second = coordinators
    content = yaml.safe_load(owned_plan(org))
    official = copy.deepcopy(next(i for i in content["items"] if i["id"] == "BE-O1-A01"))
    official.update(
        {
            "id": "1.1",
            "aliases": ["BE-O1-A01"],
            "verification": "official_text",
            "title": {"nl": "Pedagogische communicatie over AI", "fr": "Communication pédagogique sur l'IA"},
        }
    )
    official.pop("provisional", None)
    content["items"] = [official if i["id"] == "BE-O1-A01" else i for i in content["items"]]
    report = services.plan_import(
        first, "official.yaml", yaml.safe_dump(content, allow_unicode=True), note="Official action 1.1 transcribed"
    )
    assert report.changed == [BE] and "1 items added, 1 removed" in report.lines[0]
    plan.refresh_from_db()
    assert plan.state == "draft" and plan.published.number == 1
    with pytest.raises(InvalidTransition):
        services.plan_publish(second, plan)  # not submitted yet
    services.plan_submit(first, plan)
    with pytest.raises(PermissionDenied, match="four-eyes"):
        services.plan_publish(first, plan)
    version = services.plan_publish(second, plan)
    assert version.number == 2 and version.note == "Official action 1.1 transcribed"
    assert [v.number for v in plan.versions.all()] == [2, 1]
    assert plan.versions.get(number=1).content["items"][1]["id"] == "BE-O1-A01"  # the history stays


def test_updates_recorded_under_a_provisional_id_follow_the_official_item(
    plan: Strategy, period: Period, coordinators: tuple[Actor, Actor], org: Organisation, editor: Actor
) -> None:
    update = services.update_record(editor, plan, "BE-O1-A01", period, org, good_update())
    services.update_publish(coordinators[0], update)
    content = yaml.safe_load(owned_plan(org))
    for item in content["items"]:
        if item["id"] == "BE-O1-A01":
            item.update({"id": "1.1", "aliases": ["BE-O1-A01"]})
    services.plan_import(coordinators[0], "official.yaml", yaml.safe_dump(content, allow_unicode=True))
    services.plan_submit(coordinators[0], plan)
    services.plan_publish(coordinators[1], plan)
    plan.refresh_from_db()
    document = services.selectors.published_document(plan)
    assert services.selectors.latest_reports(plan, document)["1.1"].progress == 40.0
    assert [u.pk for u in services.selectors.item_updates(plan, document, "1.1")] == [update.pk]


def test_a_progress_update_is_recorded_reviewed_by_another_coordinator_and_corrected(
    plan: Strategy, period: Period, coordinators: tuple[Actor, Actor], org: Organisation, editor: Actor
) -> None:
    data = good_update(
        bottlenecks=[{"description": "Geen rechtsgrond", "owner": "Stuurgroep", "escalate": True}],
        changes=[{"kind": "time", "description": "Drie maanden later", "reason": "Late start"}],
    )
    update = services.update_record(editor, plan, "BE-O1-A02", period, org, data)
    assert update.state == "submitted" and update.bottlenecks[0]["escalate"] is True
    document = services.selectors.published_document(plan)
    assert services.selectors.latest_reports(plan, document) == {}  # not public before review
    services.update_publish(coordinators[0], update)
    with pytest.raises(InvalidTransition):
        services.update_publish(coordinators[1], update)
    correction = services.update_record(
        editor, plan, "BE-O1-A02", period, org, good_update(progress="35", corrects=update.pk)
    )
    services.update_publish(coordinators[1], correction)
    assert services.selectors.latest_reports(plan, document)["BE-O1-A02"].progress == 35.0
    update.refresh_from_db()
    assert update.progress == 40 and update.state == "published"  # the corrected report is kept as it was


def test_milestones_give_the_progress(plan: Strategy, period: Period, org: Organisation, editor: Actor) -> None:
    update = services.update_record(
        editor, plan, "BE-O1-A03", period, org, good_update(method="milestones", progress="", milestones_reached=["M1"])
    )
    assert update.progress == 50
    with pytest.raises(InvalidInput, match="unknown milestones: M9"):
        services.update_record(
            editor, plan, "BE-O1-A03", period, org, good_update(method="milestones", milestones_reached=["M9"])
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"progress": "120"}, "progress is a percentage from 0 to 100, not 120"),
        ({"progress": "-1"}, "progress is a percentage from 0 to 100"),
        ({"progress": "NaN"}, "give the progress as a number from 0 to 100"),
        ({"progress": ""}, "give the progress as a number from 0 to 100"),
        ({"status": "done"}, "status: choose one of"),
        ({"method": "weighted_children"}, "the item has no parts to weigh"),
        ({"bottlenecks": [{"owner": "x"}]}, "describe the bottleneck"),
        ({"changes": [{"kind": "budget", "description": "More"}]}, "say what changes"),
        ({"links": {"records": ["NOPE-1"]}}, "no published register record has the id 'NOPE-1'"),
        ({"corrects": 999999}, "a correction names a published update of the same item"),
    ],
)
def test_bad_updates_are_refused_and_nothing_is_stored(
    plan: Strategy, period: Period, org: Organisation, editor: Actor, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(")):
        services.update_record(editor, plan, "BE-O1-A02", period, org, good_update(**changes))
    assert not ProgressUpdate.objects.exists()


def test_a_closed_period_takes_no_update_and_only_one_period_is_open(
    plan: Strategy, period: Period, coordinators: tuple[Actor, Actor], org: Organisation, editor: Actor
) -> None:
    import datetime as dt

    with pytest.raises(Conflict, match="still open"):
        services.period_open(coordinators[0], plan, "2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    services.period_close(coordinators[1], period)
    with pytest.raises(Conflict, match="closed"):
        services.update_record(editor, plan, "BE-O1-A02", period, org, good_update())
    with pytest.raises(InvalidInput, match="before it starts"):
        services.period_open(coordinators[0], plan, "2027-Q1", dt.date(2027, 3, 1), dt.date(2027, 1, 1))
    with pytest.raises(InvalidInput, match="already is a period"):
        services.period_open(coordinators[0], plan, "2026-Q4", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    with pytest.raises(PermissionDenied):
        services.period_open(
            Actor.for_request(type("R", (), {"user": editor.user})()),
            plan,
            "2027-Q1",
            dt.date(2027, 1, 1),
            dt.date(2027, 3, 31),
        )
    assert not ProgressUpdate.objects.exists()


def test_only_a_responsible_organisation_reports_and_nobody_reviews_their_own_report(
    plan: Strategy,
    period: Period,
    coordinators: tuple[Actor, Actor],
    org: Organisation,
    other_org: Organisation,
    editor: Actor,
    make_user: Callable[..., Any],
) -> None:
    outsider = Actor(user=make_user(other_org, "editor"))
    with pytest.raises(PermissionDenied, match="not a responsible body"):
        services.update_record(outsider, plan, "BE-O1-A02", period, other_org, good_update())
    with pytest.raises(PermissionDenied):
        services.update_record(outsider, plan, "BE-O1-A02", period, org, good_update())  # no role in org
    with pytest.raises(PermissionDenied, match="not a responsible body"):
        services.update_record(editor, plan, "BE-O2-A01", period, org, good_update())  # objective 2 is not theirs
    both = make_user(org, "editor", site="coordinator")
    update = services.update_record(Actor(user=both), plan, "BE-O1-A02", period, org, good_update())
    with pytest.raises(PermissionDenied, match="four-eyes"):
        services.update_publish(Actor(user=both), update)
    services.update_decline(coordinators[0], update, "Cijfer zonder bron")
    update.refresh_from_db()
    assert update.state == "declined" and update.review_note == "Cijfer zonder bron"


def test_an_independent_grader_grades_a_published_update(
    plan: Strategy,
    period: Period,
    coordinators: tuple[Actor, Actor],
    org: Organisation,
    editor: Actor,
    make_user: Callable[..., Any],
) -> None:
    update = services.update_record(editor, plan, "BE-O1-A02", period, org, good_update())
    grader = Actor(user=make_user(site="grader"))
    with pytest.raises(InvalidTransition):
        services.grade_add(grader, update, "amber", "Te vroeg")
    services.update_publish(coordinators[0], update)
    inside = Actor(user=make_user(org, "reviewer", site="grader"))
    with pytest.raises(PermissionDenied, match="independent"):
        services.grade_add(inside, update, "amber", "Eigen organisatie")
    with pytest.raises(InvalidInput):
        services.grade_add(grader, update, "purple", "x")
    services.grade_add(grader, update, "amber_red", "Het doel is niet haalbaar.")
    assert Grade.objects.get().rag == "amber_red"


# ----- the pages --------------------------------------------------------------------------------------------------


def test_the_coordinator_opens_a_period_an_owner_reports_and_the_public_pages_show_it(
    plan: Strategy, coordinators: tuple[Actor, Actor], org: Organisation, editor: Actor, client: Client
) -> None:
    coordinator = Client()
    coordinator.force_login(coordinators[0].user)
    response = coordinator.post(
        f"/editor/plans/{BE}/open-period/", {"label": "2026-Q4", "starts_on": "2026-10-01", "ends_on": "2026-12-31"}
    )
    assert response.status_code == 302 and Period.objects.get().state == "open"
    owner = Client()
    owner.force_login(editor.user)
    assert "BE-O1-A05" in owner.get("/editor/plans/").content.decode()
    page = owner.get(f"/editor/plans/{BE}/items/BE-O1-A05/update/")
    assert page.status_code == 200
    assert owner.post(f"/editor/plans/{BE}/items/BE-O1-A05/update/", good_update()).status_code == 404  # no org
    refused = owner.post(
        f"/editor/plans/{BE}/items/BE-O1-A05/update/", {**good_update(progress="150"), "organisation": org.pk}
    )
    assert refused.status_code == 400 and "0 to 100" in refused.content.decode()
    response = owner.post(
        f"/editor/plans/{BE}/items/BE-O1-A05/update/",
        {
            **good_update(progress="45", status="at_risk", rag="amber"),
            "organisation": org.pk,
            "bottleneck": "Geen rechtsgrond voor bijzondere gegevens",
            "bottleneck_owner": "Stuurgroep",
            "escalate": "on",
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert client.get(f"/en/plans/{BE}/items/BE-O1-A05/").content.decode().count("Geen rechtsgrond") == 0
    assert coordinator.post(f"/editor/plans/updates/{update.pk}/", {"verb": "publish"}).status_code == 302
    item_page = client.get(f"/fr/plans/{BE}/items/BE-O1-A05/").content.decode()
    assert "Geen rechtsgrond" in item_page and 'lang="nl"' in item_page
    plan_page = client.get(f"/nl/plans/{BE}/").content.decode()
    assert "Geen rechtsgrond voor bijzondere gegevens" in plan_page  # escalated bottlenecks are listed
    assert "45 %" in plan_page
    matrix = client.get("/en/plans/harmonisation.json").json()
    row = next(r for r in matrix["rows"] if r["tag"] == "oecd:1.2")
    cell = next(c for c in row["cells"] if c["strategy"] == BE)
    assert cell["items"] == ["BE-O1", "BE-O9"] and not cell["gap"] and not cell["possible_duplication"]
    assert cell["progress"] == {"BE-O1": pytest.approx(45 / 6)}  # A05's 45 % among six equal actions


def test_public_downloads_round_trip_and_serve_belgian_excel(plan: Strategy, client: Client) -> None:
    yaml_text = client.get(f"/en/plans/{BE}/plan.yaml").content.decode()
    csv_response = client.get(f"/en/plans/{BE}/plan.csv?separator=semicolon")
    csv_text = csv_response.content.decode()
    assert csv_text.startswith("\ufeffrecord;id;") and csv_response["Content-Type"].startswith("text/csv")
    from algoscope.plans.engine.reading import read_file

    known = services.selectors.known_tags()
    assert read_file("p.yaml", yaml_text, known).strategies == read_file("p.csv", csv_text, known).strategies
    assert client.get(f"/en/plans/{BE}/plan.csv?separator=tab").status_code == 400
    assert client.get(f"/en/plans/{BE}/plan.exe").status_code == 404
    assert client.get("/en/plans/NOPE/").status_code == 404
    assert client.get(f"/en/plans/{BE}/?version=9").status_code == 404


def test_a_coordinator_imports_a_file_through_the_page_and_a_bad_one_is_explained(
    plan: Strategy, coordinators: tuple[Actor, Actor], org: Organisation
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    coordinator = Client()
    coordinator.force_login(coordinators[0].user)
    bad = yaml.safe_load(owned_plan(org))
    bad["items"][3]["kpis"] = [{"name": {"en": "Services"}, "target": 20}]
    response = coordinator.post(
        "/editor/plans/import/", {"file": SimpleUploadedFile("be.yaml", yaml.safe_dump(bad).encode())}
    )
    assert response.status_code == 400 and "has no unit" in response.content.decode()
    # the refusal says where (found by an outside check: it did not name the item)
    assert "be.yaml › item BE-O1-A03 › kpis › 0 › unit: the KPI" in response.content.decode()
    assert Strategy.objects.get().state == "published"
    good = yaml.safe_load(owned_plan(org))
    good["items"][3]["kpis"] = [{"name": {"en": "Services"}, "unit": "services", "target": 20}]
    response = coordinator.post(
        "/editor/plans/import/",
        {"file": SimpleUploadedFile("be.yaml", yaml.safe_dump(good).encode()), "note": "KPI added"},
    )
    assert response.status_code == 302 and Strategy.objects.get().state == "draft"
    coordinator.post(f"/editor/plans/{BE}/submit/")
    other = Client()
    other.force_login(coordinators[1].user)
    assert other.post(f"/editor/plans/{BE}/publish/", {"note": "KPI added"}).status_code == 302
    assert Strategy.objects.get().published.number == 2


def test_people_without_the_role_do_not_reach_the_coordinators_pages(plan: Strategy, editor: Actor) -> None:
    client = Client()
    client.force_login(editor.user)
    assert client.get(f"/editor/plans/{BE}/").status_code == 404
    assert client.post(f"/editor/plans/{BE}/submit/").status_code == 404
    assert client.post("/editor/plans/import/").status_code == 404


def test_a_grader_sees_published_reports_only_and_the_reviewer_sees_every_field(
    plan: Strategy,
    period: Period,
    coordinators: tuple[Actor, Actor],
    org: Organisation,
    editor: Actor,
    make_user: Callable[..., Any],
) -> None:
    """Found by an outside check: graders read reports awaiting review, and the review page hid the next steps and
    the bottleneck's owner and mitigation that publication makes public."""
    update = services.update_record(
        editor,
        plan,
        "BE-O1-A02",
        period,
        org,
        good_update(
            next_steps="Volgende stap X",
            bottlenecks=[{"description": "Knelpunt", "owner": "Eigenaar Y", "mitigation": "Aanpak Z"}],
        ),
    )
    grader = Client()
    grader.force_login(make_user(site="grader"))
    assert grader.get(f"/editor/plans/updates/{update.pk}/").status_code == 404
    coordinator = Client()
    coordinator.force_login(coordinators[0].user)
    page = coordinator.get(f"/editor/plans/updates/{update.pk}/").content.decode()
    assert all(text in page for text in ("Volgende stap X", "Eigenaar Y", "Aanpak Z"))
    services.update_publish(coordinators[0], update)
    assert grader.get(f"/editor/plans/updates/{update.pk}/").status_code == 200


def test_an_unchanged_file_says_so_and_a_draft_is_read_item_by_item_before_publication(
    plan: Strategy, coordinators: tuple[Actor, Actor], org: Organisation
) -> None:
    """Found by an outside check: an unchanged file was called a change, and a draft could not be read before it
    was published."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    coordinator = Client()
    coordinator.force_login(coordinators[0].user)
    same = coordinator.post(
        "/editor/plans/import/", {"file": SimpleUploadedFile("be.yaml", owned_plan(org).encode())}, follow=True
    ).content.decode()
    assert "Nothing changed" in same and Strategy.objects.get().state == "published"
    good = yaml.safe_load(owned_plan(org))
    good["items"][3]["weight"] = None
    good["items"][4]["title"] = {"en": "A new wording"}
    coordinator.post("/editor/plans/import/", {"file": SimpleUploadedFile("be.yaml", yaml.safe_dump(good).encode())})
    review = coordinator.get(f"/editor/plans/{BE}/").content.decode()
    assert "A new wording" in review and "<code>title</code>" in review
    assert coordinator.get(f"/editor/plans/{BE}/draft.yaml").content.decode().count("A new wording") == 1


def test_a_strategy_with_no_mapped_item_is_named_apart_not_counted_as_gaps(db: Any, client: Client) -> None:
    for name in ("belgian_convergence_plan.yaml", "benelux_parliament_ai_recommendation.yaml"):
        services.plan_import(OPERATOR, name, (SHARED / name).read_bytes(), publish=True)
    data = client.get("/en/plans/harmonisation.json").json()
    assert data["strategies"] == [BE] and data["not_mapped"] == ["BNL-PARLIAMENT-AI-2025"]
    page = client.get("/fr/plans/harmonisation/").content.decode()
    assert (
        "Pas encore rattachés" in page
        and "Benelux Interparliamentary Assembly (Benelux Parliament): recommendation" in page
    )


def test_the_api_serves_plans_versions_reports_and_the_matrix_with_stable_ids(
    plan: Strategy, period: Period, coordinators: tuple[Actor, Actor], org: Organisation, editor: Actor, client: Client
) -> None:
    update = services.update_record(editor, plan, "BE-O1-A02", period, org, good_update(progress="60"))
    hidden = services.update_record(editor, plan, "BE-O1-A03", period, org, good_update(progress="10"))
    services.update_publish(coordinators[0], update)
    listed = client.get("/api/v1/plans/").json()
    assert [p["id"] for p in listed] == [BE] and listed[0]["progress"] == pytest.approx(60 / 6 / 9)
    detail = client.get(f"/api/v1/plans/{BE}").json()
    assert detail["version"] == 1 and detail["plan"]["strategy"]["id"] == BE
    assert detail["items_progress"]["BE-O1"]["formula"].endswith("= 10 %")
    updates = client.get(f"/api/v1/plans/{BE}/updates").json()
    assert [u["id"] for u in updates] == [update.pk] and hidden.pk not in [u["id"] for u in updates]
    assert client.get(f"/api/v1/plans/{BE}/updates?item=BE-O1-A03").json() == []
    assert client.get(f"/api/v1/plans/{BE}/versions").json()[0]["number"] == 1
    assert client.get(f"/api/v1/plans/{BE}/versions/1").json()["strategy"]["id"] == BE
    assert client.get(f"/api/v1/plans/{BE}/versions/7").status_code == 404
    assert client.get("/api/v1/plans/NOPE").json()["status"] == 404
    matrix = client.get("/api/v1/plans/harmonisation?scheme=ai_watch").json()
    assert matrix == client.get("/en/plans/harmonisation.json?scheme=ai_watch").json()
    assert client.get("/api/v1/plans/harmonisation?scheme=nope").status_code == 422
