"""Real records from the Dutch national register, clean and damaged the way real registers are: every one comes in
(a bad value is kept for an editor, named with its value; only a record without a name is refused), and NL → NL is
lossless, field for field."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from algoscope.accounts.permissions import Actor
from algoscope.interop.export import interop_export
from algoscope.interop.services import interop_import
from algoscope.interop.standards.textformat import html_to_text
from algoscope.register.models import Algorithm

SHARED = Path(__file__).resolve().parents[3] / "shared/data/standards"
EXAMPLES = sorted((SHARED / "nl-algoritmeregister/examples").glob("*.json"))
TYGRON = SHARED / "nl-algoritmeregister/examples/Tygron.json"
OPERATOR = Actor.for_system("tests")
NL = "nl-algoritmeregister"
# What an export may write differently from the register's file (and why):
NORMALISED = {
    "organization": "the organisation the records were imported into names itself",
    "lars": "the export adds our id (a system field)",
    "publication_dt": "the export adds the publication date (a system field)",
    "standard_version": "the export writes the version it follows, 1.0",
    "lang": "written in lower case ('nld'), as the standard lists it",
}


def _import(data: bytes, name: str, org: Any, **kwargs: Any) -> Any:
    return interop_import(actor=OPERATOR, standard=NL, data=data, filename=name, organisation=org, **kwargs)


def _item(value: Any) -> str:
    """A list item as the register means it: surrounding spaces and None-or-empty aside (listed in docs/interop.md)."""
    if isinstance(value, dict):
        value = {k: " ".join(str(v or "").split()) for k, v in value.items()}
        value = {k: v for k, v in value.items() if v}
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _same(field: str, ours: Any, theirs: Any) -> bool:
    """Equal as the register means them: markup and white space aside, empty is empty, lists in any order."""
    if theirs in (None, "", [], {}) and ours in (None, "", [], {}):
        return True
    if isinstance(theirs, list) or isinstance(ours, list):
        return sorted(map(_item, ours or [])) == sorted(i for i in map(_item, theirs or []) if i != _item({}))
    if isinstance(theirs, str) and isinstance(ours, str):
        if field == "tags":
            ours, theirs = html_to_text(ours), html_to_text(theirs)
            return [t.strip() for t in ours.split(",") if t.strip()] == [
                t.strip() for t in theirs.split(",") if t.strip()
            ]
        return " ".join(html_to_text(ours).split()) == " ".join(html_to_text(theirs).split())
    return bool(ours == theirs)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_real_record_imports_and_comes_back_field_for_field(path: Path, org: Any) -> None:
    report = _import(path.read_bytes(), path.name, org)
    originals = json.loads(path.read_text())
    assert report.written and report.counts()["create"] == len(originals), report.as_dict()
    exported = json.loads(
        interop_export(standard=NL, fmt="json", organisation=org, working_copies=True, actor=OPERATOR).data
    )
    by_name = {" ".join(html_to_text(r["name"]).split()): r for r in exported}
    differences = []
    for original in originals:
        ours = by_name[" ".join(html_to_text(original["name"]).split())]
        for field, value in original.items():
            if field not in NORMALISED and not _same(field, ours.get(field), value):
                differences.append((original["name"], field, value, ours.get(field)))
    assert differences == []
    # the register's own id comes back, so importing our export and then the original changes nothing
    again = _import(json.dumps(exported).encode(), "export.json", org)
    assert again.counts()["create"] == 0, again.as_dict()
    third = _import(path.read_bytes(), path.name, org)
    assert third.counts()["create"] == 0 and Algorithm.objects.filter(organisation=org).count() == len(originals)


DAMAGED = {
    "a team name in website": ({"website": "Team Data & Analyse, afdeling Ruimte"}, "website"),
    "a sentence where a link belongs": (
        {"lawful_basis_grouping": [{"title": "Omgevingswet", "link": "zie de toelichting bij het besluit"}]},
        "lawful_basis_grouping",
    ),
    "an e-mail that is not one": ({"contact_email": "mail ons via het contactformulier"}, "contact_email"),
    "a date in words": ({"begin_date": "voorjaar 2023"}, "begin_date"),
    "an unknown status": ({"status": "Bijna klaar"}, "status"),
    "an unknown theme": ({"category": ["Organisatie en bedrijfsvoering", "Ruimtevaart"]}, "category"),
    "an over-long name": ({"name": "Hittestress " * 60}, "name"),
}


@pytest.mark.parametrize("case", DAMAGED, ids=list(DAMAGED))
def test_one_bad_value_never_refuses_a_real_record(case: str, org: Any) -> None:
    change, field = DAMAGED[case]
    record = copy.deepcopy(json.loads(TYGRON.read_text())[0]) | change
    report = _import(json.dumps([record]).encode(), "damaged.json", org)
    assert report.written and report.counts()["create"] == 1, report.as_dict()
    warnings = [w.message for w in report.records[0].warnings if w.field.startswith(field)]
    value = change[field]
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    assert any("kept for an editor to fix" in w for w in warnings), warnings
    assert any(
        (shown if field != "category" else "Ruimtevaart")[:40] in w or "zie de toelichting" in w for w in warnings
    ), warnings
    kept = Algorithm.objects.get(organisation=org).content["extensions"][NL]
    assert field in kept  # the raw value stays with the record
    exported = json.loads(
        interop_export(standard=NL, fmt="json", organisation=org, working_copies=True, actor=OPERATOR).data
    )[0]
    assert exported[field] not in (None, "", [])  # and goes back out in its own standard
    shown_back = json.dumps(exported[field], ensure_ascii=False)
    if field in ("website", "contact_email", "begin_date", "status", "name"):
        assert " ".join(exported[field].split()) == " ".join(value.split()), field  # as the file had it
    if field == "category":
        assert "Ruimtevaart" in shown_back


def test_a_swapped_title_and_link_is_repaired_with_a_notice(org: Any) -> None:
    record = json.loads(TYGRON.read_text())[0]
    record["lawful_basis_grouping"] = [{"title": "https://wetten.overheid.nl/BWBR0037885", "link": "Omgevingswet"}]
    report = _import(json.dumps([record]).encode(), "swapped.json", org)
    assert report.written
    assert any("wrong way round" in w.message for w in report.records[0].warnings)
    legal = Algorithm.objects.get(organisation=org).content["legal_bases"]
    assert legal == [{"title": "Omgevingswet", "link": "https://wetten.overheid.nl/BWBR0037885"}]


def test_only_a_record_without_a_name_is_refused(org: Any) -> None:
    record = json.loads(TYGRON.read_text())[0] | {"name": "", "website": "geen"}
    report = _import(json.dumps([record]).encode(), "noname.json", org, dry_run=True)
    assert report.counts()["invalid"] == 1
    assert [e.field for e in report.records[0].errors] == ["name"]


def test_a_record_without_an_id_is_matched_by_organisation_and_name(org: Any) -> None:
    record = {k: v for k, v in json.loads(TYGRON.read_text())[0].items() if k not in ("id", "uuid", "lars")}
    first = _import(json.dumps([record]).encode(), "noid.json", org)
    assert first.counts()["create"] == 1
    record["status"] = "Buiten gebruik"
    again = _import(json.dumps([record]).encode(), "noid.json", org)
    assert again.counts() == {"create": 0, "update": 1, "unchanged": 0, "invalid": 0}
    notice = [w.message for w in again.records[0].warnings if w.field == "name"]
    assert notice and "matched" in notice[0] and "same name" in notice[0]
    assert Algorithm.objects.filter(organisation=org).count() == 1


WRONG_SHAPES = {
    "a list where text belongs": ({"goal": ["a", "b"]}, "goal"),
    "an object where a list belongs": ({"lawful_basis_grouping": {"title": "x"}}, "lawful_basis_grouping"),
    "an unknown version": ({"standard_version": "2.0"}, "standard_version"),
    "a field of the organisation's own": ({"interne_code": "X-12"}, "interne_code"),
    "a control character in the name": ({"name": "Hitte\x00stress"}, "name"),
}


@pytest.mark.parametrize("case", WRONG_SHAPES, ids=list(WRONG_SHAPES))
def test_a_value_of_the_wrong_shape_is_kept_not_refused(case: str, org: Any) -> None:
    """The outside check found these refused whole (and a control character warned 50 times)."""
    change, field = WRONG_SHAPES[case]
    record = copy.deepcopy(json.loads(TYGRON.read_text())[0]) | change
    report = _import(json.dumps([record]).encode(), "shape.json", org)
    assert report.written and report.counts()["create"] == 1, report.as_dict()
    warnings = [w for w in report.records[0].warnings if w.field.startswith(field)]
    assert 1 <= len(warnings) <= 2, [w.message for w in report.records[0].warnings]
    if field == "name":
        assert Algorithm.objects.get(organisation=org).content["name"]["nl"] == "Hittestress"


def test_script_in_a_text_is_dropped_with_its_content(org: Any) -> None:
    record = json.loads(TYGRON.read_text())[0] | {"goal": "<p>Doel</p><script>alert(1)</script><p>meer</p>"}
    _import(json.dumps([record]).encode(), "script.json", org)
    goal = Algorithm.objects.get(organisation=org).content["purpose_and_impact"]["nl"]
    assert "alert" not in goal and "Doel" in goal and "meer" in goal


def test_the_cli_reads_an_excel_file_named_otherwise_with_format_xlsx(org: Any, tmp_path: Path) -> None:
    import io

    from django.core.management import call_command

    _import(TYGRON.read_bytes(), TYGRON.name, org)
    workbook = interop_export(standard=NL, fmt="xlsx", organisation=org, working_copies=True, actor=OPERATOR).data
    path = tmp_path / "download.bin"  # a name that says nothing of the format
    path.write_bytes(workbook)
    out = io.StringIO()
    call_command("import", "--standard", NL, str(path), "--format", "xlsx", "--organisation", org.slug,
                 "--dry-run", stdout=out)  # fmt: skip
    assert "0 to create" in out.getvalue() and "invalid" in out.getvalue()
