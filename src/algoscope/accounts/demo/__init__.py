"""Demo organisations (real Benelux administrations) and their people: for each organisation an editor, a reviewer
and an administrator (``editor.gent``, ``reviewer.gent``, ``admin.gent``), and one account per site role.

Created through the same services as real work, so the audit log shows who granted what.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from algoscope.accounts import services
from algoscope.accounts.identifiers import parse_identifier
from algoscope.accounts.models import Organisation, SiteRole
from algoscope.accounts.permissions import Actor

DEMO_DIR = Path(__file__).resolve().parent
DEMO_PASSWORD = "algoscope-demo"
ORGANISATION_ROLES = ("editor", "reviewer", "org_admin")


def _entries() -> list[dict[str, Any]]:
    return list(yaml.safe_load((DEMO_DIR / "organisations.yaml").read_text(encoding="utf-8")))


def _username(role: str, key: str) -> str:
    return f"{'admin' if role == 'org_admin' else role}.{key}"


def _user(username: str, password_hash: str) -> Any:
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org", "password": password_hash}
    )
    return user


@transaction.atomic
def load_demo(*, password: str = DEMO_PASSWORD) -> int:
    """Create the demo organisations and people once; return how many organisations were created (0 the next time)."""
    if Organisation.objects.exists():
        return 0
    system = Actor.for_system("algoscope load_demo")
    password = make_password(password)  # hashed once: every demo account shares it
    operator = _user("operator", password)
    operator.is_staff = operator.is_superuser = True
    operator.save()
    for role in SiteRole.Role.values:
        services.site_role_grant(
            actor=system, user=operator if role == "operator" else _user(role, password), role=role
        )
    # a second coordinator: the four-eyes rule has another coordinator publish what the first drafted
    services.site_role_grant(actor=system, user=_user("coordinator2", password), role="coordinator")
    for entry in _entries():
        organisation = services.organisation_create(
            actor=system,
            name=entry["name"],
            org_type=entry["org_type"],
            country=entry["country"],
            identifier_scheme=entry["identifier_scheme"],
            identifier=str(entry["identifier"]),
            original_language=entry["original_language"],
            website=entry.get("website", ""),
        )
        for role in ORGANISATION_ROLES:
            user = _user(_username(role, entry["key"]), password)
            services.membership_grant(actor=system, organisation=organisation, user=user, role=role)
    return len(_entries())


def demo_organisation(key: str) -> Organisation:
    """A demo organisation by its short key in ``organisations.yaml`` (``gent``, ``bosa``, …)."""
    entry = next(entry for entry in _entries() if entry["key"] == key)
    identifier = parse_identifier(entry["country"], entry["identifier_scheme"], str(entry["identifier"]))
    return Organisation.objects.get(identifier=identifier.value)


def demo_person(key: str, role: str) -> Any:
    """The demo account with ``role`` (``editor``, ``reviewer``, ``org_admin``) in organisation ``key``."""
    return get_user_model().objects.get(username=_username(role, key))


def demo_keys() -> list[str]:
    return [entry["key"] for entry in _entries()]
