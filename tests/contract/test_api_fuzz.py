"""The API against its own description, by property-based testing (schemathesis): generated requests to every
operation, a bounded number per operation, answered without a server error and as the description says."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_description(case: schemathesis.Case, make_record) -> None:  # type: ignore[no-untyped-def]
    # A cursor is any string to the description but only one the API issued is accepted (422 otherwise, by design):
    # "valid data accepted" cannot hold for it, every other check does.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
