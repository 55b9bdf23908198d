"""UK Algorithmic Transparency Recording Standard v3.0: CSV of the template table. Pure Python.

One row per record, one column per attribute of the v3.0 template (``atrs-v3.0-fields.csv``), in the template's
order. The template lists ``phase`` twice (0.13 and 2.4.1.2) for the same value: it is one column here. Records
are in English; a record without English texts is written in its original language, with a notice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import ClassVar

from algoscope.common.messages import gettext_noop as _
from algoscope.interop.standards import enums
from algoscope.interop.standards.base import (
    REQUIRED_BY_STANDARD,
    ExtensionField,
    RawRecords,
    RecordReader,
    RecordWriter,
    Standard,
    csv_records,
    keywords_from,
    links_text,
    risks_from,
    risks_text,
    split_links,
)
from algoscope.interop.standards.files import MEDIA_TYPES, read_csv, write_csv
from algoscope.interop.standards.model import ExportRecord, Finding, WriteResult

VERSION = "3.0"
ATTRIBUTES = (
    "id",
    "standard_version",
    "organisation_type",
    "function",
    "capability",
    "task",
    "tags",
    "date_of_completion",
    "date_updated",
    "date_archived",
    "title",
    "organisation_name",
    "phase",
    "region",
    "one_sentence_description",
    "name",
    "description",
    "website_url",
    "contact_email",
    "organisation_or_department",
    "team",
    "senior_responsible_owner",
    "external_supplier_involvement",
    "external_supplier",
    "companies_house_number",
    "external_supplier_role",
    "procurement_procedure_type",
    "data_access_terms",
    "detailed_description",
    "scope",
    "benefit",
    "previous_process",
    "alternatives_considered",
    "process_integration",
    "provided_information",
    "frequency_and_scale_of_usage",
    "human_decisions_and_review",
    "required_training",
    "appeals_and_review",
    "system_architecture",
    "maintenance",
    "models",
    "model_name",
    "model_version",
    "model_task",
    "model_input",
    "model_output",
    "model_architecture",
    "model_performance",
    "datasets",
    "dataset_purposes",
    "source_data_name",
    "data_modality",
    "data_description",
    "data_quantities",
    "sensitive_attributes",
    "data_completeness_and_representativeness",
    "source_data_url",
    "data_collection",
    "data_cleaning",
    "data_sharing_agreements",
    "data_access_and_storage",
    "impact_assessment",
    "risks_and_mitigations",
)
_RICH = {
    "description": "purpose_and_impact",
    "detailed_description": "methods_and_models",
    "alternatives_considered": "alternatives",
    "process_integration": "decision_process",
    "human_decisions_and_review": "human_oversight",
    "appeals_and_review": "objection_procedure",
    "data_description": "data_description",
}
_PLAIN = {"website_url": "more_info_url", "contact_email": "contact_email", "external_supplier": "supplier"}
MAPPED = {
    "id",
    "standard_version",
    "function",
    "tags",
    "title",
    "organisation_name",
    "phase",
    "one_sentence_description",
    "team",
    "source_data_name",
    "source_data_url",
    "impact_assessment",
    "risks_and_mitigations",
    *_RICH,
    *_PLAIN,
}
# The template's required attributes (``required`` TRUE). ``date_archived`` is marked required too, but a record in
# use has no archive date: it is written for retired records only.
REQUIRED_OTHERS = ("id", "date_of_completion", "date_updated")
REQUIRED_TEXTS = tuple(
    a
    for a in ATTRIBUTES
    if a
    not in (
        *REQUIRED_OTHERS,
        "date_archived",
        "external_supplier",
        "companies_house_number",
        "external_supplier_role",
        "procurement_procedure_type",
        "data_access_terms",
        "detailed_description",
        "previous_process",
        "alternatives_considered",
        "appeals_and_review",
        "data_cleaning",
    )
)
KEPT = tuple(a for a in ATTRIBUTES if a not in MAPPED)  # includes the dates, organisation type, name (1.1), ...


class UkAtrs(Standard):
    key: ClassVar[str] = "uk-atrs"
    label: ClassVar[str] = "UK ATRS 3.0"
    formats: ClassVar[tuple[str, ...]] = ("csv",)
    default_language: ClassVar[str] = "en"
    field_names: ClassVar[Mapping[str, str]] = {
        "name": "title",
        "short_description": "one_sentence_description",
        "department": "team",
        "lifecycle_status": "phase",
        "policy_domains": "function",
        "keywords": "tags",
        "risks": "risks_and_mitigations",
        "impact_assessments": "impact_assessment",
        "impact_assessment_notes": "impact_assessment",
        "data_sources": "source_data_url",
        **{key: name for name, key in _RICH.items()},
        **{key: name for name, key in _PLAIN.items()},
    }
    extension_fields: ClassVar[tuple[ExtensionField, ...]] = (
        *tuple(ExtensionField(n, n) for n in KEPT),
        ExtensionField("function", "function"),
        ExtensionField("source_data_name", "source_data_name"),
        ExtensionField("source_data_url", "source_data_url"),
        ExtensionField("organisation_or_department", "organisation_or_department"),
    )
    id_fields: ClassVar[tuple[str, ...]] = ("id",)
    date_fields: ClassVar[tuple[str, ...]] = ("date_of_completion", "date_updated", "date_archived")

    def raw_records(self, text: str, *, file: str, fmt: str, findings: list[Finding]) -> RawRecords:
        aliases = {"website url": "website_url", "reference number": "id"}
        return csv_records(read_csv(text, file, findings, known_columns=ATTRIBUTES, aliases=aliases))

    def read_record(self, r: RecordReader) -> None:
        version = r.text("standard_version")
        if version and not re.fullmatch(r"v?3(\.0)?", version, re.I):
            r.error("standard_version", _("{value!r}: this reads the v3.0 template"), value=version)
        r.language = "en"
        title, name = r.text("title"), r.text("name")
        r.content["name"] = {"en": " ".join((title or name).split())} if (title or name) else {}
        r.line_text("one_sentence_description", "short_description")
        r.line_text("team", "department")
        for attr, key in _RICH.items():
            r.rich(attr, key)
        for attr, key in _PLAIN.items():
            r.plain(attr, key)
        r.enum("phase", "lifecycle_status", enums.ATRS_PHASE)
        functions = [v for v in re.split(r"[,;|]", r.text("function")) if v.strip()]
        r.content["policy_domains"] = r.enum_list(
            "function", functions, enums.ATRS_FUNCTION, keep_unmapped=enums.ATRS_FUNCTION_VALUES
        )
        r.content["keywords"] = keywords_from(r.text("tags"))
        r.content["risks"] = risks_from(r.text("risks_and_mitigations"), "en")
        notes, links = split_links(r.text("impact_assessment"))
        r.content["impact_assessment_notes"] = {"en": notes} if notes else {}
        r.content["impact_assessments"] = [
            {"type": enums.NL_IMPACT_ASSESSMENTS.get(item["title"], "other"), **item} for item in links
        ]
        names = [n.strip() for n in r.text("source_data_name").split(";") if n.strip()]
        urls = r.text("source_data_url").split()
        if names and len(names) == len(urls) and all(u.startswith(("http://", "https://")) for u in urls):
            r.content["data_sources"] = [{"title": n, "link": u} for n, u in zip(names, urls, strict=True)]
        else:
            r.keep("source_data_name", "source_data_url")
        r.organisation_name = r.text("organisation_name") or r.text("organisation_or_department")
        if r.text("organisation_or_department") not in ("", r.organisation_name):
            r.keep("organisation_or_department")
        for attr in ("date_of_completion", "date_updated", "date_archived"):
            r.date(attr)
        r.native_id = r.text("id")
        r.keep("id", *KEPT)
        if name == title:
            r.extensions.pop("name", None)
        for attr in ("contact_email", "description", "process_integration", "human_decisions_and_review"):
            if not r.text(attr):
                r.warn(attr, REQUIRED_BY_STANDARD)

    def write(self, records: Iterable[ExportRecord], *, fmt: str, language: str | None = None) -> WriteResult:
        result = WriteResult(b"", MEDIA_TYPES["csv"])
        rows = []
        for record in records:
            w = RecordWriter(self, record, language)
            row = self.write_record(w)
            rows.append([row.get(a, "") for a in ATTRIBUTES])
            result.not_held += [n for n in self.not_held(record) if not n.field.startswith(f"{self.key}:")]
            result.warnings += w.notes
        result.data = write_csv(ATTRIBUTES, rows)
        return result

    def write_record(self, w: RecordWriter) -> dict[str, str]:
        record = w.record
        original = str(record.content.get("original_language") or "en")
        out = {a: w.ext(a) for a in KEPT}
        out["id"] = w.ext("id")
        if out["id"] and not out["id"].isdigit():
            note = _("{value!r}: an ATRS id is a number that GOV.UK assigns; left empty")
            w.note("id", note, value=out["id"])
            out["id"] = ""
        out["standard_version"] = VERSION
        out["organisation_type"] = w.ext("organisation_type") or enums.ATRS_ORGANISATION_TYPE.get(
            record.organisation_type, ""
        )
        functions = []
        for code in w.value("policy_domains") or []:
            function = enums.ATRS_FUNCTION.value(code)
            if function is None:
                w.note("policy_domains", _("{code!r} has no ATRS function; left out"), code=code)
                continue
            if not enums.ATRS_FUNCTION.exact(code):
                w.note(
                    "policy_domains", _("{code!r} written as the function {function!r}"), code=code, function=function
                )
            functions.append(function)
        functions += [v.strip() for v in w.ext("function").split(",") if v.strip()]
        out["function"] = ", ".join(dict.fromkeys(functions))
        out["tags"] = ", ".join(w.value("keywords") or [])
        out["title"] = w.text("name")
        out["name"] = w.ext("name") or out["title"]
        out["organisation_name"] = record.organisation_name
        out["organisation_or_department"] = w.ext("organisation_or_department") or record.organisation_name
        out["phase"] = w.enum("lifecycle_status", enums.ATRS_PHASE)
        out["one_sentence_description"] = w.text("short_description")
        out["team"] = w.text("department")
        for attr, key in _RICH.items():
            out[attr] = w.text(key)
        for attr, key in _PLAIN.items():
            out[attr] = str(w.value(key) or "")
        out["external_supplier_involvement"] = w.ext("external_supplier_involvement") or (
            "Yes" if w.value("supplier") else ""
        )
        out["risks_and_mitigations"] = risks_text(w.value("risks") or [], w.language, original)
        assessments = [
            {"title": item.get("title", ""), "link": item.get("link", "")}
            for item in w.value("impact_assessments") or []
        ]
        out["impact_assessment"] = "\n\n".join(
            p for p in (w.text("impact_assessment_notes"), links_text(assessments)) if p
        )
        sources = w.value("data_sources") or []
        if sources:
            out["source_data_name"] = "; ".join(s["title"] for s in sources)
            out["source_data_url"] = " ".join(s["link"] for s in sources)
        out["date_of_completion"] = w.ext("date_of_completion") or record.first_published
        out["date_updated"] = max(w.ext("date_updated"), record.last_published)
        out["date_archived"] = w.ext("date_archived") or record.retired_on
        w.required(out, REQUIRED_TEXTS, REQUIRED_OTHERS)
        return out
