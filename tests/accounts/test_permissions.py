"""The permission matrix: each role × each write action, for the own and for another organisation."""

from __future__ import annotations

from typing import Any

import pytest

from algoscope.accounts import services as account_services
from algoscope.accounts.permissions import Actor
from algoscope.common.errors import PermissionDenied
from algoscope.register import services
from algoscope.register.models import Algorithm
from tests.conftest import content

ROLES = {
    "editor": (("editor",), None),
    "reviewer": (("reviewer",), None),
    "org_admin": (("org_admin",), None),
    "operator": ((), "operator"),
    "auditor": ((), "auditor"),
    "no_role": ((), None),
}
# action → (state the record must be in, roles of the own organisation that may do it)
ACTIONS = {
    "create": ("", {"editor", "reviewer", "org_admin"}),
    "edit": ("draft", {"editor", "reviewer", "org_admin"}),
    "submit": ("draft", {"editor", "reviewer", "org_admin"}),
    "publish": ("in_review", {"reviewer"}),
    "reject": ("in_review", {"reviewer"}),
    "retire": ("published", {"reviewer"}),
}


def perform(action: str, actor: Actor, org: Any, algorithm: Algorithm | None) -> None:
    if action == "create":
        services.algorithm_create(actor=actor, organisation=org, content=content())
    elif action == "edit":
        services.algorithm_update(actor=actor, algorithm=algorithm, content=content(supplier="Changed"))
    elif action == "submit":
        services.algorithm_submit(actor=actor, algorithm=algorithm)
    elif action == "publish":
        services.algorithm_publish(actor=actor, algorithm=algorithm)
    else:
        getattr(services, f"algorithm_{action}")(actor=actor, algorithm=algorithm, reason="Because")


@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", list(ROLES))
def test_permission_matrix(role: str, action: str, whose: str, org, other_org, make_user, make_record) -> None:
    org_roles, site_role = ROLES[role]
    actor = Actor(user=make_user(org, *org_roles, site=site_role))
    target_org = org if whose == "own" else other_org
    state, allowed_roles = ACTIONS[action]
    algorithm = make_record(state, organisation=target_org) if state else None
    expected = whose == "own" and role in allowed_roles
    before = (Algorithm.objects.count(), algorithm.lock_version if algorithm else None)
    if expected:
        perform(action, actor, target_org, algorithm)
    else:
        with pytest.raises(PermissionDenied):
            perform(action, actor, target_org, algorithm)
        if algorithm:
            algorithm.refresh_from_db()
        assert (Algorithm.objects.count(), algorithm.lock_version if algorithm else None) == before


@pytest.mark.parametrize(
    ("role", "may_make"),
    [("editor", {"editor"}), ("reviewer", {"editor", "reviewer"}), ("org_admin", {"editor"}), ("operator", set())],
)
def test_a_person_makes_tokens_only_up_to_their_own_role(
    role: str, may_make: set[str], org, other_org, make_user
) -> None:
    org_roles, site_role = ROLES[role]
    actor = Actor(user=make_user(org, *org_roles, site=site_role))
    for token_role in ("editor", "reviewer"):
        if token_role in may_make:
            token, secret = account_services.api_token_create(actor=actor, organisation=org, name="ci", role=token_role)
            assert secret.startswith("alg_") and token.key_hash != secret and secret not in token.key_hash
            assert token.created_by == actor.user and token.role == token_role
        else:
            with pytest.raises(PermissionDenied):
                account_services.api_token_create(actor=actor, organisation=org, name="ci", role=token_role)
        with pytest.raises(PermissionDenied):
            account_services.api_token_create(actor=actor, organisation=other_org, name="ci", role=token_role)


def test_only_operators_create_organisations(make_user, org) -> None:
    admin = Actor(user=make_user(org, "org_admin"))
    with pytest.raises(PermissionDenied):
        account_services.organisation_create(
            actor=admin,
            name={"nl": "X"},
            org_type="municipal",
            country="BE",
            identifier_scheme="kbo",
            identifier="0207.451.227",
        )
    operator = Actor(user=make_user(None, site="operator"))
    created = account_services.organisation_create(
        actor=operator,
        name={"nl": "Stad Gent"},
        org_type="municipal",
        country="BE",
        identifier_scheme="kbo",
        identifier="0207.451.227",
    )
    assert created.slug == "kbo-0207451227"
