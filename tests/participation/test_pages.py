"""The participation pages as a resident uses them: signing up and confirming the address (django-allauth, the
e-mail read from the outbox), posting through the forms, and the refusals a form must make: a robot's honeypot,
a flood of posts, a forged form (CSRF), a support cast twice."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from algoscope.accounts.permissions import Actor
from algoscope.participation import services
from algoscope.participation.models import Consultation, Proposal, Question, Subscription, Support
from algoscope.register.models import Algorithm


@pytest.fixture(autouse=True)
def _jobs_at_once(settings: Any) -> None:
    settings.JOBS = "sync"


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_sign_up_confirm_then_ask(record: Algorithm, django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    answer = client.post(
        "/accounts/signup/",
        {
            "email": "new.resident@example.org",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
        },
    )
    assert answer.status_code == 302
    assert client.get("/en/me/").status_code == 200  # signed in at once, not yet allowed to post
    refused = client.post(
        f"/en/questions/ask/?record={record.public_id}", {"title": "t", "body": "b", "language": "en"}
    )
    assert refused.status_code == 403 and not Question.objects.exists()
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    assert client.get(link.group(1)).status_code == 200  # opening the link confirms nothing (mail scanners)
    assert client.post(link.group(1)).status_code == 302  # pressing the button does
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(
            f"/en/questions/ask/?record={record.public_id}",
            {
                "record": record.public_id,
                "kind": "question",
                "title": "Who decides?",
                "body": "Is it a person?",
                "language": "fr",
            },
        )
    assert posted.status_code == 302, posted.content.decode()[:2000]
    question = Question.objects.get()
    assert question.language == "fr" and question.author.email == "new.resident@example.org"  # type: ignore[union-attr]


def test_the_sign_in_page_takes_an_email_address(make_resident: Callable[..., Any]) -> None:
    user = make_resident()
    user.set_password("a-long-pass-phrase-42")
    user.save()
    client = Client()
    answer = client.post("/accounts/login/", {"username": user.email, "password": "a-long-pass-phrase-42"})
    assert answer.status_code == 302
    assert client.get("/editor/").url.endswith("/me/")  # a resident has no workspace: their own page


def test_the_honeypot_refuses_a_robot(resident: Actor, record: Algorithm) -> None:
    answer = signed_in(resident.db_user).post(
        f"/en/questions/ask/?record={record.public_id}",
        {"title": "Buy", "body": "Cheap", "language": "en", "website": "http://spam.example"},
    )
    assert answer.status_code == 400 and not Question.objects.exists()


def test_a_flood_of_posts_is_stopped(resident: Actor, settings: Any) -> None:
    settings.POST_RATE = "3/m"
    client = signed_in(resident.db_user)
    codes = [
        client.post(
            "/en/questions/ask/", {"category": "other", "title": f"Q{i}", "body": "b", "language": "en"}
        ).status_code
        for i in range(6)
    ]
    assert codes[:3] == [302, 302, 302] and set(codes[3:]) == {429}
    assert Question.objects.count() == 3


def test_a_forged_form_is_refused(resident: Actor, consultation: Consultation) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident.db_user)  # type: ignore[arg-type]
    answer = client.post(
        f"/en/consultations/{consultation.key}/propose/", {"title": "t", "body": "b", "language": "en"}
    )
    assert answer.status_code == 403 and not Proposal.objects.exists()


def test_propose_support_comment_through_the_pages(
    consultation: Consultation, resident: Actor, make_resident: Callable[..., Any]
) -> None:
    client = signed_in(resident.db_user)
    made = client.post(
        f"/en/consultations/{consultation.key}/propose/", {"title": "Open data", "body": "Publish it", "language": "en"}
    )
    assert made.status_code == 302
    proposal = Proposal.objects.get()
    supporter = signed_in(make_resident())
    assert supporter.post(f"/en/consultations/{consultation.key}/1/support/").status_code == 302
    supporter.post(f"/en/consultations/{consultation.key}/1/support/")  # again: refused, with a message
    assert Support.objects.count() == 1
    page = supporter.get(proposal.get_absolute_url()).content.decode()
    assert "already support" in page and "Withdraw my support" in page
    supporter.post(f"/en/consultations/{consultation.key}/1/comment/", {"body": "Agreed <b>!</b>", "language": "nl"})
    page = Client().get(proposal.get_absolute_url()).content.decode()
    assert "Agreed &lt;b&gt;!&lt;/b&gt;" in page and 'lang="nl"' in page


def test_following_a_consultation_by_email_and_atom(
    consultation: Consultation,
    resident: Actor,
    make_resident: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    follower = make_resident()
    client = signed_in(follower)
    client.post("/fr/me/follow/", {"target": f"consultation:{consultation.key}"})
    assert Subscription.objects.get(person=follower).language == "fr"
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_post(
            actor=resident, consultation=consultation, title="Idea", body="Text", language="en"
        )
    assert mail.outbox[-1].to == [follower.email] and "/fr/consultations/" in mail.outbox[-1].body
    feed = Client().get(f"/en/consultations/{consultation.key}/feed.atom").content.decode()
    assert "Idea" in feed and proposal.get_absolute_url() in feed
    client.post("/fr/me/follow/", {"target": f"consultation:{consultation.key}", "follow": "0"})
    assert not Subscription.objects.filter(person=follower).exists()


def test_reading_needs_no_account(record: Algorithm, consultation: Consultation) -> None:
    client = Client()
    for path in (
        "/nl/questions/",
        "/fr/consultations/",
        f"/de/consultations/{consultation.key}/",
        record.get_absolute_url(),
    ):
        assert client.get(path).status_code == 200, path
    form = client.get(f"/en/questions/ask/?record={record.public_id}").content.decode()
    assert "Create an account" in form
