from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from algoscope.accounts import services as account_services
from algoscope.accounts.permissions import Actor
from algoscope.register import services
from algoscope.register.models import Algorithm
from tests.conftest import content

PROBLEM = "application/problem+json"


def token_for(org: Any, make_user: Any, role: str = "editor") -> str:
    """The secret of a token made by a new person holding ``role`` in ``org`` (a token is its person's)."""
    person = Actor(user=make_user(org, role))
    _token, secret = account_services.api_token_create(actor=person, organisation=org, name=f"{role} token", role=role)
    return secret


def call(client: Client, method: str, url: str, token: str | None = None, body: Any = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return getattr(client, method)(
        url, data=json.dumps(body) if body is not None else None, content_type="application/json", **headers
    )


def test_list_and_detail_show_published_records_only(client: Client, make_record) -> None:
    published = make_record("published")
    draft = make_record("draft")
    response = client.get("/api/v1/algorithms/")
    assert response.status_code == 200
    ids = [item["id"] for item in response.json()["items"]]
    assert ids == [published.public_id]
    detail = client.get(f"/api/v1/algorithms/{published.public_id}").json()
    assert detail["version"] == 1 and detail["organisation"]["identifier"] == published.organisation.identifier
    assert detail["content"]["name"]["fr"] == "Modèle de risque des allocations"
    missing = client.get(f"/api/v1/algorithms/{draft.public_id}")
    assert missing.status_code == 404 and missing["Content-Type"] == PROBLEM


def test_published_record_shows_the_published_version_not_the_working_copy(
    client: Client, make_record, editor: Actor
) -> None:
    algorithm = make_record("published")
    services.algorithm_update(actor=editor, algorithm=algorithm, content=content(supplier="Unreviewed change"))
    assert client.get(f"/api/v1/algorithms/{algorithm.public_id}").json()["content"]["supplier"] == ""


def test_cursor_pagination_walks_every_record_once(client: Client, make_record) -> None:
    created = {make_record("published").public_id for _ in range(5)}
    seen: list[str] = []
    url = "/api/v1/algorithms/?limit=2&ordering=name"
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = f"/api/v1/algorithms/?limit=2&ordering=name&cursor={page['next_cursor']}" if page["next_cursor"] else ""
    assert sorted(seen) == sorted(created) and len(seen) == 5


def test_oversized_limit_is_refused_not_capped(client: Client, db: None) -> None:
    response = client.get("/api/v1/algorithms/?limit=101")
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "limit"]


