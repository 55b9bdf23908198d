"""What the public reads about a record's AI Act assessment, FRIA and obligations passes the same review as the
record's fields and is versioned with it: a change makes the record a draft, the public keeps seeing the published
version until another person publishes the next one, and every version keeps what it made public."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from algoscope.accounts.models import Membership
from algoscope.accounts.permissions import Actor
from algoscope.aiact import services
from algoscope.aiact.annex_viii import annex_viii
from algoscope.aiact.engine.fria import fria_form
from algoscope.aiact.models import Assessment
from algoscope.common.errors import NotFound, PermissionDenied
from algoscope.common.models import AuditLogEntry
from algoscope.register import services as register_services
from algoscope.register.models import AlgorithmFacet

from .cases import CASES

pytestmark = pytest.mark.django_db
ANSWERS = {key: f"Answer about {key}." for key in fria_form().keys}
DAY = dt.date(2026, 11, 22)
FIRST = "2024/1689"  # the text as first published, where AI literacy (Art. 4) is a deployer duty


def facet(record: Any) -> set[str]:
    rows = AlgorithmFacet.objects.filter(algorithm=record, facet="ai_act_class").values_list("value", flat=True)
    return set(rows)


def test_a_completed_assessment_waits_for_another_persons_review(
    client: Client, make_record: Any, editor: Actor, reviewer: Actor, org: Any
) -> None:
    record = make_record()
    services.assessment_complete(actor=editor, algorithm=record, facts=CASES["AIA-01"], as_of=DAY, legal_text=FIRST)
    record.refresh_from_db()
    assert record.state == "draft" and editor.person_id in record.contributors
    # nothing public changed: page, facet, search API, Annex VIII
    page = client.get(f"/en/algorithms/{record.public_id}/").content.decode()
    assert "High-risk (Annex III use)" not in page
    assert facet(record) == {"not_assessed"}
    assert client.get("/api/v1/search/?ai_act_class=high_risk_annex_iii").json()["items"] == []
    with pytest.raises(NotFound):
        annex_viii(record)
    # the editor who is also a reviewer may not approve their own assessment
    Membership.objects.create(user=editor.user, organisation=org, role="reviewer")
    register_services.algorithm_submit(actor=editor, algorithm=record)
    with pytest.raises(PermissionDenied):
        register_services.algorithm_publish(actor=Actor(user=editor.user), algorithm=record)
    version = register_services.algorithm_publish(actor=reviewer, algorithm=record, change_summary="AI Act")
    assert version.number == 2 and version.parts["ai_act"]["assessment"] == Assessment.objects.get().pk
    page = client.get(f"/en/algorithms/{record.public_id}/").content.decode()
    assert "High-risk (Annex III use)" in page
    assert facet(record) == {"high_risk_annex_iii"}
    assert [s["section"] for s in annex_viii(record)["sections"]] == ["A", "C"]


def test_each_version_keeps_what_it_made_public(
    client: Client, make_record: Any, editor: Actor, republish: Any
) -> None:
    record = make_record()
    services.assessment_complete(actor=editor, algorithm=record, facts={"infers_outputs": False}, as_of=DAY)
    republish(record)  # version 2: not an AI system
    services.assessment_complete(actor=editor, algorithm=record, facts=CASES["AIA-01"], as_of=DAY, legal_text=FIRST)
    republish(record)  # version 3: high-risk
    first = client.get(f"/en/algorithms/{record.public_id}/versions/1/").content.decode()
    second = client.get(f"/en/algorithms/{record.public_id}/versions/2/").content.decode()
    third = client.get(f"/en/algorithms/{record.public_id}/").content.decode()
    assert "has not yet published an AI Act assessment" in first
    assert "Not an AI system" in second and "High-risk (Annex III use)" not in second
    assert "High-risk (Annex III use)" in third
    diff = client.get(f"/en/algorithms/{record.public_id}/compare/?from=2&to=3").content.decode()
    assert "AI Act classification" in diff and "Not an AI system" in diff and "High-risk (Annex III use)" in diff
    assert "These versions are identical." not in diff
    api = client.get(f"/api/v1/algorithms/{record.public_id}/diff?from_version=2&to_version=3&language=fr").json()
    assert api["changes"] == [] and api["part_changes"][0]["label"] == "Classification selon le règlement sur l'IA"
    assert "Haut risque" in api["part_changes"][0]["after"] and "déployeur" in api["part_changes"][0]["after"]
    version = client.get(f"/api/v1/algorithms/{record.public_id}/versions/3").json()
    assert version["parts"]["ai_act"]["assessment"] == Assessment.objects.filter(status="complete").first().pk
    # an earlier version's page shows what it published, without links to the current FRIA or Annex VIII data
    assert "Annex VIII, JSON" not in second and "Annex VIII, JSON" in third


@pytest.fixture
def waiting(make_record: Any, editor: Actor, republish: Any) -> Any:
    """A high-risk record whose assessment is published, with a checklist row and a FRIA waiting for review."""
    record = make_record()
    services.assessment_complete(actor=editor, algorithm=record, facts=CASES["AIA-01"], as_of=DAY, legal_text=FIRST)
    republish(record)
    services.obligation_progress_set(
        actor=editor, algorithm=record, obligation="ai_literacy", role="deployer", status="done"
    )
    services.fria_save(actor=editor, algorithm=record, answers=ANSWERS, summary="Summary.", complete=True)
    return record


def test_the_reviewer_sees_what_waits_for_publication(
    client: Client, waiting: Any, reviewer: Actor, republish: Any
) -> None:
    record = waiting
    assert reviewer.user is not None
    client.force_login(reviewer.user)  # type: ignore[arg-type]
    page = client.get(f"/editor/algorithms/{record.public_id}/").content.decode()
    assert "Waiting for the next publication" in page
    assert "Fundamental-rights impact assessment" in page and "completed on" in page
    assert "summary only: Summary." in page  # how much of the FRIA becomes public, and its summary
    assert "roles: " not in page  # the published assessment did not change
    assert "Obligation: " in page and "Done" in page
    republish(record)
    page = client.get(f"/editor/algorithms/{record.public_id}/").content.decode()
    assert "Waiting for the next publication" not in page


def test_the_public_checklist_and_fria_change_only_with_a_publication(
    client: Client, waiting: Any, republish: Any
) -> None:
    record = waiting
    url = f"/api/v1/aiact/records/{record.public_id}/obligations"
    statuses = {(i["role"], i["obligation"]): i["status"] for i in client.get(url).json()["items"]}
    assert statuses[("deployer", "ai_literacy")] == "todo"
    assert client.get(f"/api/v1/aiact/records/{record.public_id}/fria").status_code == 404
    assert client.get(f"/en/algorithms/{record.public_id}/fria/").status_code == 404
    republish(record)
    statuses = {(i["role"], i["obligation"]): i["status"] for i in client.get(url).json()["items"]}
    assert statuses[("deployer", "ai_literacy")] == "done"
    assert client.get(f"/api/v1/aiact/records/{record.public_id}/fria").json()["summary"] == "Summary."


def test_drafts_and_unchanged_rows_leave_the_record_as_it_is(make_record: Any, editor: Actor, republish: Any) -> None:
    record = make_record()
    services.assessment_complete(actor=editor, algorithm=record, facts=CASES["AIA-01"], as_of=DAY, legal_text=FIRST)
    services.obligation_progress_set(
        actor=editor, algorithm=record, obligation="ai_literacy", role="deployer", status="done"
    )
    republish(record)
    lock = record.lock_version
    services.assessment_save_draft(actor=editor, algorithm=record, facts={"infers_outputs": True})
    services.fria_save(actor=editor, algorithm=record, answers={"processes": "Draft"})
    logged = AuditLogEntry.objects.count()
    services.obligation_progress_set(
        actor=editor, algorithm=record, obligation="ai_literacy", role="deployer", status="done"
    )
    record.refresh_from_db()
    assert record.state == "published" and record.lock_version == lock
    assert AuditLogEntry.objects.count() == logged  # the unchanged row wrote nothing


def test_a_change_in_review_goes_back_to_draft(make_record: Any, editor: Actor) -> None:
    record = make_record("in_review")
    services.assessment_complete(actor=editor, algorithm=record, facts=CASES["AIA-01"], as_of=DAY, legal_text=FIRST)
    record.refresh_from_db()
    assert record.state == "draft" and record.published_version is None
    assert facet(record) == set()  # never published: not in the search at all


def test_a_retired_record_assessed_afterwards_stays_retired(make_record: Any, editor: Actor, republish: Any) -> None:
    record = make_record("retired")
    services.assessment_complete(actor=editor, algorithm=record, facts=CASES["AIA-01"], as_of=DAY, legal_text=FIRST)
    record.refresh_from_db()
    assert record.state == "draft" and record.retired_at is not None  # the public still reads it as retired
    republish(record)
    assert record.state == "retired" and record.retirement_reason == "No longer used"
    assert facet(record) == {"high_risk_annex_iii"}


def test_the_demo_publishes_its_ai_act_work_through_review() -> None:
    import io

    from django.core.management import call_command

    call_command("load_demo", not_in_development=True, stdout=io.StringIO())
    published = Assessment.objects.filter(status="complete", algorithm__published_version__isnull=False)
    assert published.exists()
    for assessment in published:
        version = assessment.algorithm.published_version
        assert version.parts["ai_act"]["assessment"] == assessment.pk, assessment
        assert version.published_by_label.startswith("reviewer.")
    states = {assessment.algorithm.state for assessment in published}
    assert states == {"published", "retired"}  # a record assessed after it was retired stays retired


# Every app: with ``available_apps`` the flush after the test truncates with CASCADE (PostgreSQL's search table).
@pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
def test_the_migration_keeps_public_what_was_public() -> None:
    """Before, a complete assessment, FRIA and checklist were public at once: the current published version takes
    them over, so nothing the public saw disappears."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    before = [("aiact", "0003_one_draft_constraint_names"), ("register", "0004_organisations_move_to_accounts")]
    executor.migrate(before)  # type: ignore[arg-type]
    executor.loader.build_graph()
    old = executor.loader.project_state(before).apps
    organisation = old.get_model("accounts", "Organisation").objects.create(
        slug="be-test", identifier_scheme="kbo", identifier="0207.451.227", name={"nl": "T"}, country="BE"
    )
    algorithm = old.get_model("register", "Algorithm").objects.create(
        public_id="ALG-TEST0002", organisation=organisation
    )
    version = old.get_model("register", "AlgorithmVersion").objects.create(
        algorithm=algorithm, number=1, content={}, organisation=organisation, published_at="2026-01-01T00:00Z"
    )
    algorithm.published_version = version
    algorithm.save()
    unpublished = old.get_model("register", "Algorithm").objects.create(
        public_id="ALG-TEST0003", organisation=organisation
    )
    assessment_model = old.get_model("aiact", "Assessment")
    done = assessment_model.objects.create(
        algorithm=algorithm, status="complete", categories=["minimal"], legal_text="x"
    )
    assessment_model.objects.create(algorithm=unpublished, status="complete", categories=["minimal"], legal_text="x")
    old.get_model("aiact", "ObligationProgress").objects.create(
        algorithm=algorithm, obligation="ai_literacy", role="deployer", status="done", updated_by_label="e"
    )
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    new = executor.loader.project_state(latest).apps
    parts = new.get_model("register", "AlgorithmVersion").objects.get(pk=version.pk).parts
    assert parts["ai_act"]["assessment"] == done.pk and parts["ai_act"]["fria"] is None
    assert [(r["obligation"], r["status"]) for r in parts["ai_act"]["progress"]] == [("ai_literacy", "done")]
    # and a published record gets the date of its first version stored (register 0007)
    records = new.get_model("register", "Algorithm").objects
    assert records.get(pk=algorithm.pk).first_published_at.isoformat() == "2026-01-01T00:00:00+00:00"
    assert records.get(pk=unpublished.pk).first_published_at is None


def test_result_cards_show_the_published_ai_act_class(
    client: Client, make_record: Any, editor: Actor, republish: Any
) -> None:
    """A search result says the record's AI Act class once it is published (not while it waits), and the page
    explains the two meanings of "high-risk" where both filters appear."""
    record = make_record(name={"nl": "Kaartscan"})
    other = make_record(name={"nl": "Kaartlezer"})
    services.assessment_complete(actor=editor, algorithm=record, facts=CASES["AIA-01"], as_of=DAY, legal_text=FIRST)
    assert "AI Act: High-risk" not in client.get("/en/?q=Kaartscan").content.decode()
    republish(record)
    page = client.get("/en/").content.decode()
    cards = {name: page.split(name)[1].split("</article>")[0] for name in ("Kaartscan", "Kaartlezer")}
    assert "AI Act: High-risk (Annex III use)" in cards["Kaartscan"] and "AI Act" not in cards["Kaartlezer"]
    assert "Two meanings of “high-risk”" in page and other.public_id in page
