"""The access matrix: every route the site serves has an access level (``accounts.access``, declared in its app's
``urls.py``); every API operation that is not a read needs a token or is declared as storing nothing. Then every
route is tried, GET and POST, by people who lack its level, and nothing they send is written.

A new route without a level fails ``test_every_route_has_an_access_level``; that is the point."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from algoscope.accounts.access import (
    API,
    AUDIT,
    LEVELS,
    MODERATION,
    OPERATOR,
    ORGANISATION,
    PANEL,
    PLAN,
    PUBLIC,
    PUBLIC_FORM,
    RESIDENT,
    SIGN_UP,
    SIGNED_IN,
)


def routes() -> Iterator[tuple[str, str]]:
    """(full name, path pattern) of every named route; Django's admin counts as one route, ``admin:*``."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in ("admin", "api"):  # each checked as a whole (the API operation by operation)
                    yield f"{pattern.namespace}:*", prefix + str(pattern.pattern)
                    continue
                inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), prefix + str(pattern.pattern)

    yield from walk(get_resolver().url_patterns, "", "")


def test_every_route_has_an_access_level() -> None:
    from algoscope.site.urls import ACCESS

    served = {name for name, _pattern in routes()}
    missing = sorted(served - set(ACCESS))
    assert not missing, f"routes without an access level (declare them in their app's urls.py `access`): {missing}"
    stale = sorted(set(ACCESS) - served)
    assert not stale, f"access levels of routes that no longer exist: {stale}"
    assert set(ACCESS.values()) <= LEVELS


def test_every_api_write_needs_a_token_or_stores_nothing() -> None:
    from algoscope.site.api import STATELESS_POSTS, api

    unguarded = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                writes = set(operation.methods) - {"GET", "HEAD", "OPTIONS"}
                if writes and not operation.auth_callbacks and operation.operation_id not in STATELESS_POSTS:
                    unguarded.append(f"{sorted(writes)} {prefix}{path} ({operation.operation_id})")
    assert not unguarded, f"API writes without a token: {unguarded}"


# ---- every route, tried by the people who lack its level -------------------------------------------------------

WRITABLE_APPS = (
    "accounts", "register", "aiact", "audits", "interop", "sortition", "plans", "participation", "common", "auth",
    "account",  # django-allauth's e-mail addresses and confirmations
)  # fmt: skip