@pytest.mark.parametrize("cursor", ["garbage", "eyJvIjoibmFtZSJ9:1abc:def", "x" * 500])
def test_tampered_cursor_is_a_clear_422(client: Client, cursor: str, db: None) -> None:
    response = client.get(f"/api/v1/algorithms/?cursor={cursor}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "cursor"]


def test_unknown_filter_value_is_refused(client: Client, db: None) -> None:
    response = client.get("/api/v1/algorithms/?policy_domain=astrology")
    assert response.status_code == 422 and response.json()["errors"][0]["loc"] == ["query", "policy_domain"]


def test_filters(client: Client, make_record) -> None:
    taxes = make_record("published", policy_domains=["taxes"], lifecycle_status="pilot")
    make_record("published")
    ids = lambda q: [i["id"] for i in client.get(f"/api/v1/algorithms/?{q}").json()["items"]]  # noqa: E731
    assert ids("policy_domain=taxes") == [taxes.public_id]
    assert ids("lifecycle_status=pilot") == [taxes.public_id]
    assert ids("language=de") == []
    assert len(ids(f"organisation={taxes.organisation.slug}")) == 2


def test_versions_and_diff(client: Client, make_record, editor: Actor, reviewer: Actor) -> None:
    algorithm = make_record("published")
    algorithm = services.algorithm_update(actor=editor, algorithm=algorithm, content=content(supplier="Intern"))
    services.algorithm_publish(actor=reviewer, algorithm=services.algorithm_submit(actor=editor, algorithm=algorithm))
    versions = client.get(f"/api/v1/algorithms/{algorithm.public_id}/versions").json()
    assert [v["number"] for v in versions] == [1, 2]
    diff = client.get(f"/api/v1/algorithms/{algorithm.public_id}/diff?from_version=1&to_version=2").json()
    assert diff["changes"] == [
        {"field": "supplier", "language": None, "kind": "added", "before": "", "after": "Intern"}
    ]
    assert client.get(f"/api/v1/algorithms/{algorithm.public_id}/versions/3").status_code == 404


def test_write_needs_a_valid_token(client: Client, org, make_user) -> None:
    body = {"content": content()}
    assert call(client, "post", "/api/v1/algorithms/", None, body).status_code == 401
    response = call(client, "post", "/api/v1/algorithms/", "alg_nope_secret", body)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["type"] == "urn:algoscope:problem:authentication-required"


def test_token_creates_draft_in_its_own_organisation_only(client: Client, org, other_org, make_user) -> None:
    secret = token_for(org, make_user)
    created = call(client, "post", "/api/v1/algorithms/", secret, {"content": content()})
    assert created.status_code == 201 and created.json()["state"] == "draft"
    elsewhere = call(
        client, "post", "/api/v1/algorithms/", secret, {"organisation": other_org.slug, "content": content()}
    )
    assert elsewhere.status_code == 403
    assert Algorithm.objects.filter(organisation=other_org).count() == 0


def test_token_cannot_see_or_edit_another_organisations_drafts(
    client: Client, org, other_org, make_user, make_record
) -> None:
    foreign = make_record("draft", organisation=other_org)
    secret = token_for(org, make_user)
    assert call(client, "get", f"/api/v1/algorithms/{foreign.public_id}/draft", secret).status_code == 404
    body = {"lock_version": foreign.lock_version, "content": {"supplier": "hijacked"}}
    assert call(client, "patch", f"/api/v1/algorithms/{foreign.public_id}/draft", secret, body).status_code == 404
    foreign.refresh_from_db()
    assert foreign.content["supplier"] == ""


def test_revoked_token_stops_working(client: Client, org, make_user) -> None:
    admin = Actor(user=make_user(org, "org_admin"))
    token, secret = account_services.api_token_create(actor=admin, organisation=org, name="old")
    account_services.api_token_revoke(actor=admin, token=token)
    assert call(client, "post", "/api/v1/algorithms/", secret, {"content": content()}).status_code == 401


def test_validation_errors_locate_the_field(client: Client, org, make_user) -> None:
    secret = token_for(org, make_user)
    body = {"content": content(name={"nl": "x" * 200}, lifecycle_status="active")}
    response = call(client, "post", "/api/v1/algorithms/", secret, body)
    assert response.status_code == 422 and response["Content-Type"] == PROBLEM
    locs = {tuple(e["loc"]) for e in response.json()["errors"]}
    assert locs == {("body", "content", "name", "nl"), ("body", "content", "lifecycle_status")}
    unknown = call(client, "post", "/api/v1/algorithms/", secret, {"content": {**content(), "colour": "blue"}})
    assert unknown.status_code == 422
    assert ["body", "content", "colour"] in [e["loc"] for e in unknown.json()["errors"]]


def test_patch_merges_and_stale_lock_version_is_a_409(client: Client, org, make_user) -> None:
    secret = token_for(org, make_user)
    created = call(client, "post", "/api/v1/algorithms/", secret, {"content": content()}).json()
    url = f"/api/v1/algorithms/{created['id']}/draft"
    ok = call(
        client,
        "patch",
        url,
        secret,
        {"lock_version": created["lock_version"], "content": {"name": {"de": "Risikomodell"}}},
    )
    assert ok.status_code == 200
    assert ok.json()["content"]["name"] == {
        "nl": "Risicomodel uitkeringen",
        "fr": "Modèle de risque des allocations",
        "de": "Risikomodell",
    }
    stale = call(client, "patch", url, secret, {"lock_version": created["lock_version"], "content": {"supplier": "B"}})
    assert stale.status_code == 409 and stale.json()["type"] == "urn:algoscope:problem:conflict"


def test_workflow_through_the_api(client: Client, org, make_user) -> None:
    editor_secret = token_for(org, make_user, "editor")
    reviewer_secret = token_for(org, make_user, "reviewer")
    created = call(client, "post", "/api/v1/algorithms/", editor_secret, {"content": content()}).json()
    base = f"/api/v1/algorithms/{created['id']}"
    assert call(client, "post", f"{base}/submit", editor_secret, {}).status_code == 200
    assert call(client, "post", f"{base}/publish", editor_secret, {}).status_code == 403  # editors cannot publish
    published = call(client, "post", f"{base}/publish", reviewer_secret, {"change_summary": "New"})
    assert published.status_code == 201 and published.json()["version"] == 1
    assert client.get(base).status_code == 200
    again = call(client, "post", f"{base}/publish", reviewer_secret, {})
    assert again.status_code == 409 and again.json()["type"] == "urn:algoscope:problem:invalid-transition"


def test_list_queries_do_not_grow_with_the_page(client: Client, make_record, django_assert_num_queries) -> None:
    make_record("published")
    with django_assert_num_queries(2) as one:  # the public generation (``common.public_cache``), the page
        client.get("/api/v1/algorithms/")
    for _ in range(4):
        make_record("published")
    with django_assert_num_queries(len(one.captured_queries)):
        body = client.get("/api/v1/algorithms/").json()
    assert len(body["items"]) == 5
    assert all(item["first_published_at"] == item["published_at"] for item in body["items"])
