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


def test_pending_migrations_make_the_process_unavailable_and_a_good_answer_is_kept_a_while(
    client: Client,
    db,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from django.db.migrations.executor import MigrationExecutor

    from algoscope.site import health

    plans: list[int] = []
    real_plan = MigrationExecutor.migration_plan

    def counting_plan(self, targets, clean_start=False):  # type: ignore[no-untyped-def]
        plans.append(1)
        return real_plan(self, targets, clean_start)

    monkeypatch.setattr(MigrationExecutor, "migration_plan", counting_plan)
    monkeypatch.setattr(health, "_migrations_applied_at", [])
    assert client.get("/health/").json()["migrations"] == "ok"
    assert client.get("/health/").json()["migrations"] == "ok"
    assert plans == [1]  # the second call did not read the migration files again
    monkeypatch.setattr(health, "_migrations_applied_at", [])  # the next check: one is missing
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets, clean_start=False: [("x", False)])
    response = client.get("/health/")
    assert response.status_code == 503 and response.json()["migrations"] == "1 not applied"
    assert client.get("/health/").status_code == 503  # an unavailable answer is never kept


def test_gunicorn_replaces_workers_rarely(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("ALGOSCOPE_WEB_MAX_REQUESTS", raising=False)
    config = runpy.run_module("algoscope.config.gunicorn")
    assert config["max_requests"] == 50_000 and config["max_requests_jitter"] == 5_000


def test_json_logs_make_gunicorn_lines_json_too(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """With ALGOSCOPE_LOG_FORMAT=json a log collector reads every line as JSON: the web server's access log (its
    fields as keys) and its own errors, not only the application's."""
    import datetime as dt
    import json
    import sys
    import types

    from gunicorn.config import Config

    monkeypatch.setenv("ALGOSCOPE_LOG_FORMAT", "json")
    settings = runpy.run_module("algoscope.config.gunicorn")
    cfg = Config()
    for name in ("accesslog", "errorlog", "logger_class"):
        cfg.set(name, settings[name])
    logger = cfg.logger_class(cfg)
    answer = types.SimpleNamespace(status="404 Not Found", sent=4476, headers=[])
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/fr/x/", "QUERY_STRING": "q=a%22b", "RAW_URI": "/fr/x/?q=a%22b",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "192.0.2.7", "HTTP_USER_AGENT": 'curl "7"'}  # fmt: skip
    logger.access(answer, types.SimpleNamespace(headers=[]), environ, dt.timedelta(milliseconds=12, microseconds=340))
    logger.error("worker %s timed out", 7)
    out, err = capsys.readouterr()
    line = json.loads(out)
    assert line["logger"] == "gunicorn.access" and line["level"] == "INFO"
    assert (line["method"], line["path"], line["query"], line["status"], line["bytes"]) == (
        "GET", "/fr/x/", "q=a%22b", 404, 4476
    )  # fmt: skip
    assert (line["duration_ms"], line["remote"], line["user_agent"]) == (12.3, "192.0.2.7", 'curl "7"')
    assert line["time"].endswith("+00:00") and "T" in line["time"]  # one clock for every process
    error = json.loads(err)
    assert error["logger"] == "gunicorn.error" and error["message"] == "worker 7 timed out"

    monkeypatch.delenv("ALGOSCOPE_LOG_FORMAT")
    monkeypatch.delitem(sys.modules, "algoscope.config.gunicorn")  # the logger class imported it
    assert "logger_class" not in runpy.run_module("algoscope.config.gunicorn")  # a person's terminal: plain lines
