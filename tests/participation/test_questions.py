"""Questions and error reports through the services and the pages, on the database the suite runs on: who may ask,
who may answer, what is public, what the figures say, and every refusal with nothing stored."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.common.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from algoscope.common.models import AuditLogEntry
from algoscope.participation import selectors, services
from algoscope.participation.models import Notification, Question
from algoscope.register.models import Algorithm


def ask(actor: Actor, record: Algorithm, **kw: Any) -> Question:
    values = {"title": "Who checks the results?", "body": "Does a person look at each one?", "language": "en"}
    return services.question_ask(actor=actor, channel="record", algorithm=record, **{**values, **kw})


@pytest.fixture(autouse=True)
def _jobs_at_once(settings: Any) -> None:
    settings.JOBS = "sync"


def test_a_question_on_a_record_goes_to_its_organisation_and_the_answer_is_public(
    resident: Actor, record: Algorithm, editor: Actor, django_capture_on_commit_callbacks: Any
) -> None:
    editor.db_user.email = "editor@example.org"  # type: ignore[union-attr]
    editor.db_user.save()  # type: ignore[union-attr]
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(resident, record, public_name="Anna")
    assert question.organisation_id == record.organisation_id
    assert question.version_number == record.published_version.number  # type: ignore[union-attr]
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]  # the organisation's people are told
    assert question in selectors.inbox([record.organisation_id], coordinator=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(actor=editor, question=question, answer="Yes, a controller does.", language="en")
    question.refresh_from_db()
    assert question.state == "answered" and question.answered_for == str(record.organisation)
    assert mail.outbox[-1].to == [resident.db_user.email]  # type: ignore[union-attr]
    assert Notification.objects.filter(status="sent").count() == 2
    page = Client().get(record.get_absolute_url())
    assert "Yes, a controller does." not in page.content.decode()  # the record page lists; the question page answers
    assert "Who checks the results?" in page.content.decode()
    detail = Client().get(question.get_absolute_url()).content.decode()
    assert "Yes, a controller does." in detail and "Anna" in detail
    assert AuditLogEntry.objects.filter(action="participation.question.answer", object_id=str(question.pk)).exists()


def test_only_the_owning_organisation_answers(
    resident: Actor, record: Algorithm, make_org: Callable[..., Organisation], make_user: Callable[..., Any]
) -> None:
    question = ask(resident, record)
    stranger = Actor(user=make_user(make_org("Elsewhere"), "reviewer"))
    with pytest.raises(PermissionDenied):
        services.question_answer(actor=stranger, question=question, answer="We answer for them", language="en")
    question.refresh_from_db()
    assert question.state == "open" and not question.answer
    page = Client()
    page.force_login(stranger.db_user)  # type: ignore[arg-type]
    assert page.post(f"/editor/questions/{question.pk}/", {"answer": "x", "language": "en"}).status_code == 404
    question.refresh_from_db()
    assert not question.answer


def test_posting_needs_a_confirmed_address_and_a_person(
    make_resident: Callable[..., Any], record: Algorithm, editor: Actor
) -> None:
    unconfirmed = Actor(user=make_resident(confirmed=False))
    with pytest.raises(PermissionDenied):
        ask(unconfirmed, record)
    with pytest.raises(PermissionDenied):
        ask(Actor(), record)  # anonymous
    assert not Question.objects.exists()
    client = Client()
    client.force_login(unconfirmed.db_user)  # type: ignore[arg-type]
    answer = client.post(f"/en/questions/ask/?record={record.public_id}", {"title": "t", "body": "b", "language": "en"})
    assert answer.status_code == 403 and not Question.objects.exists()


def test_retired_and_unpublished_records_take_no_question(
    resident: Actor, make_record: Callable[..., Algorithm], reviewer: Actor
) -> None:
    from algoscope.register import services as register

    draft = make_record("draft")
    with pytest.raises(NotFound):
        ask(resident, draft)
    retired = make_record("published")
    register.algorithm_retire(actor=reviewer, algorithm=retired, reason="Replaced by a new system")
    retired.refresh_from_db()
    with pytest.raises(InvalidTransition):
        ask(resident, retired)
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("body", "", "required"),
        ("body", "   \n  ", "required"),
        ("body", "x" * 100_000, "too-long"),
        ("title", "y" * 201, "too-long"),
        ("body", "zero\x00byte", "control-character"),
        ("language", "xx", "invalid"),
        ("public_name", "admin\u202egnp.exe", "control-character"),  # a right-to-left override
        ("title", "zero\u200bwidth", "control-character"),
        ("body", "turned \u2066around", "control-character"),
        ("public_name", "The AI contact point", "reserved"),
    ],
)
def test_bad_posts_are_refused_at_their_field(
    resident: Actor, record: Algorithm, field: str, value: str, code: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask(resident, record, **{field: value})
    assert refused.value.problems[0].loc == (field,) and refused.value.problems[0].code == code
    assert not Question.objects.exists()


def test_html_markdown_and_script_links_are_shown_as_text(resident: Actor, record: Algorithm, editor: Actor) -> None:
    hostile = "<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)>"
    question = ask(resident, record, title="<b>bold</b>", body=hostile)
    services.question_answer(
        actor=editor, question=question, answer="See javascript:alert(4) and https://example.org", language="en"
    )
    page = Client().get(question.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page and "onerror=alert(3)>" not in page
    assert 'href="javascript:' not in page
    assert 'href="https://example.org"' in page  # a plain web address in an answer is a link


def test_an_accepted_error_report_opens_a_correction(resident: Actor, record: Algorithm, editor: Actor) -> None:
    report = ask(resident, record, kind="error", title="Broken link", body="The documentation link is a 404.")
    services.error_report_decide(
        actor=editor,
        question=report,
        accepted=True,
        reason="Right: we correct it.",
        language="en",
        open_correction=True,
    )
    report.refresh_from_db()
    record.refresh_from_db()
    assert report.error_accepted is True and report.correction_opened_at is not None
    assert record.state == "draft" and record.published_version_id is not None  # the public still sees version 1
    entry = AuditLogEntry.objects.get(action="register.algorithm.correction_opened", object_id=record.public_id)
    assert entry.data["source"] == report.get_absolute_url()


def test_an_error_report_is_about_a_record(resident: Actor, org: Organisation) -> None:
    with pytest.raises(InvalidInput):
        services.question_ask(
            actor=resident, channel="organisation", organisation=org, kind="error", title="t", body="b", language="en"
        )


def test_the_contact_point_is_answered_by_the_coordinators(resident: Actor, coordinator: Actor, editor: Actor) -> None:
    with pytest.raises(InvalidInput):  # a topic is required
        services.question_ask(
            actor=resident, channel="contact", title="When?", body="When must we register?", language="nl"
        )
    question = services.question_ask(
        actor=resident,
        channel="contact",
        category="ai-act",
        title="When?",
        body="When must we register?",
        language="nl",
    )
    with pytest.raises(PermissionDenied):
        services.question_answer(actor=editor, question=question, answer="Not ours", language="en")
    services.question_answer(actor=coordinator, question=question, answer="Before it is used.", language="nl")
    question.refresh_from_db()
    assert question.answered_for == "the AI contact point"
    found = Client().get("/en/questions/?q=register&category=ai-act").content.decode()
    assert "When?" in found
    assert "When?" not in Client().get("/en/questions/?q=nothing-like-this").content.decode()


def test_response_figures_median_and_overdue(resident: Actor, record: Algorithm, editor: Actor, settings: Any) -> None:
    settings.ANSWER_DEADLINE_DAYS = 30
    now = timezone.now()
    waits = [2, 4, 10]  # days to answer: median 4
    for days in waits:
        q = ask(resident, record)
        Question.objects.filter(pk=q.pk).update(created_at=now - dt.timedelta(days=50))
        services.question_answer(actor=editor, question=q, answer="Answered.", language="en")
        Question.objects.filter(pk=q.pk).update(answered_at=now - dt.timedelta(days=50 - days))
    late = ask(resident, record)
    Question.objects.filter(pk=late.pk).update(created_at=now - dt.timedelta(days=31))
    ask(resident, record)  # recent and open: not overdue
    figures = selectors.figures_of(selectors.organisation_questions(record.organisation))
    assert (figures.received, figures.answered, figures.open, figures.overdue) == (5, 3, 2, 1)
    assert figures.median_days == pytest.approx(4.0)
    page = Client().get(record.organisation.get_absolute_url()).content.decode()
    assert "4 days" in page and "badge-overdue" in page
    api = Client().get("/api/v1/participation/figures").json()
    assert api["questions"]["median_days_to_answer"] == 4.0 and api["questions"]["overdue"] == 1


def test_an_answer_moves_the_response_figure(resident: Actor, record: Algorithm, editor: Actor) -> None:
    q = ask(resident, record)
    before = selectors.figures_of(selectors.organisation_questions(record.organisation))
    assert before.median_days is None
    services.question_answer(actor=editor, question=q, answer="Done.", language="en")
    after = selectors.figures_of(selectors.organisation_questions(record.organisation))
    assert after.answered == 1 and after.median_days is not None and after.median_days < 0.01


def test_a_resident_cannot_post_under_an_organisation_name(resident: Actor, record: Algorithm) -> None:
    name = record.organisation.display_name("en")
    with pytest.raises(InvalidInput) as refused:
        ask(resident, record, public_name=name.upper())
    assert refused.value.problems[0].code == "reserved"


def test_new_question_e_mails_are_in_the_organisation_language(
    resident: Actor, record: Algorithm, editor: Actor, django_capture_on_commit_callbacks: Any
) -> None:
    editor.db_user.email = "editor@example.org"  # type: ignore[union-attr]
    editor.db_user.save()  # type: ignore[union-attr]
    Organisation.objects.filter(pk=record.organisation_id).update(original_language="nl")
    record.organisation.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        ask(resident, record, language="fr")
    assert Notification.objects.get(reason="new-question").language == "nl"


def test_a_corrected_answer_keeps_its_earlier_wording_public(
    resident: Actor, record: Algorithm, editor: Actor, django_capture_on_commit_callbacks: Any
) -> None:
    question = ask(resident, record)
    services.question_answer(actor=editor, question=question, answer="A controller checks each one.", language="en")
    first_answer_at = Question.objects.get(pk=question.pk).answered_at
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(actor=editor, question=question, answer="Only some are checked.", language="en")
    question.refresh_from_db()
    assert question.answered_at == first_answer_at and question.answer_corrected_at is not None  # figures unchanged
    page = Client().get(question.get_absolute_url()).content.decode()
    assert "Only some are checked." in page and "A controller checks each one." in page and "Corrected on" in page
    assert "corrected" in mail.outbox[-1].subject  # the asker is told
    services.question_answer(actor=editor, question=question, answer="Only some are checked.", language="en")
    assert question.revisions.count() == 1  # the same wording again corrects nothing


def test_an_answer_after_the_deadline_stays_marked_late(
    resident: Actor, record: Algorithm, editor: Actor, settings: Any
) -> None:
    settings.ANSWER_DEADLINE_DAYS = 30
    question = ask(resident, record)
    Question.objects.filter(pk=question.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    services.question_answer(actor=editor, question=question, answer="Sorry for the wait.", language="en")
    assert "answered late" in Client().get(question.get_absolute_url()).content.decode()
    figures = selectors.figures_of(selectors.organisation_questions(record.organisation))
    assert figures.answered_late == 1
    assert "after the deadline" in Client().get(record.organisation.get_absolute_url()).content.decode()


def test_the_public_questions_page_finds_every_channel(resident: Actor, record: Algorithm) -> None:
    ask(resident, record, title="Which data about me?", body="Personal data used")
    found = Client().get("/en/questions/?q=data").content.decode()
    assert "Which data about me?" in found
    assert "Which data about me?" not in Client().get("/en/questions/?q=data&channel=contact").content.decode()


@pytest.mark.parametrize("asked", [0, 3, 10, 11])
def test_a_record_page_shows_the_latest_ten_questions_and_links_to_all_when_there_are_more(
    record: Algorithm, make_resident: Callable[..., Any], client: Client, asked: int
) -> None:
    for n in range(asked):
        ask(Actor(user=make_resident()), record, title=f"Question number {n:02d}")
    page = client.get(f"/en/algorithms/{record.public_id}/").content.decode()
    shown = sorted(int(n) for n in re.findall(r"Question number (\d\d)", page))
    assert shown == list(range(max(0, asked - 10), asked))  # the newest ten
    assert (f"All {asked} questions (API)" in page) == (asked > 10)
