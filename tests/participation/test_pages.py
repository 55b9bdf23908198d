"""The participation pages as a resident uses them: signing up and confirming the address (django-allauth, the
e-mail read from the outbox), posting through the forms, and the refusals a form must make: a robot's honeypot,
a flood of posts, a forged form (CSRF), a support cast twice."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
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
    password = "a-long-pass-phrase-42"
    answer = client.post(
        "/accounts/signup/", {"email": "new.resident@example.org", "password1": password, "password2": password}
    )
    assert answer.status_code == 302 and answer.url == "/accounts/confirm-email/"  # "we sent you an e-mail"
    assert (
        client.post("/accounts/login/", {"username": "new.resident@example.org", "password": password}).status_code
        == 302
    )
    refused = client.post(
        f"/en/questions/ask/?record={record.public_id}", {"title": "t", "body": "b", "language": "en"}
    )
    assert refused.status_code == 403 and not Question.objects.exists()  # signed in, not yet allowed to post
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    assert "Hello from Algoscope" in mail.outbox[-1].body  # the site's name, not its host
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


def test_signing_up_with_a_known_address_says_nothing_about_it(make_resident: Callable[..., Any]) -> None:
    known = make_resident()
    password = "a-long-pass-phrase-42"
    answers = [
        Client().post("/accounts/signup/", {"email": email, "password1": password, "password2": password})
        for email in (known.email, "someone.new@example.org")
    ]
    assert [a.status_code for a in answers] == [302, 302] and answers[0].url == answers[1].url
    assert get_user_model().objects.filter(email__iexact=known.email).count() == 1
    assert {m.to[0] for m in mail.outbox} == {known.email, "someone.new@example.org"}  # the owner is told instead


def test_adding_addresses_is_limited(make_resident: Callable[..., Any]) -> None:
    client = signed_in(make_resident())
    codes = [
        client.post("/accounts/email/", {"action_add": "", "email": f"victim{i}@example.org"}).status_code
        for i in range(6)
    ]
    assert 429 in codes and len(mail.outbox) <= 3


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


def test_follow_refuses_what_does_not_exist(resident: Actor, record: Algorithm) -> None:
    client = signed_in(resident.db_user)
    for target in ("organisation:a b", "record:NOPE", "consultation:none", "x" * 100_000, "contact-point:x"):
        client.post("/en/me/follow/", {"target": target})
    assert not Subscription.objects.exists()
    client.post("/en/me/follow/", {"target": f"record:{record.public_id}"})
    assert Subscription.objects.get().target == f"record:{record.public_id}"
    Subscription.objects.create(person=resident.db_user, target="organisation:a b", language="en")  # an old bad row
    assert client.get("/en/me/").status_code == 200


def test_the_feeds_carry_text_never_markup(consultation: Consultation, resident: Actor) -> None:
    services.proposal_post(
        actor=resident, consultation=consultation, title="Idea", language="en",
        body='<img src=x onerror=alert(1)><a href="javascript:alert(2)">x</a>',
    )  # fmt: skip
    feed = Client().get(f"/en/consultations/{consultation.key}/feed.atom").content.decode()
    assert "&lt;img" not in feed and "&amp;lt;img src=x onerror=alert(1)&amp;gt;" in feed


def test_a_hidden_proposal_keeps_its_title_out_of_the_others_pages(
    consultation: Consultation, resident: Actor, coordinator: Actor, make_user: Callable[..., Any]
) -> None:
    first = services.proposal_post(actor=resident, consultation=consultation, title="Kept", body="b", language="en")
    second = services.proposal_post(
        actor=resident, consultation=consultation, title="Secret title", body="b", language="en"
    )
    services.proposal_answer(
        actor=coordinator, proposal=second, state="merged", reason="Same", language="en", merged_into=first
    )
    moderator = Actor(user=make_user(site="moderator"))
    services.content_moderate(actor=moderator, kind="proposal", pk=second.pk, decision="hide", reason="Spam")
    assert "Secret title" not in Client().get(first.get_absolute_url()).content.decode()
    services.content_moderate(actor=moderator, kind="proposal", pk=second.pk, decision="restore", reason="Fine")
    services.content_moderate(actor=moderator, kind="proposal", pk=first.pk, decision="hide", reason="Spam")
    assert "Kept" not in Client().get(second.get_absolute_url()).content.decode()


def test_the_api_bounds_its_paging_and_dates(db: Any) -> None:
    client = Client()
    assert client.get("/api/v1/participation/questions?offset=99999999999999999999").status_code == 422
    assert client.get("/api/v1/participation/figures?until=0").status_code == 422
    assert client.get("/api/v1/participation/figures?since=2026-01-01").status_code == 200


def test_a_refused_post_keeps_what_was_typed(make_resident: Callable[..., Any], record: Algorithm) -> None:
    client = signed_in(make_resident(confirmed=False))
    answer = client.post(
        f"/en/questions/ask/?record={record.public_id}",
        {"title": "My long question", "body": "Typed text", "language": "en"},
    )
    page = answer.content.decode()
    assert answer.status_code == 403 and "Typed text" in page and "Confirm your e-mail address" in page


def test_the_account_pages_wear_the_site_layout(db: Any) -> None:
    page = Client().get("/accounts/signup/?language=fr").content.decode()
    assert "site-header" in page and '<html lang="fr"' in page and "Menu:" not in page


def test_follow_returns_only_to_this_site(resident: Actor, record: Algorithm) -> None:
    client = signed_in(resident.db_user)
    target = f"record:{record.public_id}"
    for away in ("//evil.example/", "/\\evil.example", "https://evil.example/", "https:evil.example"):
        answer = client.post("/en/me/follow/", {"target": target, "next": away})
        assert answer.url == "/en/me/", away
    assert client.post("/en/me/follow/", {"target": target, "next": "/fr/questions/"}).url == "/fr/questions/"