def fingerprint() -> str:
    """Every row the platform keeps (the people, roles, records, assessments, audits, panels, audit log)."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if model._meta.app_label not in WRITABLE_APPS:
            continue
        rows = list(model.objects.order_by("pk").values())
        for row in rows:
            row.pop("last_login", None)  # signing the probing people in is not a write of theirs
        digest.update(model._meta.label.encode() + json.dumps(rows, default=str, sort_keys=True).encode())
    return digest.hexdigest()


def sample_kwargs(pattern: str, level: str) -> dict[str, Any]:
    from algoscope.audits.models import Audit, AuditAction
    from algoscope.interop.models import ImportJob
    from algoscope.participation.models import Question
    from algoscope.plans.models import ProgressUpdate, TrainingFigure
    from algoscope.register.models import Algorithm
    from algoscope.reports.models import Report
    from algoscope.sortition.models import Panel, Recommendation

    draft = (
        Algorithm.objects.filter(state="draft")
        .exclude(organisation__memberships__user__username="editor.antwerpen")
        .select_related("organisation")
        .first()
    )
    published = Algorithm.objects.filter(published_version__isnull=False).order_by("pk").first()
    audit = Audit.objects.order_by("pk").first()
    panel = Panel.objects.order_by("pk").first()
    assert draft and published and audit and panel, "the demo has a draft, a record, an audit and a panel"
    action = AuditAction.objects.filter(audit=audit).first()
    values = {
        "public_id": (published if level in (PUBLIC, PUBLIC_FORM) else draft).public_id,
        "slug": draft.organisation.slug,
        "number": 1,
        "audit_id": audit.pk,
        "action_id": action.pk if action else 1,
        "panel_id": panel.pk,
        "job_id": ImportJob.objects.order_by("pk").values_list("pk", flat=True).first() or 1,
        "name": next(iter(panel.public_files), "manifest.json"),
        "action": "publish" if "panels" in pattern else "submit",
        "key": "plan-ia-2027" if "consultations" in pattern else "BE-FED-NCP-AI-2022",
        "item": "BE-O1-A05",
        "update_id": ProgressUpdate.objects.order_by("pk").values_list("pk", flat=True).first() or 1,
        "fmt": "csv",
        "figure_id": TrainingFigure.objects.filter(state="submitted").values_list("pk", flat=True).first() or 1,
        "verb": "publish",
        # participation: a question to another organisation than Antwerp's (its people are among the outsiders)
        "question_id": Question.objects.exclude(organisation__slug__contains="antwerpen")
        .exclude(organisation=None)
        .values_list("pk", flat=True)
        .first()
        or 1,
        "recommendation_id": Recommendation.objects.order_by("pk").values_list("pk", flat=True).first() or 1,
        "kind": "proposal",
        "pk": Report.objects.filter(state="draft").values_list("pk", flat=True).first() if "reports" in pattern else 1,
        "language": "nl",
        "uidb36": "1",
    }
    needed = [part.split(">")[0].split(":")[-1] for part in pattern.split("<")[1:]]
    unknown = [name for name in needed if name not in values]
    assert not unknown, f"no sample value for {unknown} in {pattern}: add one to sample_kwargs"
    return {name: values[name] for name in needed}


def _path(pattern: str, kwargs: dict[str, Any]) -> str:
    path = pattern
    for name, value in kwargs.items():
        start = path.index("<")
        end = path.index(">", start)
        assert path[start + 1 : end].split(":")[-1] == name
        path = path[:start] + str(value) + path[end + 1 :]
    return "/" + path.replace("^", "").replace("$", "")


# Who lacks each level: the people tried, signed in or not.
OUTSIDERS = {
    PUBLIC: [],
    PUBLIC_FORM: [],
    SIGN_UP: [None],  # what they send here names no account: nothing is made
    RESIDENT: [None, "nobody", "resident.unconfirmed"],  # no confirmed e-mail address
    SIGNED_IN: [None],
    ORGANISATION: [None, "nobody", "editor.antwerpen", "admin.antwerpen"],
    AUDIT: [None, "nobody", "editor.antwerpen", "organiser"],
    PANEL: [None, "nobody", "editor.gent", "auditor"],
    PLAN: [None, "nobody", "editor.bosa", "organiser"],
    MODERATION: [None, "nobody", "coordinator", "resident.anna"],
    OPERATOR: [None, "nobody", "admin.gent"],
    API: [None, "nobody"],  # a signed-in person without a token writes nothing through the API either
}
SPECIAL_PATHS = {"admin:*": "/admin/accounts/organisation/1/delete/", "api:*": "/api/v1/algorithms/"}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, available_apps=list(django_settings.INSTALLED_APPS))  # flush with CASCADE
def test_no_route_lets_someone_without_its_level_write(settings: Any) -> None:
    from algoscope.site.urls import ACCESS

    settings.DEBUG = True  # the demo loads only in development
    settings.JOBS = "sync"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    get_user_model().objects.create_user(username="nobody", password="a-long-password-1")
    tried = 0
    before = fingerprint()
    for name, pattern in routes():
        level = ACCESS[name]
        path = (
            "/admin/accounts/organisation/1/delete/"
            if name == "admin:*"
            else _path(pattern, sample_kwargs(pattern, level))
        )
        outsiders = OUTSIDERS[level] + ([None] if level in (PUBLIC, PUBLIC_FORM) else [])
        if level == ORGANISATION and "<" not in pattern:  # no object: any role in any organisation is the level
            outsiders = [None, "nobody"]
        for who in outsiders:
            client = Client()
            if who is not None:
                client.force_login(get_user_model().objects.get(username=who))
            read = client.get(path)
            assert read.status_code < 500, (name, who, read.status_code)
            if level not in (PUBLIC, PUBLIC_FORM, SIGN_UP, RESIDENT, SIGNED_IN, API):  # a resident's form: shown
                assert read.status_code in (302, 403, 404, 405), (name, who, "read", read.status_code)
            written = client.post(path, {"name": "x", "title": "x", "confirm": "1", "reason": "x", "status": "done"})
            assert written.status_code < 500, (name, who, written.status_code)
            tried += 2
            assert fingerprint() == before, f"{who or 'anonymous'} changed something through POST {path} ({name})"
    print(f"access matrix: {len(ACCESS)} routes, {tried} requests by people without the level, 0 writes")
    assert tried > 150
    # The detector detects: the same kind of request by someone who holds the level does write.
    from algoscope.accounts.models import Membership
    from algoscope.register.models import Algorithm

    draft = Algorithm.objects.get(public_id=sample_kwargs("<str:public_id>", ORGANISATION)["public_id"])
    editor = Membership.objects.filter(organisation=draft.organisation, role="editor").first()
    assert editor is not None
    client = Client()
    client.force_login(editor.user)
    client.post(f"/editor/algorithms/{draft.public_id}/submit/")
    assert fingerprint() != before
