"""pytest plugin: ``pytest --postgres`` runs the suite on a throw-away PostgreSQL cluster it starts itself.

It must act before pytest-django reads the settings, so it wraps ``pytest_load_initial_conftests`` and sets
``DATABASE_URL`` there. Without ``--postgres`` the suite runs on SQLite. It also gives the test run a secret key.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import pytest

from algoscope.testing.postgres import TemporaryPostgres


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres",
        action="store_true",
        default=False,
        help="run against a temporary PostgreSQL cluster started from the installed server binaries",
    )


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> Generator[None, Any, Any]:
    os.environ.setdefault("ALGOSCOPE_SECRET_KEY", "algoscope-test-secret-key-that-is-long-enough-0123456789")
    os.environ.setdefault("ALGOSCOPE_SECURE_COOKIES", "0")
    if "--postgres" in args:
        cluster = TemporaryPostgres.start()
        os.environ["DATABASE_URL"] = cluster.url
        early_config.add_cleanup(cluster.stop)
    else:
        os.environ.pop("DATABASE_URL", None)
    return (yield)


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get("DATABASE_URL", "")
    return f"algoscope database: {'PostgreSQL ' + url if url else 'SQLite'}"


# A test that asks for none of these reaches no database: it runs once, on SQLite, not again on PostgreSQL.
DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"})


def uses_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--postgres"):
        return
    left_out = [item for item in items if not uses_database(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if uses_database(item)]
