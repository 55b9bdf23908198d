"""The API against its own description, by property-based testing (schemathesis): generated requests to every
operation, a bounded number per operation, answered without a server error and as the description says."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Requests go straight to the WSGI application, which closes the database connection after each one; the
    test's connection (and its transaction) must stay open, as Django's own test client arranges."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_description(case: schemathesis.Case, make_record) -> None:  # type: ignore[no-untyped-def]
    # A cursor is any string to the description but only one the API issued is accepted (422 otherwise, by design):
    # "valid data accepted" cannot hold for it, every other check does.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


writes = schema.include(method=["POST", "PUT", "PATCH", "DELETE"])


@pytest.mark.slow
@pytest.mark.django_db
@writes.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_description_for_writes_with_a_token(  # type: ignore[no-untyped-def]
    case: schemathesis.Case, make_record, editor, org
) -> None:
    """The writes again, now with an editor's token of an organisation that has a published record: the requests
    get past authentication into validation and the services (an operation the token may not use answers 403)."""
    from algoscope.accounts.services.tokens import api_token_create

    make_record()
    _token, secret = api_token_create(actor=editor, organisation=org, name="fuzz", role="editor")
    case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, excluded_checks=[positive_data_acceptance])
