"""The README's 'first organisation and first user' path, command by command."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from algoscope.accounts.models import Membership, Organisation, SiteRole
from algoscope.common.models import AuditLogEntry


def test_first_organisation_and_user(db, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-passphrase\n"))
    call_command("createuser", "bob", "--email", "bob@stad.gent", "--password-stdin", stdout=io.StringIO())
    call_command("grantrole", "bob", "--site", "operator", stdout=io.StringIO())
    call_command(
        "createorganisation",
        "--name-nl",
        "Stad Gent",
        "--name-fr",
        "Ville de Gand",
        "--type",
        "municipal",
        "--country",
        "BE",
        "--scheme",
        "kbo",
        "--identifier",
        "0207.451.227",
        stdout=io.StringIO(),
    )
    call_command("grantrole", "bob", "kbo-0207451227", "editor", stdout=io.StringIO())
    bob = get_user_model().objects.get(username="bob")
    assert bob.check_password("a-long-enough-passphrase") and not bob.is_superuser
    assert SiteRole.objects.filter(user=bob, role="operator").exists()
    assert Membership.objects.filter(user=bob, organisation__slug="kbo-0207451227", role="editor").exists()
    assert Organisation.objects.get().name == {"nl": "Stad Gent", "fr": "Ville de Gand"}
    assert AuditLogEntry.objects.filter(action="accounts.membership.grant").count() == 1


def test_invalid_identifier_is_a_clear_error_and_creates_nothing(db) -> None:
    with pytest.raises(CommandError, match="check digits"):
        call_command(
            "createorganisation",
            "--name-nl",
            "X",
            "--type",
            "municipal",
            "--country",
            "BE",
            "--scheme",
            "kbo",
            "--identifier",
            "0207.451.228",
        )
    assert not Organisation.objects.exists()


def test_weak_password_and_unknown_names_are_refused(db, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    with pytest.raises(CommandError, match="password"):
        call_command("createuser", "carol", "--password-stdin")
    with pytest.raises(CommandError, match="no user"):
        call_command("grantrole", "nobody", "--site", "operator")
