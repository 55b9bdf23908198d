from __future__ import annotations

from typing import Any

from django.test import override_settings

from algoscope.config.checks import check_debug_on_public_host, check_secret_key
from algoscope.config.settings import DEVELOPMENT_SECRET_KEY, UNSET_SECRET_KEY, database_settings


@override_settings(DEBUG=True, ALLOWED_HOSTS=["localhost", "register.example.be"])
def test_debug_with_a_public_host_is_refused() -> None:
    assert [e.id for e in check_debug_on_public_host()] == ["algoscope.E001"]


@override_settings(DEBUG=True, ALLOWED_HOSTS=["localhost", "127.0.0.1"])
def test_debug_on_loopback_is_fine() -> None:
    assert check_debug_on_public_host() == []


def test_missing_or_development_secret_key_is_refused_outside_debug() -> None:
    for key in (UNSET_SECRET_KEY, DEVELOPMENT_SECRET_KEY, "short"):
        with override_settings(DEBUG=False, SECRET_KEY=key):
            assert [e.id for e in check_secret_key()] == ["algoscope.E002"]
    with override_settings(DEBUG=False, SECRET_KEY="k" * 50):
        assert check_secret_key() == []


def test_sqlite_gets_wal_and_immediate_transactions(tmp_path) -> None:
    config = database_settings(f"sqlite:///{tmp_path}/x.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["ENGINE"] == "algoscope.common.sqlite"  # asks for WAL on each connection (a read-only file too)
    postgres = database_settings("postgres://u:p@db.example:5432/algoscope")
    assert (postgres["ENGINE"] == "django.db.backends.postgresql" and "OPTIONS" not in postgres) or not postgres.get(
        "OPTIONS"
    )


def test_an_old_jobs_setting_is_named_instead_of_leaving_jobs_queued(settings: Any) -> None:
    from algoscope.config.checks import check_jobs_setting

    settings.JOBS = "thread"
    (error,) = check_jobs_setting()
    assert "ALGOSCOPE_JOBS='thread'" in error.msg and "algoscope work" in error.hint
    settings.JOBS = "database"
    assert check_jobs_setting() == []
