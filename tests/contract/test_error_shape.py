"""One error shape everywhere in the API: RFC 7807 problem details."""

from __future__ import annotations

import pytest
from django.test import Client

KEYS = {"type", "title", "status", "detail", "instance"}


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/v1/algorithms/ALG-NOPE0000", 404),
        ("get", "/api/v1/organisations/nope", 404),
        ("get", "/api/v1/algorithms/?limit=0", 422),
        ("get", "/api/v1/algorithms/?cursor=forged", 422),
        ("post", "/api/v1/algorithms/", 401),
        ("get", "/api/v1/nothing-here", 404),
    ],
)
def test_errors_are_problem_details(client: Client, db, method: str, url: str, status: int) -> None:
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= KEYS and body["status"] == status and body["type"].startswith("urn:algoscope:problem:")
    for error in body.get("errors", []):
        assert set(error) == {"loc", "code", "msg"} and isinstance(error["loc"], list)
