"""Every default, every nearest value and every language decision of an import is said, in the report that the
CLI, the API and the editor's preview all show; a file's texts are never relabelled silently."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.test import Client

from algoscope.accounts.permissions import Actor
from algoscope.interop.export import interop_export
from algoscope.interop.services import interop_import
from algoscope.interop.standards.atrs import ATTRIBUTES as ATRS_ATTRIBUTES
from algoscope.interop.standards.files import write_csv
from algoscope.interop.standards.language import detect
from algoscope.register.models import Algorithm
from tests.register.test_api import token_for

OPERATOR = Actor.for_system("tests")
DUTCH = {
    "title": "Risicomodel huurtoeslag",
    "one_sentence_description": "Het model kiest aanvragen voor huurtoeslag die een medewerker extra controleert.",
    "description": "Het algoritme helpt medewerkers bij het beoordelen van aanvragen voor huurtoeslag. "
    "Een medewerker neemt altijd het besluit en kan van het advies afwijken.",
    "human_decisions_and_review": "Elke aanvraag met een hoge score wordt door twee medewerkers bekeken.",
    "organisation_name": "Gemeente Teststad",
    "phase": "private beta",
}


def _atrs(**rows: dict[str, str]) -> bytes:
    return write_csv(ATRS_ATTRIBUTES, ([row.get(a, "") for a in ATRS_ATTRIBUTES] for row in rows.values()))


def _warnings(report: Any) -> list[str]:
    return [f"{w.field}: {w.message}" for r in report.records for w in r.warnings]


def test_detection_tells_the_register_s_languages_apart_and_knows_when_it_cannot() -> None:
    assert detect([DUTCH["description"]]).language == "nl" and detect([DUTCH["description"]]).certain
    french = "L'algorithme classe les demandes de logement social selon les règles de la Région."
    assert detect([french]).language == "fr" and detect([french]).certain
    assert not detect(["Chatbot"]).certain and detect([]).language == ""


def test_an_atrs_file_of_dutch_texts_is_stored_as_dutch_and_says_so(org: Any) -> None:
    """ATRS has no language field: Dutch texts were stored as English, and the NL export then wrote lang 'eng'."""
    report = interop_import(
        actor=OPERATOR, standard="uk-atrs", data=_atrs(a=DUTCH), filename="atrs.csv", organisation=org
    )
    assert report.written, report.errors
    notices = _warnings(report)
    assert any("read as 'nl'" in n and "choose the language" in n for n in notices), notices
    algorithm = Algorithm.objects.get(public_id=report.records[0].public_id)
    content = algorithm.content
    assert content["original_language"] == "nl" and content["name"] == {"nl": "Risicomodel huurtoeslag"}
    assert content["purpose_and_impact"].keys() == {"nl"}
    # "private beta" is read as pilot, which ATRS writes as "beta-pilot": said
    assert any(n.startswith("phase: 'private beta'") and "'beta-pilot'" in n for n in notices), notices
    # the register's required fields the file does not have get the draft defaults, each said
    assert any(n.startswith("publication_category:") and "“Other algorithm”" in n for n in notices), notices


def test_the_importer_may_choose_the_language_and_short_texts_are_not_guessed(org: Any) -> None:
    chosen = interop_import(
        actor=OPERATOR,
        standard="uk-atrs",
        data=_atrs(a=DUTCH),
        filename="atrs.csv",
        organisation=org,
        dry_run=True,
        language="de",
    )
    assert not chosen.errors, [str(e) for e in chosen.errors]
    assert chosen.records[0].content["name"] == {"de": "Risicomodel huurtoeslag"}
    assert any("as chosen for the import (the file does not say; they read as 'nl')" in n for n in _warnings(chosen))
    short = interop_import(
        actor=OPERATOR,
        standard="uk-atrs",
        data=_atrs(a={"title": "Chatbot", "organisation_name": "Gemeente Teststad"}),
        filename="atrs.csv",
        organisation=org,
        dry_run=True,
    )
    assert not short.errors, [str(e) for e in short.errors]
    assert short.records[0].content["name"] == {"en": "Chatbot"}
    assert any("too short to tell; stored as 'en'" in n for n in _warnings(short))


def test_an_ats_file_whose_lang_disagrees_with_its_texts_keeps_its_lang_and_says_so(org: Any) -> None:
    registration = {
        "name": DUTCH["title"],
        "description_short": DUTCH["one_sentence_description"],
        "goal": DUTCH["description"],
        "organization": "Gemeente Teststad",
        "standard_version": "0.3.1",
        "lang": "en",
        "status": "operationeel",
    }
    report = interop_import(
        actor=OPERATOR,
        standard="eurocities-ats",
        data=json.dumps([registration]).encode(),
        filename="ats.json",
        organisation=org,
        dry_run=True,
    )
    notices = _warnings(report)
    assert report.records[0].content["name"] == {"en": DUTCH["title"]}
    assert any(n.startswith("lang:") and "read as 'nl'" in n for n in notices), notices
    # a Dutch enumeration value in an English registration is written back in English: said
    assert any(n.startswith("status: 'operationeel'") and "'operational'" in n for n in notices), notices


def test_the_nl_export_of_an_atrs_import_of_dutch_texts_is_dutch(org: Any, reviewer: Actor) -> None:
    report = interop_import(actor=OPERATOR, standard="uk-atrs", data=_atrs(a=DUTCH), filename="a.csv", organisation=org)
    algorithm = Algorithm.objects.get(public_id=report.records[0].public_id)
    assert algorithm.content["original_language"] == "nl"
    export = interop_export(
        standard="nl-algoritmeregister", fmt="json", working_copies=True, actor=OPERATOR, organisation=org
    )
    rows = [r for r in json.loads(export.data) if r["name"] == DUTCH["title"]]
    assert rows and rows[0]["lang"] == "nld"
    assert not [n for n in export.warnings if "no nl text" in n.reason]


def test_the_cli_and_the_api_take_the_language(org: Any, tmp_path: Path, client: Client, make_user: Any) -> None:
    path = tmp_path / "atrs.csv"
    path.write_bytes(_atrs(a=DUTCH))
    out = io.StringIO()
    call_command(
        "import",
        str(path),
        standard="uk-atrs",
        organisation=org.slug,
        dry_run=True,
        json=True,
        language="fr",
        stdout=out,
    )
    printed = json.loads(out.getvalue())
    assert any("as chosen for the import" in w["message"] for r in printed["records"] for w in r["warnings"])
    token = token_for(org, make_user)
    upload = io.BytesIO(_atrs(a=DUTCH))
    upload.name = "atrs.csv"
    response = client.post(
        "/api/v1/interop/uk-atrs/import",
        {"file": upload, "dry_run": "true"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    warnings = [w["message"] for r in response.json()["records"] for w in r["warnings"]]
    assert any("read as 'nl'" in w for w in warnings), warnings
    upload.seek(0)
    bad = client.post(
        "/api/v1/interop/uk-atrs/import",
        {"file": upload, "dry_run": "true", "language": "xx"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert bad.status_code == 422 and "unknown language 'xx'" in bad.content.decode()
