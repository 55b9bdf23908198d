"""``/health/`` for a load balancer: 200 while the database answers and the migrations are applied, with the
state of the background work; and the production server's configuration loads."""

from __future__ import annotations

import runpy

from django.test import Client


def test_health_says_the_database_and_the_queue(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["migrations"] == "ok"
    assert body["tasks"] == {"queued": 0, "oldest_queued_seconds": 0}
    assert "no-cache" in response["Cache-Control"]


def test_the_gunicorn_settings_load(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ALGOSCOPE_WEB_WORKERS", "3")
    config = runpy.run_module("algoscope.config.gunicorn")
    assert config["workers"] == 3 and config["bind"] == "0.0.0.0:8000" and config["timeout"] == 60
