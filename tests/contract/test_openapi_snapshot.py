"""The OpenAPI document is part of our contract: a change must be intended (``make openapi-snapshot``)."""

from __future__ import annotations

import json
from pathlib import Path

from algoscope.site.api import api

SNAPSHOT = Path(__file__).with_name("openapi.json")


def test_openapi_matches_snapshot() -> None:
    current = json.loads(json.dumps(api.get_openapi_schema(), sort_keys=True))
    assert current == json.loads(SNAPSHOT.read_text()), "API changed: review it, then run `make openapi-snapshot`"


def test_every_operation_has_an_id_of_the_form_resource_action() -> None:
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            resource, _, action = operation["operationId"].partition("_")
            assert resource and action, f"{method.upper()} {path}"
