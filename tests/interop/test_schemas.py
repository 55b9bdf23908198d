"""Exports checked against the standard's own schema as published (``shared/data/standards/``), read by this test
(not by the mapper): required attributes, permitted values, lengths, and the items of lists."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from algoscope.accounts.permissions import Actor
from algoscope.interop.export import interop_export
from algoscope.interop.standards import ats
from algoscope.interop.standards.base import is_not_provided
from algoscope.register.demo import load_demo
from algoscope.register.models import Algorithm

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


ATS_SCHEMA = NL_CONFIG.parents[1] / "eurocities-ats/schema-v0_3_1.yaml"
ATRS_FIELDS = NL_CONFIG.parents[1] / "uk-atrs/atrs-v3.0-fields.csv"


def ats_violations(row: dict[str, str], schema: dict[str, Any]) -> list[str]:
    """What an ATS registration breaks in the schema as published: required attributes, types, enumerations,
    the constant version, the 150-character short description and the ISO 639-1 language."""
    found = []
    for prop in schema["properties"]:
        name, kind, value = prop["attribute"], prop["type"], row.get(prop["attribute"], "")
        if prop.get("required") and not value:
            found.append(f"{name}: required")
        if not value:
            continue
        if kind == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", value):
            found.append(f"{name}: {value!r} is not an e-mail address")
        elif kind == "url" and not (urlsplit(value).scheme in ("http", "https") and urlsplit(value).netloc):
            found.append(f"{name}: {value!r} is not a URL")
        elif kind == "date":
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                found.append(f"{name}: {value!r} is not a date")
        elif kind == "uuid":
            try:
                uuid.UUID(value)
            except ValueError:
                found.append(f"{name}: {value!r} is not a UUID")
        elif kind == "enum" and value not in [*prop["enum"]["en"], *prop["enum"]["nl"]]:
            found.append(f"{name}: {value!r} is not a value of the enumeration")
        elif kind == "const" and value != prop["const"]:
            found.append(f"{name}: {value!r} is not {prop['const']!r}")
    if len(row.get("description_short", "")) > 150:
        found.append("description_short: over 150 characters")
    if not re.fullmatch(r"[a-z]{2}", row.get("lang", "")):
        found.append(f"lang: {row.get('lang')!r} is not ISO 639-1")
    return found


def atrs_violations(row: dict[str, str], fields: list[dict[str, str]]) -> list[str]:
    """What an ATRS row breaks in the v3.0 template: required attributes (``date_archived`` only for a record no
    longer in use), the integer id and the dates."""
    found = []
    for spec in fields:
        name = spec["attribute"].replace("<br>", "").strip()
        value = row.get(name, "")
        required = spec["required"].strip().upper() == "TRUE"
        if name == "date_archived":
            required = row.get("phase") == "retired"
        if required and not value:
            found.append(f"{name}: required")
        if value and spec["type"] == "integer" and not value.isdigit():
            found.append(f"{name}: {value!r} is not an integer")
        if value and spec["type"] == "date":
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                found.append(f"{name}: {value!r} is not a date")
    return found


def test_the_demo_exports_are_valid_against_ats_and_atrs_as_published(db: Any) -> None:
    """The demo register exported as ATS (JSON and CSV) and ATRS: no required attribute missing (a text the record
    does not hold says so in the registration's language, and the report lists it), no URL as an e-mail, no short
    description over 150 characters; an enumeration, date or e-mail the record lacks is left empty and listed."""
    load_demo()
    schema = yaml.safe_load(ATS_SCHEMA.read_text())
    export = interop_export(standard="eurocities-ats", fmt="json")
    registrations = json.loads(export.data)
    assert len(registrations) >= 35
    listed = {(n.public_id, name.strip()) for n in export.warnings for name in n.field.split(",")}
    public_ids = {str(uuid.uuid5(ats.NAMESPACE, a.public_id)): a.public_id for a in Algorithm.objects.all()}
    rows = list(
        csv.DictReader(
            io.StringIO(interop_export(standard="eurocities-ats", fmt="csv").data.decode("utf-8-sig")), delimiter=";"
        )
    )
    assert [r["uuid"] for r in rows] == [r["uuid"] for r in registrations]
    for row in [*registrations, *rows]:
        for problem in ats_violations(row, schema):
            name, _, what = problem.partition(": ")
            assert what == "required" and (public_ids[row["uuid"]], name) in listed, (row["name"], problem)
    assert all(not is_not_provided(r["name"]) for r in registrations)
    assert any(is_not_provided(r.get("monitoring", "")) for r in registrations)
    assert any("written as" in str(n.reason) and "monitoring" in n.field for n in export.warnings)
    fields = list(csv.DictReader(ATRS_FIELDS.open()))
    atrs = interop_export(standard="uk-atrs", fmt="csv")
    atrs_rows = list(csv.DictReader(io.StringIO(atrs.data.decode("utf-8-sig"))))
    assert len(atrs_rows) == len(registrations)
    by_title = {row["title"]: row for row in atrs_rows}
    atrs_listed = {name.strip() for n in atrs.warnings for name in n.field.split(",")}
    for row in by_title.values():
        for problem in atrs_violations(row, fields):
            name, _, what = problem.partition(": ")
            assert what == "required" and name in atrs_listed, (row["title"], problem)
