"""Demo data: real Benelux administrations and algorithm descriptions drawn from real public-sector use cases.

Loaded through the same services as real work (so it exercises the workflow and fills the audit log): an
editor of each organisation writes, submits and revises; a reviewer publishes; some records stay drafts, one
waits in review, two are retired.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from algoscope.common.models import SiteRole
from algoscope.register import services
from algoscope.register.content import empty_content, merge_content
from algoscope.register.models import Membership, Organisation
from algoscope.register.permissions import Actor

DEMO_DIR = Path(__file__).resolve().parent
DEMO_PASSWORD = "algoscope-demo"
WORKFLOW_KEYS = ("org", "state", "previous", "retirement_reason")


def _user(username: str, password_hash: str) -> Any:
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org", "password": password_hash}
    )
    return user


@transaction.atomic
def load_demo(*, password: str = DEMO_PASSWORD) -> dict[str, int]:
    """Load the demo once; a second call changes nothing. Returns what was created."""
    if Organisation.objects.exists():
        return {"organisations": 0, "algorithms": 0}
    system = Actor.for_system("algoscope load_demo")
    password = make_password(password)  # hashed once: every demo account shares it
    operator = _user("operator", password)
    operator.is_staff = operator.is_superuser = True
    operator.save()
    SiteRole.objects.get_or_create(user=operator, role=SiteRole.Role.OPERATOR)
    for role in (SiteRole.Role.AUDITOR, SiteRole.Role.COORDINATOR, SiteRole.Role.ORGANISER):
        SiteRole.objects.get_or_create(user=_user(role.value, password), role=role)

    organisations: dict[str, Organisation] = {}
    people: dict[str, tuple[Actor, Actor]] = {}
    for entry in yaml.safe_load((DEMO_DIR / "organisations.yaml").read_text(encoding="utf-8")):
        org = services.organisation_create(
            actor=system,
            name=entry["name"],
            org_type=entry["org_type"],
            country=entry["country"],
            identifier_scheme=entry["identifier_scheme"],
            identifier=str(entry["identifier"]),
            original_language=entry["original_language"],
            website=entry.get("website", ""),
        )
        organisations[entry["key"]] = org
        key = entry["key"]
        editor, reviewer, admin = (_user(f"{role}.{key}", password) for role in ("editor", "reviewer", "admin"))
        for user, org_role in ((editor, "editor"), (reviewer, "reviewer"), (admin, "org_admin")):
            Membership.objects.create(user=user, organisation=org, role=org_role)
        people[key] = (Actor(user=editor), Actor(user=reviewer))

    created = 0
    for entry in yaml.safe_load((DEMO_DIR / "algorithms.yaml").read_text(encoding="utf-8")):
        _load_record(entry, organisations[entry["org"]], *people[entry["org"]])
        created += 1
    return {"organisations": len(organisations), "algorithms": created}


def _load_record(entry: dict[str, Any], organisation: Organisation, editor: Actor, reviewer: Actor) -> None:
    content = merge_content(empty_content(), {k: v for k, v in entry.items() if k not in WORKFLOW_KEYS})
    state = entry.get("state", "published")
    first = merge_content(content, entry["previous"]) if entry.get("previous") else content
    algorithm = services.algorithm_create(actor=editor, organisation=organisation, content=first)
    if state == "draft":
        return
    algorithm = services.algorithm_submit(actor=editor, algorithm=algorithm)
    if state == "in_review":
        return
    services.algorithm_publish(actor=reviewer, algorithm=algorithm, change_summary="First publication.")
    if entry.get("previous"):
        algorithm.refresh_from_db()
        algorithm = services.algorithm_update(actor=editor, algorithm=algorithm, content=content)
        algorithm = services.algorithm_submit(actor=editor, algorithm=algorithm)
        services.algorithm_publish(
            actor=reviewer,
            algorithm=algorithm,
            change_summary="Clarified the description after residents' questions.",
        )
    if state == "retired":
        algorithm.refresh_from_db()
        services.algorithm_retire(actor=reviewer, algorithm=algorithm, reason=entry["retirement_reason"])
