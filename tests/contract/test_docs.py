"""Documentation that cannot drift: every setting, API operation and command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands

from algoscope.site.api import api

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = (ROOT / "src/algoscope/config/settings.py").read_text()
OPERATIONS = (ROOT / "docs/operations.md").read_text()
API_DOC = (ROOT / "docs/api.md").read_text()
README = (ROOT / "README.md").read_text()


def test_every_environment_variable_is_documented() -> None:
    variables = set(re.findall(r'"((?:ALGOSCOPE|DATABASE)_[A-Z_]+)"', SETTINGS))
    variables |= set(re.findall(r'"(ALGOSCOPE_[A-Z_]+)"', (ROOT / "src/algoscope/testing/postgres.py").read_text()))
    assert variables, "no variables found: the pattern is broken"
    assert sorted(v for v in variables if f"`{v}`" not in OPERATIONS) == []


def test_every_api_operation_is_documented() -> None:
    for path, methods in api.get_openapi_schema()["paths"].items():
        documented = path.replace("{algorithm_id}", "{id}").replace("{organisation_id}", "{id}").rstrip("/")
        for method in methods:
            assert f"{method.upper()} {documented}" in API_DOC, f"{method.upper()} {path} is not in docs/api.md"


def test_every_algoscope_command_is_documented() -> None:
    ours = [name for name, app in get_commands().items() if app.startswith("algoscope")]
    assert ours
    assert sorted(name for name in ours if name not in README + OPERATIONS) == []
