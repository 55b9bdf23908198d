"""Consultations, proposals, supports, comments and the coordinators' answers; moderation; a resident's data and
account; through the services and the pages, with every refusal leaving nothing stored."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from algoscope.accounts.permissions import Actor
from algoscope.common.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied
from algoscope.common.models import AuditLogEntry
from algoscope.participation import services
from algoscope.participation.models import Comment, Consultation, ModerationDecision, Proposal, Question, Support

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "plans"
BE = "BE-FED-NCP-AI-2022"


def propose(actor: Actor, consultation: Consultation, **kw: Any) -> Proposal:
    values = {"title": "Free AI course for civil servants", "body": "Every civil servant gets one.", "language": "en"}
    return services.proposal_post(actor=actor, consultation=consultation, **{**values, **kw})


@pytest.fixture
def be_plan() -> None:
    from algoscope.plans import services as plans

    plans.plan_import(
        Actor.for_system("tests"), "be.yaml", (SHARED / "belgian_convergence_plan.yaml").read_text(), publish=True
    )


def test_a_proposal_is_supported_once_per_person_and_answered_with_what_it_became(
    consultation: Consultation, resident: Actor, make_resident: Callable[..., Any], coordinator: Actor, be_plan: None
) -> None:
    proposal = propose(resident, consultation)
    assert proposal.number == 1
    other = Actor(user=make_resident())
    services.proposal_support(actor=other, proposal=proposal)
    with pytest.raises(Conflict):
        services.proposal_support(actor=other, proposal=proposal)  # a support cast twice
    proposal.refresh_from_db()
    assert proposal.supports_count == 1 and Support.objects.count() == 1
    services.proposal_support(actor=other, proposal=proposal, support=False)
    proposal.refresh_from_db()
    assert proposal.supports_count == 0
    with pytest.raises(InvalidInput):  # the result must be a real plan action
        services.proposal_answer(
            actor=coordinator,
            proposal=proposal,
            state="accepted",
            reason="Yes",
            language="en",
            result="plan-item:NOPE/X",
        )
    services.proposal_answer(
        actor=coordinator,
        proposal=proposal,
        state="accepted",
        reason="It joins the training action.",
        language="en",
        result=f"plan-item:{BE}/BE-O8-A01",
    )
    page = Client().get(proposal.get_absolute_url()).content.decode()
    assert f"/en/plans/{BE}/items/BE-O8-A01/" in page  # from the proposal to its result
    item = Client().get(f"/en/plans/{BE}/items/BE-O8-A01/").content.decode()
    assert proposal.get_absolute_url() in item  # and back, on the action's page
    assert AuditLogEntry.objects.filter(action="participation.proposal.answer").exists()


def test_merging_and_its_refusals(consultation: Consultation, resident: Actor, coordinator: Actor) -> None:
    first, second = propose(resident, consultation), propose(resident, consultation, title="Same idea")
    with pytest.raises(InvalidInput):
        services.proposal_answer(actor=coordinator, proposal=second, state="merged", reason="dup", language="en")
    with pytest.raises(InvalidInput):
        services.proposal_answer(
            actor=coordinator, proposal=second, state="merged", reason="dup", language="en", merged_into=second
        )
    services.proposal_answer(
        actor=coordinator, proposal=second, state="merged", reason="dup", language="en", merged_into=first
    )
    second.refresh_from_db()
    assert second.merged_into_id == first.pk
    with pytest.raises(InvalidTransition):  # a merged proposal is not supported any more
        services.proposal_support(actor=resident, proposal=second)


def test_only_coordinators_open_consultations_and_answer(
    resident: Actor, editor: Actor, consultation: Consultation
) -> None:
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.consultation_save(
            actor=editor, key="x", title={"en": "x"}, description={"en": "x"}, original_language="en",
            languages=["en"], opens_on=today, closes_on=today, links=[],
        )  # fmt: skip
    proposal = propose(resident, consultation)
    with pytest.raises(PermissionDenied):
        services.proposal_answer(actor=editor, proposal=proposal, state="rejected", reason="no", language="en")
    assert Consultation.objects.count() == 1


def test_consultation_input_is_checked(coordinator: Actor) -> None:
    today = timezone.localdate()
    base = {
        "actor": coordinator, "key": "k", "title": {"en": "T"}, "description": {"en": "D"}, "original_language": "en",
        "languages": ["en"], "opens_on": today, "closes_on": today, "links": [],
    }  # fmt: skip
    for change, loc in (
        ({"closes_on": today - dt.timedelta(days=1)}, ("closes_on",)),
        ({"languages": []}, ("languages",)),
        ({"title": {"fr": "Seulement en français"}}, ("title", "en")),
        ({"links": ["plan-item:NOPE/BE-O1"]}, ("links", 0)),
        ({"key": "???"}, ("key",)),
    ):
        with pytest.raises(InvalidInput) as refused:
            services.consultation_save(**{**base, **change})
        assert refused.value.problems[0].loc == loc
    assert not Consultation.objects.exists()


def test_a_closed_consultation_takes_nothing(consultation: Consultation, resident: Actor) -> None:
    proposal = propose(resident, consultation)
    Consultation.objects.filter(pk=consultation.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    consultation.refresh_from_db()
    proposal.refresh_from_db()
    for attempt in (
        lambda: propose(resident, consultation),
        lambda: services.comment_post(actor=resident, proposal=proposal, body="late", language="en"),
        lambda: services.proposal_support(actor=resident, proposal=proposal),
    ):
        with pytest.raises(InvalidTransition):
            attempt()
    assert Proposal.objects.count() == 1 and not Comment.objects.exists() and not Support.objects.exists()


def test_a_proposal_language_must_be_one_of_the_consultation(consultation: Consultation, resident: Actor) -> None:
    with pytest.raises(InvalidInput):
        propose(resident, consultation, language="de")


def test_reports_hide_a_post_until_a_moderator_decides(
    consultation: Consultation, resident: Actor, make_resident: Callable[..., Any], moderator: Actor, settings: Any
) -> None:
    settings.REPORTS_BEFORE_HIDING = 3
    proposal = propose(resident, consultation, body="Buy cheap pills at spam.example")
    with pytest.raises(Conflict):
        services.content_report(actor=resident, kind="proposal", pk=proposal.pk, reason="spam")  # one's own post
    reporters = [Actor(user=make_resident()) for _ in range(3)]
    services.content_report(actor=reporters[0], kind="proposal", pk=proposal.pk, reason="spam")
    with pytest.raises(Conflict):
        services.content_report(actor=reporters[0], kind="proposal", pk=proposal.pk, reason="spam")
    services.content_report(actor=reporters[1], kind="proposal", pk=proposal.pk, reason="spam")
    proposal.refresh_from_db()
    assert not proposal.is_hidden
    services.content_report(actor=reporters[2], kind="proposal", pk=proposal.pk, reason="abuse", note="ads")
    proposal.refresh_from_db()
    assert proposal.is_hidden and proposal.hidden_reason == "reports"
    page = Client().get(proposal.get_absolute_url()).content.decode()
    assert "spam.example" not in page
    api = Client().get("/api/v1/participation/consultations").json()
    assert api[0]["proposals"][0]["proposal"] is None and api[0]["proposals"][0]["hidden"] is True
    with pytest.raises(PermissionDenied):
        services.content_moderate(actor=resident, kind="proposal", pk=proposal.pk, decision="restore", reason="fine")
    with pytest.raises(InvalidInput):  # a reason is required
        services.content_moderate(actor=moderator, kind="proposal", pk=proposal.pk, decision="hide", reason="")
    services.content_moderate(actor=moderator, kind="proposal", pk=proposal.pk, decision="hide", reason="Advertising")
    proposal.refresh_from_db()
    assert proposal.hidden_reason == "moderator" and proposal.reports_open == 0
    decision = ModerationDecision.objects.get()
    assert decision.reason == "Advertising" and decision.decision == "hide"
    assert AuditLogEntry.objects.filter(action="participation.post.moderate", data__reason="Advertising").exists()


def test_a_resident_downloads_and_deletes_their_data(
    consultation: Consultation, resident: Actor, make_resident: Callable[..., Any]
) -> None:
    proposal = propose(resident, consultation, public_name="Anna")
    services.question_ask(
        actor=resident, channel="contact", category="other", title="Hi", body="A question", language="en"
    )
    other = Actor(user=make_resident())
    services.proposal_support(actor=resident, proposal=propose(other, consultation, title="Other"))
    client = Client()
    client.force_login(resident.db_user)  # type: ignore[arg-type]
    data = json.loads(client.get("/en/me/data.json").content)
    assert (
        data["proposals"][0]["title"] == "Free AI course for civil servants" and data["questions"][0]["title"] == "Hi"
    )
    assert len(data["supports"]) == 1
    email = resident.db_user.email  # type: ignore[union-attr]
    refused = client.post("/en/me/delete/", {"confirm": "wrong@example.org"})
    assert refused.status_code == 422 and get_user_model().objects.filter(email=email).exists()
    assert client.post("/en/me/delete/", {"confirm": email.upper()}).status_code == 302
    assert not get_user_model().objects.filter(email=email).exists()
    proposal.refresh_from_db()
    assert proposal.author_id is None and proposal.public_name == "" and proposal.body  # the post stays, anonymous
    assert Question.objects.get().author_id is None
    assert Proposal.objects.get(title="Other").supports_count == 1  # the support still counts


def test_a_civil_servant_cannot_delete_their_account_themselves(editor: Actor) -> None:
    editor.db_user.email = "e@example.org"  # type: ignore[union-attr]
    editor.db_user.save()  # type: ignore[union-attr]
    with pytest.raises(Conflict):
        services.account_delete(actor=editor, confirm="e@example.org")


def test_merging_moves_the_supports_once_per_person(
    consultation: Consultation, resident: Actor, make_resident: Callable[..., Any], coordinator: Actor
) -> None:
    first, second = propose(resident, consultation), propose(resident, consultation, title="Same")
    both, only_second = Actor(user=make_resident()), Actor(user=make_resident())
    for actor, proposals in ((both, (first, second)), (only_second, (second,))):
        for proposal in proposals:
            services.proposal_support(actor=actor, proposal=proposal)
    services.proposal_answer(
        actor=coordinator, proposal=second, state="merged", reason="Same", language="en", merged_into=first
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.supports_count, second.supports_count) == (2, 0)
    assert Support.objects.filter(proposal=first).count() == 2
