"""The standards' mappers without a database: real records, round trips, enumerations, bad input."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import yaml

from algoscope.interop.standards import STANDARDS, enums
from algoscope.interop.standards.atrs import ATTRIBUTES as ATRS_ATTRIBUTES
from algoscope.interop.standards.ats import ATTRIBUTES as ATS_ATTRIBUTES
from algoscope.interop.standards.base import Standard
from algoscope.interop.standards.model import ExportRecord, ImportedRecord
from algoscope.interop.standards.textformat import DateProblem, html_to_markdown, markdown_to_html, parse_month
from algoscope.register.content import empty_content
from algoscope.register.validation import validate_content

SHARED = Path(__file__).resolve().parents[3] / "shared/data/standards"
NL_EXAMPLES = sorted((SHARED / "nl-algoritmeregister/examples").glob("*.json"))
NL, ATS, ATRS = STANDARDS["nl-algoritmeregister"], STANDARDS["eurocities-ats"], STANDARDS["uk-atrs"]


def export_record(standard: Standard, record: ImportedRecord, public_id: str) -> ExportRecord:
    content = empty_content()
    content.update(record.content)
    content["original_language"] = record.language
    content["publication_category"] = content["publication_category"] or "other"
    content["lifecycle_status"] = content["lifecycle_status"] or "development"
    if record.extensions:
        content["extensions"] = {standard.key: record.extensions}
    return ExportRecord(
        public_id, "", "Gemeente Amsterdam", "00000001002564440000", "municipal", validate_content(content)
    )


def nl_records() -> list[ImportedRecord]:
    records = []
    for path in NL_EXAMPLES:
        result = NL.read(path.read_bytes(), file=path.name, fmt="json")
        assert not result.errors, [str(e) for e in result.errors]
        records += result.records
    return records


def test_every_real_nl_record_reads_without_errors() -> None:
    records = nl_records()
    assert len(records) == 21
    amsterdam = next(r for r in records if r.native_id == "gemeente-amsterdam-meldingen-openbare-ruimte")
    assert amsterdam.content["name"] == {"nl": "Meldingen openbare ruimte"}
    assert amsterdam.content["policy_domains"] == ["public_safety"]
    assert amsterdam.content["publication_category"] == "impactful"
    assert amsterdam.content["lifecycle_status"] == "operational"
    assert (
        "TF-IDF" in amsterdam.content["methods_and_models"]["nl"]
        and "<p>" not in amsterdam.content["methods_and_models"]["nl"]
    )
    assert amsterdam.extensions["type"] == "Nee"  # a field of version 0.4, kept
    with_links = [r for r in records if r.content["legal_bases"]]
    assert with_links and all(link["link"].startswith("http") for r in with_links for link in r.content["legal_bases"])


@pytest.mark.parametrize(
    ("key", "fmt"),
    [
        ("nl-algoritmeregister", "json"),
        ("nl-algoritmeregister", "csv"),
        ("nl-algoritmeregister", "xlsx"),
        ("eurocities-ats", "json"),
        ("eurocities-ats", "csv"),
        ("uk-atrs", "csv"),
    ],
)
def test_export_import_export_reproduces_the_file(key: str, fmt: str) -> None:
    standard = STANDARDS[key]
    source = [export_record(NL, r, f"ALG-{i:08d}") for i, r in enumerate(nl_records())]
    first = standard.write(source, fmt=fmt)
    read = standard.read(first.data, file=f"export.{fmt}", fmt=fmt)
    assert not read.errors, [str(e) for e in read.errors]
    again = standard.write([export_record(standard, r, f"ALG-{i:08d}") for i, r in enumerate(read.records)], fmt=fmt)
    assert again.data == first.data


def test_ats_json_is_valid_against_the_schema_of_the_standard() -> None:
    schema_yaml = yaml.safe_load((SHARED / "eurocities-ats/schema-v0_3_1.yaml").read_text())
    types = {
        "email": {"type": "string"},
        "url": {"type": "string", "pattern": "^https?://"},
        "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "uuid": {"type": "string", "pattern": "^[0-9a-f-]{36}$"},
        "string": {"type": "string"},
    }
    properties = {}
    for prop in schema_yaml["properties"]:
        if prop["type"] == "enum":
            values = prop.get("values") or prop.get("enum")
            properties[prop["attribute"]] = {"enum": [*values["en"], *values["nl"]]}
        elif prop["type"] == "const":
            properties[prop["attribute"]] = {"const": prop["const"]}
        else:
            properties[prop["attribute"]] = types[prop["type"]]
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    assert list(properties) == list(ATS_ATTRIBUTES)
    records = [export_record(NL, r, f"ALG-{i:08d}") for i, r in enumerate(nl_records())]
    for registration in json.loads(ATS.write(records, fmt="json").data):
        jsonschema.validate(registration, schema)


def test_atrs_columns_are_the_v3_template_attributes() -> None:
    import csv

    rows = list(csv.DictReader((SHARED / "uk-atrs/atrs-v3.0-fields.csv").open()))
    attributes = list(dict.fromkeys(r["attribute"].replace("<br>", "").strip() for r in rows))
    assert list(ATRS_ATTRIBUTES) == attributes


def test_nl_enumerations_are_the_standard_s_values() -> None:
    config = json.loads((SHARED / "nl-algoritmeregister/config_v1_0.json").read_text())["properties"]
    assert set(enums.NL_STATUS.read) == set(config["status"]["permitted_values"])
    assert set(config["category"]["permitted_values"]) == set(enums.NL_CATEGORY.read)
    assert set(enums.NL_CATEGORY.values) <= set(config["category"]["permitted_values"])
    assert set(enums.NL_PUBLICATION_CATEGORY.values) <= set(config["publication_category"]["permitted_values"])
    # reading a value and writing it back gives the same value: no standard's value is lost in a round trip
    for table in (
        enums.NL_STATUS,
        enums.NL_CATEGORY,
        enums.NL_PUBLICATION_CATEGORY,
        enums.ATRS_PHASE,
        enums.ATRS_FUNCTION,
    ):
        for value, code in table.read.items():
            assert table.code(table.value(code)) == code, (table.name, value)


def test_html_and_markdown_conversion_is_stable_after_one_round() -> None:
    html = (
        "<div><p>Een <b>vet</b> woord</p><p><br></p><ul><li>één</li><li>twee &amp; drie</li></ul>"
        '<p>* geen lijst, zie <a href="https://x.nl">hier</a></p></div>'
    )
    markdown = html_to_markdown(html)
    assert markdown == "Een **vet** woord\n\n- één\n- twee & drie\n\n\\* geen lijst, zie [hier](https://x.nl)"
    once = markdown_to_html(markdown)
    assert (
        once
        == "<p>Een vet woord</p><ul><li>één</li><li>twee &amp; drie</li></ul><p>* geen lijst, zie hier (https://x.nl)</p>"
    )
    assert markdown_to_html(html_to_markdown(once)) == once


@pytest.mark.parametrize(
    ("value", "month"),
    [
        ("2023-03", "2023-03"),
        ("2023-03-01", "2023-03"),
        ("01/03/2023", "2023-03"),
        ("mrt-23", "2023-03"),
        ("Mar-2023", "2023-03"),
        ("45000", "2023-03"),
    ],
)
def test_spreadsheet_mangled_months_are_read_with_a_notice(value: str, month: str) -> None:
    assert parse_month(value)[0] == month


@pytest.mark.parametrize("value", ["31-02-2023", "2023-02-30", "31/04/2024", "2023-13", "00/03/2023"])
def test_a_day_that_does_not_exist_is_not_read_as_a_month(value: str) -> None:
    with pytest.raises(DateProblem):
        parse_month(value)


def test_cross_standard_export_lists_what_the_target_cannot_hold() -> None:
    source = [export_record(NL, r, f"ALG-{i:08d}") for i, r in enumerate(nl_records())]
    result = ATRS.write(source, fmt="csv")
    fields = {n.field for n in result.not_held}
    assert {"proportionality", "legal_bases", "publication_category"} <= fields
    assert "nl-algoritmeregister:type" in fields  # a field kept from NL is never silently dropped
    assert any("written as" in n.reason for n in result.warnings)  # approximated enumerations are told


def _workbook(rows: list[list[object]], *, sheets: int = 1) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Toelichting"
    if sheets > 1:
        book.active.append(["Deze download bevat de algoritmes van het register."])
        sheet = book.create_sheet("Algoritmes")
    else:
        sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_registers_excel_download_is_read_with_its_dutch_headers_and_date_cells() -> None:
    data = _workbook(
        [
            ["Naam", "Korte omschrijving", "Organisatie", "Status", "Publicatiecategorie", "Begindatum", None],
            [
                "Parkeerscan",
                "Scanauto's controleren parkeren.",
                "Gemeente Utrecht",
                "In gebruik",
                "Overige algoritmes",
                dt.datetime(2023, 3, 1),
                None,
            ],
            [None, None, None, None, None, None, None],  # an empty row is skipped
            [
                "Bijstand",
                "Controle van aanvragen.",
                "Gemeente Utrecht",
                "In ontwikkeling",
                "Impactvolle algoritmes",
                45000,
                None,
            ],
        ],
        sheets=2,
    )
    result = NL.read(data, file="algoritmes.xlsx", fmt="xlsx")
    assert not result.errors, [str(e) for e in result.errors]
    first, second = result.records
    assert (first.line, first.name, first.content["start_date"]) == (2, "Parkeerscan", "2023-03")
    assert first.content["lifecycle_status"] == "operational" and first.organisation_name == "Gemeente Utrecht"
    assert (second.line, second.content["start_date"]) == (4, "2023-03")  # a day number, read with a notice
    assert any("day number" in w.message for w in result.findings if w.record == 2)


def test_excel_export_keeps_formulas_as_text_and_is_the_same_bytes_each_time() -> None:
    content = empty_content() | {
        "name": {"nl": '=HYPERLINK("http://x")'},
        "short_description": {"nl": "+31 telefoon"},
        "original_language": "nl",
        "publication_category": "other",
        "lifecycle_status": "development",
    }
    record = ExportRecord("ALG-00000001", "", "Gemeente", "", "municipal", validate_content(content))
    data = NL.write([record], fmt="xlsx").data
    assert data == NL.write([record], fmt="xlsx").data
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    name = sheet.cell(2, header.index("name") + 1)
    assert (name.value, name.data_type) == ('=HYPERLINK("http://x")', "s")
    assert NL.read(data, file="x.xlsx", fmt="xlsx").records[0].name == '=HYPERLINK("http://x")'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "Excel 97–2003 workbook (.xls) is not read"),
        (b"PK\x03\x04 not really a zip", "not a valid Excel workbook (.xlsx)"),
        (_workbook([["Kolom A", "Kolom B"], ["x", "y"]]), "the header names none of this standard's columns"),
    ],
)
def test_files_that_are_not_the_registers_workbook_are_refused(data: bytes, message: str) -> None:
    result = NL.read(data, file="bad.xlsx", fmt="xlsx")
    assert not result.records and len(result.errors) == 1
    assert message in result.errors[0].message and result.errors[0].file == "bad.xlsx"


def test_a_workbook_row_wider_than_its_header_is_an_error_on_that_row() -> None:
    data = _workbook([["Naam", "Korte omschrijving"], ["A", "a", "stray"], ["B", "b"]])
    result = NL.read(data, file="wide.xlsx", fmt="xlsx")
    assert [(e.line, e.message) for e in result.errors] == [(2, "cells right of the last column of the header")]
    assert [r.name for r in result.records] == ["B"]
