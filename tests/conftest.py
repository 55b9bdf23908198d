"""Shared fixtures: organisations, people with roles, and records in each workflow state, built through the
services so that tests exercise the real rules."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from algoscope.accounts import services as account_services
from algoscope.accounts.identifiers import kbo_check_digits
from algoscope.accounts.models import Membership, Organisation, SiteRole
from algoscope.accounts.permissions import Actor
from algoscope.register import services
from algoscope.register.content import empty_content, merge_content
from algoscope.register.models import Algorithm

_serial = itertools.count(1)


def valid_kbo(n: int) -> str:
    first = f"02{n:06d}"
    return first + kbo_check_digits(first)


def content(**overrides: Any) -> dict[str, Any]:
    """A complete, valid record (ready for review) in Dutch and French, with overrides."""
    base = merge_content(
        empty_content(),
        {
            "original_language": "nl",
            "name": {"nl": "Risicomodel uitkeringen", "fr": "Modèle de risque des allocations"},
            "short_description": {
                "nl": "Een model markeert dossiers voor controle.",
                "fr": "Un modèle signale des dossiers à contrôler.",
            },
            "contact_email": "algoritmes@example.be",
            "lifecycle_status": "operational",
            "publication_category": "high_risk_ai",
            "policy_domains": ["benefits_subsidies"],
            "purpose_and_impact": {"nl": "Controles richten op dossiers met een hoog risico."},
            "human_oversight": {"nl": "Een controleur beoordeelt elke markering."},
        },
    )
    return merge_content(base, overrides)


@pytest.fixture(autouse=True)
def _own_files(settings: Any, tmp_path: Path) -> None:
    """Each test writes uploads, pending imports and media into its own folder, never the checkout's ``var/``."""
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_facet_index() -> None:
    """Each test's database is rolled back afterwards, and SQLite then gives the next test's rows the same ids: a
    process's facet index (kept up to date by the ids of new rows) starts afresh for each test, and so do the text
    matches it keeps per public generation (which a rolled-back database counts again)."""
    from algoscope.register.search.facet_index import forget_facet_index
    from algoscope.register.search.matches import forget_text_matches

    forget_facet_index()
    forget_text_matches()


@pytest.fixture(autouse=True)
def _fresh_public_cache() -> None:
    """The same for the cached public answers: a rolled-back database counts its public generation from 0 again,
    so answers a test cached must not be served to the next one (a real database only counts up)."""
    from django.core.cache import caches

    from algoscope.common.public_cache import forget_generation
    from algoscope.site.profile import forget

    caches["pages"].clear()
    forget()
    forget_generation()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Real hashing costs ~0.3 s a user; tests create hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_org(db: Any) -> Callable[..., Organisation]:
    def make(name: str | None = None, **kwargs: Any) -> Organisation:
        n = next(_serial)
        return account_services.organisation_create(
            actor=Actor.for_system("tests"),
            name={"nl": name or f"Organisatie {n}"},
            org_type=kwargs.pop("org_type", "municipal"),
            country=kwargs.pop("country", "BE"),
            identifier_scheme=kwargs.pop("identifier_scheme", "kbo"),
            identifier=kwargs.pop("identifier", valid_kbo(n)),
            **kwargs,
        )

    return make


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    def make(org: Organisation | None = None, *roles: str, site: str | None = None) -> Any:
        user = get_user_model().objects.create_user(username=f"user{next(_serial)}", password="pw-for-tests-123")
        for role in roles:
            Membership.objects.create(user=user, organisation=org, role=role)
        if site:
            SiteRole.objects.create(user=user, role=site)
        return user

    return make


@pytest.fixture
def org(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org("Stad Teststad")


@pytest.fixture
def other_org(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org("Andere Gemeente")


@pytest.fixture
def editor(org: Organisation, make_user: Callable[..., Any]) -> Actor:
    return Actor(user=make_user(org, "editor"))


@pytest.fixture
def reviewer(org: Organisation, make_user: Callable[..., Any]) -> Actor:
    return Actor(user=make_user(org, "reviewer"))


@pytest.fixture
def make_record(org: Organisation, editor: Actor, reviewer: Actor) -> Callable[..., Algorithm]:
    """A record of ``org`` in the given state: draft, in_review, published or retired."""

    def make(state: str = "published", organisation: Organisation | None = None, **overrides: Any) -> Algorithm:
        target = organisation or org
        author, approver = editor, reviewer
        if target != org:
            author = Actor(user=_member(target, "editor"))
            approver = Actor(user=_member(target, "reviewer"))
        algorithm = services.algorithm_create(actor=author, organisation=target, content=content(**overrides))
        if state != "draft":
            algorithm = services.algorithm_submit(actor=author, algorithm=algorithm)
        if state in ("published", "retired"):
            services.algorithm_publish(actor=approver, algorithm=algorithm, change_summary="First version")
        if state == "retired":
            algorithm.refresh_from_db()
            services.algorithm_retire(actor=approver, algorithm=algorithm, reason="No longer used")
        algorithm.refresh_from_db()
        return algorithm

    return make


def _member(org: Organisation, role: str) -> Any:
    user = get_user_model().objects.create_user(username=f"user{next(_serial)}", password="pw-for-tests-123")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def republish(editor: Actor, reviewer: Actor) -> Callable[..., Algorithm]:
    """Submit a record with changes waiting (its fields or what other apps publish with it) and have the
    organisation's reviewer publish it: the public sees the changes from then on."""

    def run(algorithm: Algorithm, summary: str = "Reviewed changes") -> Algorithm:
        algorithm.refresh_from_db()
        services.algorithm_submit(actor=editor, algorithm=algorithm)
        services.algorithm_publish(actor=reviewer, algorithm=algorithm, change_summary=summary)
        algorithm.refresh_from_db()
        return algorithm

    return run
