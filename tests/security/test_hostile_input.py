"""Hostile input at the public edges: control characters and noncharacters, bodies too large, too many facts, a
plan asked for in the query string. Each case is one that once gave a 500, broke a feed, or wrote by mistake."""

from __future__ import annotations

import json
import xml.dom.minidom
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from algoscope.accounts import services as account_services
from algoscope.accounts.permissions import Actor
from algoscope.common.errors import InvalidInput
from algoscope.register import services
from algoscope.register.models import Algorithm
from tests.conftest import content

CENTRIC = Path(__file__).resolve().parents[3] / "shared/data/standards/nl-algoritmeregister/examples/Centric.json"


@pytest.mark.parametrize("character", ["\x01", "\x0b", "\x1f", "\x7f", "\ufffe", "\uffff", "\ufdd0", "\U0001fffe"])
def test_search_feeds_and_pages_take_any_character(client: Client, make_record, character: str) -> None:
    make_record("published")
    for url in (f"/feeds/search.atom?q=a{character}b", f"/feeds/search.atom?policy_domain={character}"):
        response = client.get(url, {}, follow=True)  # sent to the address without it (common.middleware)
        assert response.status_code == 200, url
        xml.dom.minidom.parseString(response.content)  # well-formed for every subscriber
    assert client.get("/en/", {"q": f"x{character}"}, follow=True).status_code == 200
    assert client.get("/api/v1/search/", {"q": f"x{character}"}).status_code in (200, 422)


@pytest.mark.parametrize("character", ["\x01", "\ufffe", "\U0010ffff", "\ud800"])
def test_a_name_that_is_not_text_is_refused(org, editor: Actor, character: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.algorithm_create(actor=editor, organisation=org, content=content(name={"nl": f"Naam{character}"}))
    assert refused.value.problems[0].loc == ("name", "nl") and refused.value.problems[0].code == "control-character"


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\ufeff", "\u2028"])
def test_a_name_that_would_show_other_than_it_reads_is_refused(org, editor: Actor, character: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.algorithm_create(actor=editor, organisation=org, content=content(name={"nl": f"Naam{character}gnik"}))
    assert refused.value.problems[0].loc == ("name", "nl") and refused.value.problems[0].code == "hidden-character"


def test_a_feed_stays_well_formed_with_a_text_stored_before_the_check(client: Client, make_record) -> None:
    record = make_record("published")
    version = record.published_version
    type(version).objects.filter(pk=version.pk).update(content={**version.content, "name": {"nl": "Oud\ufffenaam"}})
    response = client.get("/feeds/publications.atom")
    document = xml.dom.minidom.parseString(response.content)
    assert "Oudnaam" in document.toxml()


def test_a_body_over_the_limit_is_413_with_a_problem_document(client: Client, settings: Any) -> None:
    body = json.dumps({"facts": {"x": "y" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)}})
    response = client.post("/api/v1/aiact/classify", data=body, content_type="application/json")
    assert response.status_code == 413 and response["Content-Type"].startswith("application/problem+json")
    assert response.json()["type"] == "urn:algoscope:problem:request-too-large"


def test_too_many_facts_are_refused_before_any_work(client: Client) -> None:
    facts = {f"unknown_{i}": "yes" for i in range(100_000)}
    response = client.post("/api/v1/aiact/classify", data=json.dumps({"facts": facts}), content_type="application/json")
    assert response.status_code == 422 and len(response.content) < 10_000


@pytest.mark.parametrize(
    ("query", "form"),
    [("?dry_run=true", {}), ("?dry_run=true&dry_run=false", {}), ("", {"dry_run": ["true", "false"]})],
)
def test_a_plan_asked_for_anywhere_writes_nothing(client: Client, org, make_user, query: str, form: dict) -> None:  # type: ignore[type-arg]
    person = Actor(user=make_user(org, "editor"))
    _token, secret = account_services.api_token_create(actor=person, organisation=org, name="sync")
    with CENTRIC.open("rb") as upload:
        response = client.post(
            f"/api/v1/interop/nl-algoritmeregister/import{query}",
            {"file": upload, **form},
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
    assert response.status_code == 200 and not response.json()["written"]
    assert not Algorithm.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/search/?organisation=x%00y",
        "/api/v1/search/?organisation=%01",
        "/api/v1/algorithms/?organisation=x%00y",
        "/api/v1/interop/uk-atrs/export?organisation=x%00y",
        "/en/?organisation=x%00y",
        "/feeds/search.atom?organisation=x%00y",
    ],
)
def test_a_nul_in_a_filter_is_refused_not_a_server_error(client: Client, url: str) -> None:
    """PostgreSQL refuses a NUL in any string (found by the API fuzzer on PostgreSQL): a filter with a control
    character is an unknown value, never sent to the database."""
    response = client.get(url, follow=True)
    assert response.status_code in (200, 404, 422), (url, response.status_code)
