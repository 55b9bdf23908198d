"""Exports checked against the standard's own schema as published (``shared/data/standards/``), read by this test
(not by the mapper): required attributes, permitted values, lengths, and the items of lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from algoscope.register.interop_export import interop_export
from algoscope.register.permissions import Actor

NL_CONFIG = Path(__file__).resolve().parents[3] / "shared/data/standards/nl-algoritmeregister/config_v1_0.json"
OPERATOR = Actor.for_system("tests")


def nl_violations(row: dict[str, Any], config: dict[str, Any]) -> list[str]:
    """What an NL 1.0 registration breaks in the register's own field configuration."""
    found = []
    for name, spec in config["properties"].items():
        value = row.get(name)
        if spec.get("required") is True and value in (None, "", []):
            found.append(f"{name}: required")
            continue
        if value in (None, "", []):
            continue
        allowed = spec.get("permitted_values")
        if spec["type"] == "enum" and allowed and value not in allowed:
            found.append(f"{name}: {value!r} is not one of {allowed}")
        if spec["type"] == "array" and allowed and any(v not in allowed for v in value):
            found.append(f"{name}: {value!r} not within {allowed}")
        limit = spec.get("max_length")
        if limit and isinstance(value, str) and len(value) > limit and "allowed_html_tags" not in spec:
            found.append(f"{name}: {len(value)} characters, at most {limit}")
        for item in value if spec["type"] == "array" and isinstance(spec.get("items"), dict) else []:
            for part, part_spec in spec["items"].items():
                if part_spec.get("required") and not item.get(part):
                    found.append(f"{name}.{part}: required")
    return found


def test_the_nl_export_is_valid_against_the_registers_field_configuration(make_record: Any, org: Any) -> None:
    """A French-only record is written with lang 'nld' (the one value NL 1.0 permits) and a notice per text that
    is not Dutch; it was written as lang 'fra', which the standard refuses."""
    make_record("published", contact_email="algoritmes@teststad.be")
    french = make_record(
        "published",
        original_language="fr",
        name={"fr": "Attribution des logements sociaux"},
        short_description={"fr": "Classement des candidats selon les règles régionales."},
        purpose_and_impact={"fr": "Attribuer les logements dans l'ordre prévu par la réglementation."},
        human_oversight={"fr": "Un agent vérifie chaque attribution."},
        contact_email="contact@ville.be",
    )
    version = french.published_version
    only_french = {**version.content}
    for key in ("name", "short_description", "purpose_and_impact", "human_oversight"):  # French only
        only_french[key] = {"fr": only_french[key]["fr"]}
    type(version).objects.filter(pk=version.pk).update(content=only_french)  # the fixture always adds Dutch
    config = json.loads(NL_CONFIG.read_text())
    export = interop_export(standard="nl-algoritmeregister", fmt="json")
    rows = json.loads(export.data)
    assert len(rows) == 2
    for row in rows:
        assert nl_violations(row, config) == [], row["name"]
    notices = [str(n.as_dict()) for n in export.warnings]
    assert any("no nl text; the fr text is written" in n for n in notices), notices
