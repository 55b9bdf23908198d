"""Signing in: password guessing locks the account for a while (django-axes), every failure is in the audit log,
sessions last a working day and expired ones are removed, and the demo's known passwords stay out of production."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from algoscope.common.jobs import housekeeping
from algoscope.common.models import AuditLogEntry


def _sign_in(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="203.0.113.9")


def test_guessing_locks_the_account_even_for_the_right_password(client: Client, make_user, settings) -> None:
    user = make_user()
    user.set_password("the-right-password-1")
    user.save()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = _sign_in(client, user.username, f"guess-{attempt}")
        assert response.status_code in (200, 429)
    locked = _sign_in(client, user.username, "the-right-password-1")
    assert locked.status_code == 429 and "Sign-in locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    failures = AuditLogEntry.objects.filter(action="accounts.login.fail", object_id=user.username)
    assert failures.count() >= settings.AXES_FAILURE_LIMIT and failures.first().data == {"ip": "203.0.113.9"}
    assert AuditLogEntry.objects.filter(action="accounts.login.lock", object_id=user.username).exists()
    other = make_user()  # another account is not locked by it, from another address
    other.set_password("another-password-2")
    other.save()
    elsewhere = Client().post(
        "/accounts/login/", {"username": other.username, "password": "another-password-2"}, REMOTE_ADDR="198.51.100.7"
    )
    assert elsewhere.status_code == 302
    # but the guessing address is locked for every account (password spraying)
    assert _sign_in(Client(), other.username, "another-password-2").status_code == 429


def test_a_right_password_before_the_limit_signs_in_and_starts_the_count_again(client: Client, make_user) -> None:
    user = make_user()
    user.set_password("the-right-password-1")
    user.save()
    for attempt in range(3):
        _sign_in(client, user.username, f"guess-{attempt}")
    response = _sign_in(client, user.username, "the-right-password-1")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    assert client.session.get_expiry_age() <= 8 * 3600


def test_expired_sessions_are_removed_by_the_housekeeping(client: Client, make_user) -> None:
    client.force_login(make_user())
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert Session.objects.exists()
    housekeeping()
    assert not Session.objects.exists()


def test_the_demo_is_refused_outside_development(db, settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published password"):
        call_command("load_demo")
    from algoscope.accounts.models import Organisation

    assert not Organisation.objects.exists()
