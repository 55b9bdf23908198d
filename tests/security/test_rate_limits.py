"""Anonymous visitors asking for expensive answers again and again are slowed per address (429, Retry-After);
signed-in people and other addresses are not; the count is shared by every process (a database cache)."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client


def test_anonymous_downloads_are_limited_per_address(client: Client, settings: Any, make_user, make_record) -> None:
    settings.ANONYMOUS_HEAVY_RATE = "3/m"
    make_record("published")
    answers = [client.get("/exports/algorithms.csv", REMOTE_ADDR="203.0.113.5").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = client.get("/exports/search.json", REMOTE_ADDR="203.0.113.5")  # the downloads count together
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert "Too many requests" in limited.content.decode()
    assert client.get("/exports/algorithms.csv", REMOTE_ADDR="198.51.100.1").status_code == 200  # another address
    client.force_login(make_user())
    assert client.get("/exports/algorithms.csv", REMOTE_ADDR="203.0.113.5").status_code == 200  # signed in


def test_the_classification_api_answers_a_problem_document(client: Client, settings: Any, db: None) -> None:
    settings.ANONYMOUS_HEAVY_RATE = "2/m"
    body = json.dumps({"facts": {}})
    codes = [
        client.post("/api/v1/aiact/classify", data=body, content_type="application/json", REMOTE_ADDR="203.0.113.6")
        for _ in range(3)
    ]
    assert [r.status_code for r in codes[:2]] == [422, 422]  # counted, answered
    assert codes[2].status_code == 429 and codes[2]["Content-Type"].startswith("application/problem+json")
    assert codes[2].json()["type"] == "urn:algoscope:problem:rate-limited"


def test_the_next_questions_and_the_standards_exports_count_too(client: Client, settings: Any, db: None) -> None:
    settings.ANONYMOUS_HEAVY_RATE = "2/m"
    body = json.dumps({"facts": {}})
    for _ in range(2):
        client.post("/api/v1/aiact/classify", data=body, content_type="application/json", REMOTE_ADDR="203.0.113.8")
    next_questions = client.post(
        "/api/v1/aiact/questions/next", data=body, content_type="application/json", REMOTE_ADDR="203.0.113.8"
    )
    assert next_questions.status_code == 429  # the same answer by another door counts with it
    answers = [client.get("/api/v1/interop/dcat-ap/export", REMOTE_ADDR="203.0.113.9").status_code for _ in range(3)]
    assert answers[-1] == 429 and answers[0] == 200
