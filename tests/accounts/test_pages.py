"""The API tokens page (an organisation administrator's) and the role commands, through their forms and services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from algoscope.accounts.models import ApiToken
from algoscope.common.models import AuditLogEntry


def _tokens_url(org) -> str:  # type: ignore[no-untyped-def]
    return f"/editor/organisations/{org.slug}/tokens/"


def test_the_secret_is_shown_once_and_the_creation_is_logged(client: Client, org, make_user) -> None:
    client.force_login(make_user(org, "org_admin"))
    page = client.post(_tokens_url(org), {"name": "sync", "role": "editor"}).content.decode()
    token = ApiToken.objects.get()
    assert f"alg_{token.prefix}_" in page and token.name == "sync" and token.role == "editor"
    assert "alg_" not in client.get(_tokens_url(org)).content.decode().split("<table")[0]
    assert AuditLogEntry.objects.filter(action="accounts.api_token.create", object_id=token.prefix).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "role": "editor"}, "name", "This field is required."),
        ({"name": "x" * 101, "role": "editor"}, "name", "at most 100 characters"),
        ({"name": "sync", "role": "org_admin"}, "role", "Select a valid choice."),
    ],
)
def test_a_wrong_token_form_says_what_is_wrong_and_creates_nothing(
    client: Client, org, make_user, data, field, message
) -> None:
    client.force_login(make_user(org, "org_admin"))
    response = client.post(_tokens_url(org), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_a_token_of_another_organisation_is_not_found(client: Client, org, other_org, make_user) -> None:
    client.force_login(make_user(org, "org_admin"))
    client.post(_tokens_url(org), {"name": "sync", "role": "editor"})
    token = ApiToken.objects.get()
    client.force_login(make_user(other_org, "org_admin"))
    assert client.post(_tokens_url(other_org), {"revoke": token.prefix}).status_code == 404
    assert client.post(_tokens_url(org), {"revoke": token.prefix}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_granting_a_site_role_is_logged(db) -> None:
    get_user_model().objects.create_user(username="alice", password="a-long-password-1")
    call_command("grantrole", "alice", "--site", "auditor")
    call_command("grantrole", "alice", "--site", "auditor")  # again: nothing new
    entries = AuditLogEntry.objects.filter(action="accounts.site_role.grant")
    assert [(e.object_id, e.after, e.actor_label) for e in entries] == [
        ("alice", {"role": "auditor"}, "system (algoscope grantrole)")
    ]


def test_the_admin_changes_nothing_that_the_audit_log_would_miss(client: Client, org, make_user) -> None:
    """Organisations are created (and tokens, memberships, site roles changed) through the services; the admin
    shows them, and an organisation's correction there is in the audit log."""
    operator = make_user(None, site="operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    client.force_login(operator)
    member = make_user(org, "editor")
    for url in (
        "/admin/accounts/organisation/add/",
        f"/admin/accounts/organisation/{org.pk}/delete/",
        "/admin/accounts/membership/add/",
        "/admin/accounts/siterole/add/",
        f"/admin/accounts/membership/{member.memberships.get().pk}/delete/",
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post("/admin/accounts/organisation/add/", {"org_type": "municipal", "country": "BE"}).status_code == 403
    )
    change = f"/admin/accounts/organisation/{org.pk}/change/"
    response = client.post(
        change,
        {
            "name": '{"nl": "Stad Gent", "fr": "Ville de Gand"}',
            "original_language": "nl",
            "org_type": "municipal",
            "region": "BE-VLG",
            "website": "https://stad.gent",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditLogEntry.objects.get(action="accounts.organisation.update")
    assert entry.after["website"] == "https://stad.gent" and entry.data["via"] == "admin"
    assert client.get("/en/organisations/").status_code == 200


def test_the_admin_checks_an_organisation_as_creating_one_does(client: Client, org, other_org, make_user) -> None:
    operator = make_user(None, site="operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    client.force_login(operator)
    change = f"/admin/accounts/organisation/{org.pk}/change/"
    base = {"original_language": "nl", "org_type": "municipal", "region": "", "website": ""}
    for name in ('{"en": 5}', '"just text"', '{"xx": "Evil"}', "{}"):
        response = client.post(change, {**base, "name": name})
        assert response.status_code == 200, name  # the form again, with its error: nothing saved
    org.refresh_from_db()
    assert all(isinstance(text, str) for text in org.name.values())
    other_org.parent = org
    other_org.save()
    for parent in (org.pk, other_org.pk):  # itself, or its own child
        response = client.post(change, {**base, "name": '{"nl": "Stad"}', "parent": parent})
        assert response.status_code == 200 and "its own parent" in response.content.decode()
    assert client.get("/api/v1/organisations/").status_code == 200


def test_the_admin_deletes_no_record(client: Client, make_record, make_user) -> None:
    draft = make_record("draft")
    operator = make_user(None, site="operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    client.force_login(operator)
    assert client.post(f"/admin/register/algorithm/{draft.pk}/delete/", {"post": "yes"}).status_code == 403
    draft.refresh_from_db()


def test_an_operator_setting_someones_password_in_the_admin_is_in_the_audit_log(
    make_user: Callable[..., Any], client: Client
) -> None:
    """Signing in as another person is how a four-eyes rule (reports, plans, records) would be got round: an
    operator may still reset a password, and the audit log says who set whose."""
    operator = make_user(site="operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    coordinator = make_user(site="coordinator")
    client.force_login(operator)
    refused = client.post(f"/admin/auth/user/{coordinator.pk}/password/", {"password1": "a", "password2": "b"})
    assert refused.status_code == 200 and not AuditLogEntry.objects.filter(action="accounts.person.password_set")
    done = client.post(
        f"/admin/auth/user/{coordinator.pk}/password/",
        {"password1": "a-long-password-71", "password2": "a-long-password-71", "usable_password": "true"},
    )
    assert done.status_code == 302
    entry = AuditLogEntry.objects.get(action="accounts.person.password_set")
    assert (entry.actor, entry.object_id) == (operator, str(coordinator.pk))
