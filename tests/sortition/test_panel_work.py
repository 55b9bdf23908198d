"""A drawn panel's work: sessions, documents, recommendations, the responsible bodies' answers (dated, never
overwritten) and what the panel oversees; who may write each, and the pages that show them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.common.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied
from algoscope.common.models import AuditLogEntry
from algoscope.register.models import Algorithm
from algoscope.sortition import services, work
from algoscope.sortition.models import Panel, PanelLink, Recommendation, RecommendationResponse
from tests.sortition.test_app import computed, publish


@pytest.fixture
def drawn(
    org: Organisation, make_user: Callable[..., Any], settings: Any, django_capture_on_commit_callbacks: Any
) -> tuple[Panel, Actor]:
    """A real panel, computed, published and drawn (the selection tests' files)."""
    settings.JOBS = "sync"
    organiser = Actor(user=make_user(site="organiser"))
    panel = services.panel_create(actor=organiser, organisation=org, title="Panel on AI", purpose="Advise", size=30)
    panel = computed(panel, organiser, django_capture_on_commit_callbacks)
    after = publish(panel, organiser, "dice")
    services.panel_draw(actor=organiser, panel=panel, seed="1 2 3", now=after)
    panel.refresh_from_db()
    return panel, organiser


def test_recommendation_answered_twice_keeps_both_answers_public(
    drawn: tuple[Panel, Actor], org: Organisation, reviewer: Actor, make_record: Callable[..., Algorithm]
) -> None:
    panel, organiser = drawn
    work.session_add(
        actor=organiser, panel=panel, held_on=dt.date(2026, 3, 7), title="Hearing", summary="", language="en"
    )
    work.document_add(
        actor=organiser, panel=panel, kind="report", title="Report", url="https://example.org/r.pdf", language="en"
    )
    rec = work.recommendation_add(
        actor=organiser,
        panel=panel,
        title="Publish all AI",
        text="Every system in the register.",
        language="en",
        responsible=org,
    )
    assert rec.number == 1
    work.recommendation_respond(actor=reviewer, recommendation=rec, status="accepted", text="We will.", language="en")
    work.recommendation_respond(
        actor=reviewer, recommendation=rec, status="in_progress", text="Half are published.", language="en"
    )
    assert RecommendationResponse.objects.filter(recommendation=rec).count() == 2
    record = make_record("published")
    work.panel_link(actor=organiser, panel=panel, target=f"record:{record.public_id}", role="oversight")
    page = Client().get(f"/en/panels/{panel.pk}/").content.decode()
    assert "Half are published." in page and "We will." in page and "Being implemented" in page
    assert "Hearing" in page and "https://example.org/r.pdf" in page
    assert f"/en/panels/{panel.pk}/" in Client().get(record.get_absolute_url()).content.decode()
    assert AuditLogEntry.objects.filter(action="sortition.panel.recommendation_respond").count() == 2


def test_who_may_write_what(
    drawn: tuple[Panel, Actor], org: Organisation, editor: Actor, make_org: Callable[..., Organisation],
    make_user: Callable[..., Any],
) -> None:  # fmt: skip
    panel, organiser = drawn
    with pytest.raises(PermissionDenied):  # only the panel's organisers record its work
        work.recommendation_add(actor=editor, panel=panel, title="t", text="x", language="en", responsible=org)
    to_org = work.recommendation_add(actor=organiser, panel=panel, title="t", text="x", language="en", responsible=org)
    to_government = work.recommendation_add(
        actor=organiser, panel=panel, title="g", text="x", language="en", responsible=None
    )
    stranger = Actor(user=make_user(make_org("Elsewhere"), "reviewer"))
    with pytest.raises(PermissionDenied):  # another organisation's people do not answer for it
        work.recommendation_respond(actor=stranger, recommendation=to_org, status="accepted", text="y", language="en")
    with pytest.raises(PermissionDenied):  # nor an organisation's for the government
        work.recommendation_respond(
            actor=editor, recommendation=to_government, status="accepted", text="y", language="en"
        )
    coordinator = Actor(user=make_user(site="coordinator"))
    work.recommendation_respond(
        actor=coordinator, recommendation=to_government, status="under_study", text="y", language="en"
    )
    client = Client()
    client.force_login(stranger.db_user)  # type: ignore[arg-type]
    assert (
        client.post(
            f"/editor/recommendations/{to_org.pk}/", {"status": "accepted", "text": "x", "language": "en"}
        ).status_code
        == 404
    )
    assert not RecommendationResponse.objects.filter(recommendation=to_org).exists()


def test_bad_input_is_refused(drawn: tuple[Panel, Actor], org: Organisation, reviewer: Actor) -> None:
    panel, organiser = drawn
    for url in ("javascript:alert(1)", "ftp://example.org/x", "https://", ""):
        with pytest.raises(InvalidInput):
            work.document_add(actor=organiser, panel=panel, kind="report", title="r", url=url, language="en")
    with pytest.raises(InvalidInput):
        work.recommendation_add(actor=organiser, panel=panel, title="", text="x", language="en", responsible=org)
    for summary in ("bell\x07", "x" * 20_000):  # a control character; too long (refused, never cut)
        with pytest.raises(InvalidInput):
            work.session_add(
                actor=organiser, panel=panel, held_on=dt.date(2026, 1, 1), title="t", summary=summary, language="en"
            )
    rec = work.recommendation_add(actor=organiser, panel=panel, title="t", text="x", language="en", responsible=org)
    with pytest.raises(InvalidInput):
        work.recommendation_respond(actor=reviewer, recommendation=rec, status="maybe", text="x", language="en")
    with pytest.raises(InvalidInput):
        work.panel_link(actor=organiser, panel=panel, target="record:NOPE", role="oversight")
    with pytest.raises(InvalidInput):
        work.panel_link(actor=organiser, panel=panel, target="pilot:NOPE", role="oversight")
    assert not PanelLink.objects.exists() and Recommendation.objects.count() == 1


def test_a_panel_not_drawn_has_no_work_yet(drawn: tuple[Panel, Actor], org: Organisation) -> None:
    panel, organiser = drawn
    Panel.objects.filter(pk=panel.pk).update(status=Panel.Status.COMPUTED)
    panel.refresh_from_db()
    with pytest.raises(InvalidTransition):
        work.recommendation_add(actor=organiser, panel=panel, title="t", text="x", language="en", responsible=org)


def test_a_panel_oversees_a_record_once(drawn: tuple[Panel, Actor], make_record: Callable[..., Algorithm]) -> None:
    panel, organiser = drawn
    record = make_record("published")
    work.panel_link(actor=organiser, panel=panel, target=f"record:{record.public_id}", role="evaluation")
    with pytest.raises(Conflict):
        work.panel_link(actor=organiser, panel=panel, target=f"record:{record.public_id}", role="oversight")
