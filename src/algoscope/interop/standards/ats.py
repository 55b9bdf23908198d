"""Eurocities Algorithmic Transparency Standard 0.3.1: JSON per its JSON Schema, and its ``;``-separated CSV
template. Pure Python.

Attributes, required fields and enumerations from ``schema-v0_3_1.yaml`` (``shared/data/standards/eurocities-ats``).
Enumerations are written in the registration's language where the schema has it (English or Dutch) and read in
either. A registration is in one language (``lang``); it fills that language of the record.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from algoscope.common.messages import gettext_noop as _
from algoscope.interop.standards import enums
from algoscope.interop.standards.base import (
    REQUIRED_BY_STANDARD,
    UNKNOWN_VALUE,
    ExtensionField,
    RawRecords,
    RecordReader,
    RecordWriter,
    Standard,
    csv_records,
    json_records,
    keywords_from,
    links_text,
    parse_links_text,
    risks_from,
    risks_text,
    shorten,
    split_links,
)
from algoscope.interop.standards.files import MEDIA_TYPES, load_json, read_csv, write_csv
from algoscope.interop.standards.model import ExportRecord, Finding, WriteResult
from algoscope.register.validation import is_email

VERSION = "0.3.1"
ATTRIBUTES = (
    "name",
    "description_short",
    "organization",
    "department",
    "contact_email",
    "contact_phone",
    "contact_name",
    "area",
    "domain",
    "website",
    "status",
    "remark",
    "decision_making_process",
    "goal",
    "impact",
    "risks",
    "risk_category",
    "proportionality",
    "lawful_basis",
    "documentation",
    "training_data",
    "source_data",
    "data_bias",
    "connected_data_sources",
    "DPIA_description",
    "DPIA_url",
    "algorithm_type",
    "description",
    "methods_and_models",
    "performance",
    "alternatives_considered",
    "product_information",
    "codebase_url",
    "product_page",
    "AIA_description",
    "AIA_url",
    "monitoring",
    "type",
    "human_intervention",
    "objection_procedure",
    "rollback",
    "standard_version",
    "uuid",
    "lang",
    "publication_date",
    "last_change_date",
    "revision_date",
    "revision_note",
    "keywords",
)
_LINE = {"name": "name", "description_short": "short_description", "department": "department", "area": "geography"}
_RICH = {
    "decision_making_process": "decision_process",
    "goal": "purpose_and_impact",
    "proportionality": "proportionality",
    "source_data": "data_description",
    "description": "methods_and_models",
    "alternatives_considered": "alternatives",
    "human_intervention": "human_oversight",
    "objection_procedure": "objection_procedure",
}
_PLAIN = {
    "contact_email": "contact_email",
    "contact_phone": "contact_phone",
    "website": "more_info_url",
    "codebase_url": "source_code_url",
}
_ENUMS = {
    "status": ("lifecycle_status", enums.ATS_STATUS),
    "algorithm_type": ("learning_type", enums.ATS_ALGORITHM_TYPE),
    "type": ("analytics_type", enums.ATS_TYPE),
}
KEPT = (
    "contact_name",
    "remark",
    "impact",
    "risk_category",
    "documentation",
    "training_data",
    "data_bias",
    "DPIA_description",
    "methods_and_models",
    "performance",
    "product_information",
    "product_page",
    "AIA_description",
    "monitoring",
    "rollback",
    "uuid",
    "publication_date",
    "last_change_date",
    "revision_date",
    "revision_note",
)
# The schema's required attributes: texts get the "not provided" sentence when empty, the others cannot say so.
REQUIRED_TEXTS = (
    "name",
    "description_short",
    "organization",
    "department",
    "area",
    "decision_making_process",
    "goal",
    "impact",
    "risks",
    "proportionality",
    "lawful_basis",
    "training_data",
    "source_data",
    "connected_data_sources",
    "description",
    "monitoring",
    "human_intervention",
    "objection_procedure",
)
REQUIRED_OTHERS = (
    "contact_email",
    "domain",
    "status",
    "risk_category",
    "algorithm_type",
    "type",
    "publication_date",
    "last_change_date",
    "revision_date",
)
SHORT_DESCRIPTION_LIMIT = 150
_LANGS = ("en", "nl", "fr", "de")
_AIA_TYPES = ("aiia", "iama", "fraia", "fria")
NAMESPACE = uuid.UUID("6f6a0d1e-5b0c-4f57-9a3e-0b6c3f1d2a77")  # ours: registrations' uuids from Algoscope ids


class EurocitiesAts(Standard):
    key: ClassVar[str] = "eurocities-ats"
    label: ClassVar[str] = "Eurocities ATS 0.3.1"
    formats: ClassVar[tuple[str, ...]] = ("json", "csv")
    default_language: ClassVar[str] = "en"
    field_names: ClassVar[Mapping[str, str]] = {
        **{key: name for name, key in _LINE.items()},
        **{key: name for name, key in _RICH.items()},
        **{key: name for name, key in _PLAIN.items()},
        **{key: name for name, (key, _table) in _ENUMS.items()},
        "policy_domains": "domain",
        "risks": "risks",
        "legal_basis_notes": "lawful_basis",
        "legal_bases": "lawful_basis",
        "data_sources": "connected_data_sources",
        "impact_assessments": "DPIA_url",
        "keywords": "keywords",
    }
    extension_fields: ClassVar[tuple[ExtensionField, ...]] = (
        *tuple(ExtensionField(n, n) for n in KEPT),
        ExtensionField("connected_data_sources", "connected_data_sources"),
        ExtensionField("domain", "domain"),
    )
    id_fields: ClassVar[tuple[str, ...]] = ("uuid",)
    date_fields: ClassVar[tuple[str, ...]] = ("publication_date", "last_change_date")

    def write_language(self, content: Mapping[str, Any]) -> str:
        return str(content.get("original_language") or "en")  # a registration is in the record's own language

    # reading -------------------------------------------------------------------------------------------------------
    def raw_records(self, text: str, *, file: str, fmt: str, findings: list[Finding]) -> RawRecords:
        if fmt == "csv":
            return csv_records(read_csv(text, file, findings, known_columns=ATTRIBUTES, expected_delimiter=";"))
        return json_records(load_json(text, file), file, findings, "registration")

    def read_record(self, r: RecordReader) -> None:
        unknown = sorted(set(r.raw) - set(ATTRIBUTES))
        for name in unknown:
            r.error(name, _("not an attribute of the Eurocities ATS 0.3.1"))
        if unknown and r.text("standard_version") != VERSION:
            r.error("", _("this does not look like an ATS registration (no standard_version '0.3.1')"))
        version = r.text("standard_version")
        if version and version != VERSION:
            r.error("standard_version", _("{value!r}: this reads version {version}"), value=version, version=VERSION)
        lang = r.text("lang").casefold()[:2] or "en"
        if lang not in _LANGS:
            r.error("lang", _("unknown language {value!r}; use en, nl, fr or de"), value=r.text("lang"))
        r.language = lang if lang in _LANGS else "en"
        r.declared_language = r.language if r.text("lang") and lang in _LANGS else ""
        for name, key in _LINE.items():
            r.line_text(name, key)
        for name, key in _RICH.items():
            r.rich(name, key)
        for name, key in _PLAIN.items():
            r.plain(name, key)
        table_lang = "nl" if r.language == "nl" else "en"  # the values are written back in the same language
        for name, (key, tables) in _ENUMS.items():
            r.enum(name, key, tables[table_lang])
        domains = r.get("domain")
        values = domains if isinstance(domains, list) else ([domains] if domains else [])
        r.content["policy_domains"] = r.enum_list("domain", values, enums.ATS_DOMAIN[table_lang])
        risk_category = r.text("risk_category")
        if risk_category and enums.ATS_RISK_CATEGORY["en"].code(risk_category) is None:
            allowed = ", ".join(enums.ATS_RISK_CATEGORY["en"].values)
            r.set_aside("risk_category", risk_category, UNKNOWN_VALUE, value=risk_category, allowed=allowed)
        r.organisation_name = r.text("organization")
        r.content["risks"] = risks_from(r.text("risks"), r.language)
        notes, links = split_links(r.text("lawful_basis"))
        r.content["legal_basis_notes"] = {r.language: notes} if notes else {}
        r.content["legal_bases"] = links
        connected = r.text("connected_data_sources")
        parsed = parse_links_text(connected)
        r.content["data_sources"] = parsed or []
        if connected and parsed is None:
            r.extensions["connected_data_sources"] = connected
        assessments = []
        if url := r.text("DPIA_url"):
            assessments.append({"type": "dpia", "title": "DPIA", "link": url})
        if url := r.text("AIA_url"):
            assessments.append({"type": "aiia", "title": "AIA", "link": url})
        r.content["impact_assessments"] = assessments
        r.content["keywords"] = keywords_from(r.text("keywords"))
        for name in ("publication_date", "last_change_date", "revision_date"):
            r.date(name)
        identifier = r.text("uuid")
        if identifier:
            try:
                uuid.UUID(identifier)
            except ValueError:
                r.error("uuid", _("{value!r} is not a UUID"), value=identifier)
        r.native_id = identifier
        r.keep(*KEPT)
        for name in ("department", "area", "decision_making_process", "goal", "impact", "risks", "lawful_basis"):
            if not r.text(name):
                r.warn(name, REQUIRED_BY_STANDARD)

    # writing -------------------------------------------------------------------------------------------------------
    def write(self, records: Iterable[ExportRecord], *, fmt: str, language: str | None = None) -> WriteResult:
        result = WriteResult(b"", MEDIA_TYPES[fmt])
        rows = []
        for record in records:
            w = RecordWriter(self, record, language)
            rows.append(self.write_record(w))
            result.not_held += [n for n in self.not_held(record) if not n.field.startswith(f"{self.key}:")]
            result.warnings += w.notes
        if fmt == "json":
            cleaned = [{k: v for k, v in row.items() if v != ""} for row in rows]
            result.data = (json.dumps(cleaned, ensure_ascii=False, indent=2) + "\n").encode()
        else:
            result.data = write_csv(ATTRIBUTES, ([row[a] for a in ATTRIBUTES] for row in rows), delimiter=";")
        return result

    def write_record(self, w: RecordWriter) -> dict[str, str]:
        record, lang = w.record, w.language
        original = str(record.content.get("original_language") or lang)
        table_lang = "nl" if lang == "nl" else "en"
        out: dict[str, str] = {a: w.ext(a) for a in KEPT}
        for name, key in _LINE.items():
            out[name] = w.text(key)
        for name, key in _RICH.items():
            out[name] = w.text(key)
        for name, key in _PLAIN.items():
            out[name] = str(w.value(key) or "")
        for name, (key, tables) in _ENUMS.items():
            out[name] = w.enum(key, tables[table_lang])
        out["organization"] = record.organisation_name
        domains = list(w.value("policy_domains") or [])
        out["domain"] = enums.ATS_DOMAIN[table_lang].value(domains[0]) or "" if domains else w.ext("domain")
        for code in domains[1:]:
            w.note("policy_domains", _("{code!r} not written: the standard has one domain per registration"), code=code)
        risk = w.ext("risk_category")
        if not risk and record.ai_act_class in enums.AI_ACT_TO_ATS_RISK:
            risk = enums.ATS_RISK_CATEGORY[table_lang].value(enums.AI_ACT_TO_ATS_RISK[record.ai_act_class]) or ""
        out["risk_category"] = risk
        out["risks"] = risks_text(w.value("risks") or [], lang, original)
        notes = w.text("legal_basis_notes")
        links = links_text(w.value("legal_bases") or [])
        out["lawful_basis"] = "\n\n".join(part for part in (notes, links) if part)
        sources = w.value("data_sources") or []
        out["connected_data_sources"] = links_text(sources) if sources else w.ext("connected_data_sources")
        out["DPIA_url"], out["AIA_url"] = "", ""
        for i, item in enumerate(w.value("impact_assessments") or []):
            slot = "DPIA_url" if item.get("type") == "dpia" else "AIA_url" if item.get("type") in _AIA_TYPES else ""
            if slot and item.get("link") and not out[slot]:
                out[slot] = item["link"]
            else:
                note = _("{title!r}: the standard holds one DPIA and one AIA link")
                w.note(f"impact_assessments.{i}", note, title=item.get("title"))
        out["keywords"] = ", ".join(w.value("keywords") or [])
        out["standard_version"] = VERSION
        out["lang"] = lang
        out["uuid"] = w.ext("uuid") or native_uuid(record)
        out["publication_date"] = _earliest(w.ext("publication_date"), record.first_published)
        out["last_change_date"] = _latest(w.ext("last_change_date"), record.last_published)
        if len(out["description_short"]) > SHORT_DESCRIPTION_LIMIT:
            note = _("{length} characters, the standard allows {limit}: shortened at a word boundary")
            w.note("short_description", note, length=len(out["description_short"]), limit=SHORT_DESCRIPTION_LIMIT)
            out["description_short"] = shorten(out["description_short"], SHORT_DESCRIPTION_LIMIT)
        if out["contact_email"] and not is_email(out["contact_email"]):
            note = _("{value!r} is not an e-mail address, which the standard asks for here: left empty")
            w.note("contact_email", note, value=out["contact_email"])
            out["contact_email"] = ""
        w.required(out, REQUIRED_TEXTS, REQUIRED_OTHERS)
        return {a: out.get(a, "") for a in ATTRIBUTES}


def native_uuid(record: ExportRecord) -> str:
    """A registration's uuid for a record that came from no ATS file: stable, derived from its Algoscope id."""
    return str(uuid.uuid5(NAMESPACE, record.public_id))


def _earliest(a: str, b: str) -> str:
    return min(x for x in (a, b) if x) if (a or b) else ""


def _latest(a: str, b: str) -> str:
    return max(x for x in (a, b) if x) if (a or b) else ""
