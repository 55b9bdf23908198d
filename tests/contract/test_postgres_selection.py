"""The PostgreSQL run repeats only the tests that reach a database: the rest give the same answer on both."""

from __future__ import annotations

import pytest

from algoscope.testing.pg_plugin import uses_database


def test_a_test_without_database_fixtures_is_run_once(request: pytest.FixtureRequest) -> None:
    assert not uses_database(request.node)


def test_a_test_with_the_database_fixture_runs_on_both(request: pytest.FixtureRequest, db: None) -> None:
    assert uses_database(request.node)


@pytest.fixture
def record_count(db: None) -> int:
    from algoscope.register.models import Algorithm

    return Algorithm.objects.count()


def test_a_fixture_that_needs_the_database_counts_too(request: pytest.FixtureRequest, record_count: int) -> None:
    assert uses_database(request.node) and record_count == 0


@pytest.mark.django_db
def test_the_mark_counts_too(request: pytest.FixtureRequest) -> None:
    assert uses_database(request.node)
