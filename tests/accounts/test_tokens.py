"""API tokens keep the four-eyes rule: a token is its person's, never more than their role, expires, dies with the
role or the account, cannot be revived, and every change is in the audit log."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from algoscope.accounts import services as account_services
from algoscope.accounts.models import ApiToken
from algoscope.accounts.permissions import Actor
from algoscope.common.errors import PermissionDenied
from algoscope.common.models import AuditLogEntry
from algoscope.register import services
from algoscope.register.models import Algorithm
from tests.conftest import content


def _submit(client: Client, secret: str, algorithm: Algorithm) -> int:
    body = json.dumps({"lock_version": algorithm.lock_version, "change_summary": "ok"})
    return client.post(
        f"/api/v1/algorithms/{algorithm.public_id}/publish",
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    ).status_code


@pytest.fixture
def in_review(org, make_user) -> Algorithm:  # type: ignore[no-untyped-def]
    editor = Actor(user=make_user(org, "editor"))
    algorithm = services.algorithm_create(actor=editor, organisation=org, content=content())
    return services.algorithm_submit(actor=editor, algorithm=algorithm)


def test_an_administrator_who_is_no_reviewer_cannot_mint_a_reviewer_token(org, make_user) -> None:
    admin = Actor(user=make_user(org, "org_admin"))
    with pytest.raises(PermissionDenied, match="cannot do more than its person"):
        account_services.api_token_create(actor=admin, organisation=org, name="sync", role="reviewer")
    assert not ApiToken.objects.exists()


def test_a_reviewer_publishes_with_their_token_but_not_their_own_change(
    client: Client, org, make_user, in_review
) -> None:
    person = make_user(org, "reviewer")
    _token, secret = account_services.api_token_create(
        actor=Actor(user=person), organisation=org, name="sync", role="reviewer"
    )
    own = services.algorithm_create(actor=Actor(user=person), organisation=org, content=content())
    own = services.algorithm_submit(actor=Actor(user=person), algorithm=own)
    assert _submit(client, secret, own) == 403  # the token is its person: no approving one's own change
    assert _submit(client, secret, in_review) == 201


@pytest.mark.parametrize("how", ["deactivated", "expired", "role_taken", "revoked"])
def test_a_token_stops_working(how: str, client: Client, org, make_user, in_review) -> None:
    person = make_user(org, "reviewer")
    admin = Actor(user=make_user(org, "org_admin"))
    token, secret = account_services.api_token_create(
        actor=Actor(user=person), organisation=org, name="sync", role="reviewer"
    )
    if how == "deactivated":
        person.is_active = False
        person.save()
    elif how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    elif how == "role_taken":
        account_services.membership_revoke(actor=admin, organisation=org, user=person, role="reviewer")
    else:
        account_services.api_token_revoke(actor=admin, token=token, reason="laptop lost")
    assert _submit(client, secret, in_review) == 401
    token.refresh_from_db()
    if how != "expired":
        assert token.revoked_at is not None and token.revoked_reason
        entry = AuditLogEntry.objects.get(action="accounts.api_token.revoke", object_id=token.prefix)
        assert entry.data["person"] == person.get_username() and entry.data["reason"] == token.revoked_reason
    if how == "deactivated":  # reactivating the account does not bring the token back
        person.is_active = True
        person.save()
        assert _submit(client, secret, in_review) == 401


def test_a_token_is_checked_against_the_role_its_person_holds_now(client: Client, org, make_user, in_review) -> None:
    """A role taken away outside the services (an operator's database fix) stops the token at once too."""
    from algoscope.accounts.models import Membership

    person = make_user(org, "reviewer")
    _token, secret = account_services.api_token_create(
        actor=Actor(user=person), organisation=org, name="sync", role="reviewer"
    )
    Membership.objects.filter(user=person, role="reviewer").update(role="editor")
    assert _submit(client, secret, in_review) == 401


def test_an_editor_token_survives_a_lost_reviewer_role(org, make_user) -> None:
    person = make_user(org, "editor", "reviewer")
    admin = Actor(user=make_user(org, "org_admin"))
    editor_token, _ = account_services.api_token_create(actor=Actor(user=person), organisation=org, name="a")
    reviewer_token, _ = account_services.api_token_create(
        actor=Actor(user=person), organisation=org, name="b", role="reviewer"
    )
    account_services.membership_revoke(actor=admin, organisation=org, user=person, role="reviewer")
    editor_token.refresh_from_db()
    reviewer_token.refresh_from_db()
    assert editor_token.revoked_at is None and reviewer_token.revoked_at is not None


def test_only_the_person_or_the_administrator_revokes(org, make_user) -> None:
    person = Actor(user=make_user(org, "editor"))
    colleague = Actor(user=make_user(org, "reviewer"))
    token, _ = account_services.api_token_create(actor=person, organisation=org, name="a")
    with pytest.raises(PermissionDenied):
        account_services.api_token_revoke(actor=colleague, token=token)
    with pytest.raises(PermissionDenied):
        account_services.api_token_revoke(actor=Actor.for_token(token), token=token)
    account_services.api_token_revoke(actor=person, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("days", [0, 366, 7])
def test_a_token_lives_at_most_a_year(days: int, org, make_user) -> None:
    from algoscope.common.errors import InvalidInput

    with pytest.raises(InvalidInput):
        account_services.api_token_create(
            actor=Actor(user=make_user(org, "editor")), organisation=org, name="a", days=days
        )


def test_a_token_cannot_make_tokens(org, make_user) -> None:
    token, _ = account_services.api_token_create(actor=Actor(user=make_user(org, "editor")), organisation=org, name="a")
    with pytest.raises(PermissionDenied):
        account_services.api_token_create(actor=Actor.for_token(token), organisation=org, name="b")


def test_the_admin_site_cannot_revive_or_change_a_token(client: Client, org, make_user) -> None:
    token, _ = account_services.api_token_create(actor=Actor(user=make_user(org, "editor")), organisation=org, name="a")
    account_services.api_token_revoke(actor=Actor(user=token.created_by), token=token)
    operator = make_user(None, site="operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    client.force_login(operator)
    url = f"/admin/accounts/apitoken/{token.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="revoked_at' not in page.content.decode()  # shown, not editable
    client.post(url, {"revoked_at_0": "", "revoked_at_1": "", "name": "revived"})
    token.refresh_from_db()
    assert token.revoked_at is not None and token.name == "a"


def test_each_member_sees_their_own_tokens_and_the_administrator_all(client: Client, org, make_user) -> None:
    editor, admin = make_user(org, "editor"), make_user(org, "org_admin")
    mine, _ = account_services.api_token_create(actor=Actor(user=editor), organisation=org, name="mine")
    theirs, _ = account_services.api_token_create(actor=Actor(user=admin), organisation=org, name="theirs")
    client.force_login(editor)
    page = client.get(f"/editor/organisations/{org.slug}/tokens/").content.decode()
    assert mine.prefix in page and theirs.prefix not in page
    assert '<option value="reviewer"' not in page  # an editor is offered only what they hold
    assert client.post(f"/editor/organisations/{org.slug}/tokens/", {"revoke": theirs.prefix}).status_code == 404
    client.force_login(admin)
    page = client.get(f"/editor/organisations/{org.slug}/tokens/").content.decode()
    assert mine.prefix in page and theirs.prefix in page
    client.post(f"/editor/organisations/{org.slug}/tokens/", {"revoke": mine.prefix})
    mine.refresh_from_db()
    assert mine.revoked_at is not None
