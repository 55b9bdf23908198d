"""NL Algoritmeregister, publication standard 1.0: JSON as its API returns it, and its CSV download. Pure Python.

Field names, limits and enumerations from ``config_v1_0.json`` (``shared/data/standards/nl-algoritmeregister``).
Long texts are HTML limited to ``div, br, p, ul, ol, li`` (converted from and to our Markdown); the register is
Dutch only (``lang`` = ``nld``). Keys of the older versions 0.1–0.4 that records still carry are read and kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from algoscope.common.messages import gettext_noop as _
from algoscope.interop.standards import enums
from algoscope.interop.standards.base import (
    DRAFT_DEFAULTS,
    REQUIRED_BY_STANDARD,
    SWAPPED,
    TOO_LONG,
    ExtensionField,
    RawRecords,
    RecordReader,
    RecordWriter,
    Standard,
    csv_records,
    is_empty,
    json_records,
    keywords_from,
    looks_like_url,
    risks_from,
    risks_text,
)
from algoscope.interop.standards.files import MEDIA_TYPES, load_json, read_csv, read_xlsx, write_csv, write_xlsx
from algoscope.interop.standards.model import ExportRecord, Finding, WriteResult
from algoscope.interop.standards.textformat import html_to_markdown, markdown_to_html

# The 1.0 fields in the order of the register's layout (general, responsible use, operation, metadata).
FIELDS_1_0 = (
    "name",
    "description_short",
    "organization",
    "category",
    "status",
    "begin_date",
    "end_date",
    "contact_email",
    "website",
    "publication_category",
    "url",
    "goal",
    "proportionality",
    "human_intervention",
    "risks",
    "lawful_basis",
    "lawful_basis_grouping",
    "process_index_url",
    "impacttoetsen",
    "impacttoetsen_grouping",
    "source_data",
    "source_data_grouping",
    "methods_and_models",
    "provider",
    "publiccode",
    "lang",
    "standard_version",
    "source_id",
    "tags",
)
SYSTEM_FIELDS = ("lars", "publication_dt")
# Keys of versions 0.1–0.4 (and the templates' ``id``): read and kept, not written to 1.0.
OLDER_FIELDS = (
    "id",
    "uuid",
    "type",
    "area",
    "department",
    "description",
    "impact",
    "decision_making_process",
    "documentation",
    "application_url",
    "competent_authority",
    "iama",
    "iama_description",
    "dpia",
    "dpia_description",
    "objection_procedure",
    "monitoring",
    "performance_standard",
    "mprd",
    "revision_date",
    "lawful_basis_link",
    "source_data_link",
)
# The Dutch column labels of the register's spreadsheet download, accepted as CSV headers.
LABELS = {
    "name": "Naam",
    "description_short": "Korte omschrijving",
    "organization": "Organisatie",
    "category": "Thema",
    "status": "Status",
    "begin_date": "Begindatum",
    "end_date": "Einddatum",
    "contact_email": "Contactgegevens",
    "website": "Link naar publiekspagina",
    "publication_category": "Publicatiecategorie",
    "url": "Link naar bronregistratie",
    "goal": "Doel en impact",
    "proportionality": "Afwegingen",
    "human_intervention": "Menselijke tussenkomst",
    "risks": "Risicobeheer",
    "lawful_basis": "Wettelijke basis",
    "lawful_basis_grouping": "Links naar wettelijke basis",
    "process_index_url": "Link naar verwerkingsregister",
    "impacttoetsen": "Toelichting op impacttoetsen",
    "impacttoetsen_grouping": "Impacttoetsen",
    "source_data": "Gegevens",
    "source_data_grouping": "Links naar gegevensbronnen",
    "methods_and_models": "Technische werking",
    "provider": "Leverancier",
    "publiccode": "Link naar broncode",
    "lang": "Taal",
    "standard_version": "Schema",
    "source_id": "Bron-ID",
    "tags": "Zoektermen",
    "lars": "Algoritme-ID",
    "publication_dt": "Publicatiedatum",
}
_COLUMNS = (*FIELDS_1_0, *SYSTEM_FIELDS, *OLDER_FIELDS)  # what a CSV or Excel download may have as columns
_ALIASES = {label.casefold(): key for key, label in LABELS.items()} | {"algorithm_id": "lars"}
LIMITS = {
    "name": 100,
    "description_short": 400,
    "organization": 100,
    "contact_email": 500,
    "goal": 2500,
    "proportionality": 2500,
    "human_intervention": 2500,
    "risks": 2500,
    "lawful_basis": 2500,
    "impacttoetsen": 2500,
    "source_data": 2500,
    "methods_and_models": 5000,
    "provider": 200,
    "source_id": 100,
    "tags": 2500,
}
LANGS = {"nld": "nl", "nl": "nl", "eng": "en", "en": "en", "fra": "fr", "fr": "fr", "deu": "de", "de": "de"}
_RICH = {
    "goal": "purpose_and_impact",
    "proportionality": "proportionality",
    "human_intervention": "human_oversight",
    "lawful_basis": "legal_basis_notes",
    "impacttoetsen": "impact_assessment_notes",
    "source_data": "data_description",
    "methods_and_models": "methods_and_models",
}
_PLAIN = {
    "contact_email": "contact_email",
    "website": "more_info_url",
    "url": "source_register_url",
    "process_index_url": "processing_register_url",
    "provider": "supplier",
    "publiccode": "source_code_url",
    "source_id": "source_id",
}


class NlAlgoritmeregister(Standard):
    key: ClassVar[str] = "nl-algoritmeregister"
    label: ClassVar[str] = "NL Algoritmeregister 1.0"
    formats: ClassVar[tuple[str, ...]] = ("json", "csv", "xlsx")
    default_language: ClassVar[str] = "nl"
    field_names: ClassVar[Mapping[str, str]] = {
        "name": "name",
        "short_description": "description_short",
        "policy_domains": "category",
        "lifecycle_status": "status",
        "start_date": "begin_date",
        "end_date": "end_date",
        "publication_category": "publication_category",
        "risks": "risks",
        "legal_bases": "lawful_basis_grouping",
        "impact_assessments": "impacttoetsen_grouping",
        "data_sources": "source_data_grouping",
        "keywords": "tags",
        **{key: name for name, key in _RICH.items()},
        **{key: name for name, key in _PLAIN.items()},
    }
    extension_fields: ClassVar[tuple[ExtensionField, ...]] = (
        ExtensionField("lars", "Algoritme-ID"),
        ExtensionField("publication_dt", "Publicatiedatum"),
        *(ExtensionField(name, name) for name in OLDER_FIELDS),
    )
    id_fields: ClassVar[tuple[str, ...]] = ("lars", "id", "uuid")
    date_fields: ClassVar[tuple[str, ...]] = ("publication_dt",)

    def write_language(self, content: Mapping[str, Any]) -> str:
        """Dutch: NL 1.0 holds Dutch registrations only (``lang`` is always ``nld``). A text with no Dutch version
        is written in its original language with a notice naming the field (never relabelled silently)."""
        return "nl"

    # reading -------------------------------------------------------------------------------------------------------
    def raw_records_from_bytes(self, data: bytes, *, file: str, fmt: str, findings: list[Finding]) -> RawRecords:
        if fmt == "xlsx":
            return csv_records(read_xlsx(data, file, findings, known_columns=_COLUMNS, aliases=_ALIASES))
        return super().raw_records_from_bytes(data, file=file, fmt=fmt, findings=findings)

    def raw_records(self, text: str, *, file: str, fmt: str, findings: list[Finding]) -> RawRecords:
        if fmt == "csv":
            return csv_records(read_csv(text, file, findings, known_columns=_COLUMNS, aliases=_ALIASES))
        data = load_json(text, file)
        if isinstance(data, Mapping) and isinstance(data.get("algoritme_versions"), list):
            data = data["algoritme_versions"]  # the register's full dump (pub_data.json)
        return json_records(data, file, findings, "record")

    def read_record(self, r: RecordReader) -> None:
        known = {*FIELDS_1_0, *SYSTEM_FIELDS, *OLDER_FIELDS}
        unknown = sorted(set(r.raw) - known)
        version = r.text("standard_version")
        nl_version = not version or re.fullmatch(r"1(\.0){1,2}|0\.[1-4](\.\d+)?", version)
        foreign = not {"name", "description_short"} & set(r.raw) or len(unknown) > MAX_OWN_FIELDS or not nl_version
        if unknown and foreign:
            for name in unknown:
                r.error(name, _("not a field of the NL Algoritmeregister standard"))
            r.error("", _("this does not look like an NL Algoritmeregister record (no name, no description_short)"))
        else:
            for name in unknown:  # a register's own extra field: kept, named
                r.set_aside(name, r.get(name), _("not a field of the NL Algoritmeregister standard"))
        lang = r.text("lang").casefold() or "nld"
        if lang not in LANGS:
            r.set_aside("lang", lang, _("unknown language {value!r}; the register's records are 'nld'"), value=lang)
        elif lang != "nld":
            r.warn(
                "lang",
                _("NL 1.0 registrations are Dutch; the texts are read as {value!r}, as the file says"),
                value=lang,
            )
        r.language = LANGS.get(lang, "nl")
        r.declared_language = r.language  # the standard's records are Dutch unless the file says otherwise
        if not nl_version:
            r.set_aside(
                "standard_version",
                version,
                _("unknown version {value!r}; this reads 1.0 (and the fields of 0.1–0.4)"),
                value=version,
            )
        for name, limit in LIMITS.items():
            value = r.text(name)
            if len(value) > limit and name not in _RICH:
                r.warn(name, TOO_LONG, length=len(value), limit=limit)
        r.line_text("name", "name", html=True)
        r.line_text("description_short", "short_description", html=True)
        r.organisation_name = r.text("organization")
        for name, key in _RICH.items():
            r.rich(name, key, html=True)
        for name, key in _PLAIN.items():
            r.plain(name, key)
        r.content["policy_domains"] = r.enum_list("category", _list(r, "category"), enums.NL_CATEGORY)
        r.enum("status", "lifecycle_status", enums.NL_STATUS)
        r.enum("publication_category", "publication_category", enums.NL_PUBLICATION_CATEGORY)
        r.month("begin_date", "start_date")
        r.month("end_date", "end_date")
        r.content["risks"] = risks_from(html_to_markdown(r.text("risks")), r.language)
        r.content["legal_bases"] = _links(r, "lawful_basis_grouping", link_required=True)
        r.content["data_sources"] = _links(r, "source_data_grouping", link_required=True)
        r.content["impact_assessments"] = _assessments(r)
        r.content["keywords"] = keywords_from(html_to_markdown(r.text("tags")).replace("\n", ","))
        r.native_id = r.text("lars") or r.text("id")
        r.keep("lars", "publication_dt", *OLDER_FIELDS)
        if not r.text("contact_email"):
            r.warn("contact_email", REQUIRED_BY_STANDARD)

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
            result.data = (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode()
        else:
            kept = sorted({name for row in rows for name in row} - {*FIELDS_1_0, *SYSTEM_FIELDS})
            header = ["algorithm_id", *FIELDS_1_0, "publication_dt", *kept]
            cells = (
                [
                    row["lars"] or "",
                    *(_cell(row[name]) for name in FIELDS_1_0),
                    row["publication_dt"] or "",
                    *(_cell(row.get(name)) for name in kept),
                ]
                for row in rows
            )
            result.data = write_csv(header, cells) if fmt == "csv" else write_xlsx(header, cells, sheet="Algoritmes")
        return result

    def write_record(self, w: RecordWriter) -> dict[str, Any]:
        record = w.record
        original = str(record.content.get("original_language") or "nl")
        out: dict[str, Any] = {
            "name": w.text("name"),
            "description_short": w.text("short_description"),
            "organization": record.organisation_name,
        }
        domains = w.value("policy_domains") or []
        themes = []
        for code in domains:
            theme = enums.NL_CATEGORY.value(code)
            if theme is None:
                w.note("policy_domains", _("{code!r} has no Dutch theme; left out"), code=code)
            else:
                if not enums.NL_CATEGORY.exact(code):
                    w.note(
                        "policy_domains", _("{code!r} written as the nearest theme {theme!r}"), code=code, theme=theme
                    )
                themes.append(theme)
        out["category"] = list(dict.fromkeys(themes))
        out["status"] = w.enum("lifecycle_status", enums.NL_STATUS)
        out["begin_date"] = w.value("start_date")
        out["end_date"] = w.value("end_date")
        out["contact_email"] = w.value("contact_email")
        out["website"] = w.value("more_info_url")
        out["publication_category"] = w.enum("publication_category", enums.NL_PUBLICATION_CATEGORY)
        out["url"] = w.value("source_register_url")
        for name, key in _RICH.items():
            out[name] = markdown_to_html(w.text(key))
        out["risks"] = markdown_to_html(risks_text(w.value("risks") or [], w.language, original))
        out["lawful_basis_grouping"] = [{"title": i["title"], "link": i["link"]} for i in w.value("legal_bases") or []]
        out["process_index_url"] = w.value("processing_register_url")
        out["impacttoetsen_grouping"] = [
            {
                "title": i.get("title") or enums.NL_ASSESSMENT_TITLES.get(i.get("type", ""), ""),
                "link": i.get("link") or None,
            }
            for i in w.value("impact_assessments") or []
        ]
        out["source_data_grouping"] = [{"title": i["title"], "link": i["link"]} for i in w.value("data_sources") or []]
        out["provider"] = w.value("supplier")
        out["publiccode"] = w.value("source_code_url")
        out["lang"] = "nld"  # the only value NL 1.0 permits
        out["standard_version"] = "1.0"
        out["source_id"] = w.value("source_id")
        out["tags"] = ", ".join(w.value("keywords") or [])
        for name, limit in LIMITS.items():
            if isinstance(out.get(name), str) and len(out[name]) > limit:
                w.note(name, TOO_LONG, length=len(out[name]), limit=limit)
        out["lars"] = w.ext("lars") or record.public_id
        out["publication_dt"] = w.ext("publication_dt") or record.last_published or None
        for name, raw in w.extensions.items():  # the kept fields go back out in their own standard
            if name not in SYSTEM_FIELDS:
                out[name] = _with_kept(out.get(name), raw, derived=_derived_on_import(record, name, out.get(name)))
        return {name: (None if is_empty(value) else value) for name, value in out.items()}


MAX_OWN_FIELDS = 1  # more fields the standard does not have: a record of another standard, refused with them named


def _list(r: RecordReader, name: str) -> list[Any]:
    value = r.get(name)
    if value in (None, ""):
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                r.set_aside(name, value, _("not a valid JSON list ({reason})"), reason=exc.msg)
                return []
        else:
            return [part for part in re.split(r"[|;]", text) if part.strip()]
    if not isinstance(value, list):
        r.set_aside(name, value, _("must be a list"))
        return []
    return value


def _links(r: RecordReader, name: str, *, link_required: bool) -> list[dict[str, str]]:
    out = []
    for i, item in enumerate(_list(r, name)):
        where = f"{name}.{i}"
        if not isinstance(item, Mapping):
            r.set_aside(name, item, _("must be an object with title and link"))
            continue
        for extra in sorted(set(item) - {"title", "link"}):
            r.warn(f"{where}.{extra}", _("not a field of this list (title, link)"))
        title = " ".join(str(item.get("title") or "").split())
        link = str(item.get("link") or "").strip()
        if not title and not link:
            continue
        if looks_like_url(title) and link and not looks_like_url(link):
            r.warn(where, SWAPPED, title=title, link=link)
            title, link = link, title
        if not link and link_required:
            r.set_aside(name, dict(item), _("a link is required"))
            continue
        out.append({"title": title or link, "link": link})
    return out


def _assessments(r: RecordReader) -> list[dict[str, str]]:
    out = []
    for item in _links(r, "impacttoetsen_grouping", link_required=False):
        code = enums.NL_IMPACT_ASSESSMENTS.get(item["title"])
        if code is None:
            folded = {k.casefold(): v for k, v in enums.NL_IMPACT_ASSESSMENTS.items()}
            code = folded.get(item["title"].casefold())
        if code is None:
            if item["title"].casefold() == "geen":
                r.warn("impacttoetsen_grouping", _("'Geen' (none) is not an assessment; left out"))
                continue
            r.warn(
                "impacttoetsen_grouping",
                _("{title!r} is not one of the standard's titles; kept as 'other'"),
                title=item["title"],
            )
            code = "other"
        out.append({"type": code, **item})
    return out


def _derived_on_import(record: Any, name: str, value: Any) -> bool:
    """Whether ``value`` is only what the import put in place of a kept raw value (a draft default, a shortened
    name), not something a person chose since: then the raw value goes back out."""
    content = record.content
    if name == "status":
        return bool(content.get("lifecycle_status") == DRAFT_DEFAULTS["lifecycle_status"])
    if name == "publication_category":
        return bool(content.get("publication_category") == DRAFT_DEFAULTS["publication_category"])
    return name == "name" and isinstance(value, str) and value.endswith("…")


def _with_kept(value: Any, raw: str, *, derived: bool = False) -> Any:
    """A field's value with what was kept of it on import: list items set aside are added back (as the objects or
    values they were); a field left empty, or holding only what the import derived, gets its kept raw value (a
    list or object again when it was one)."""
    parsed = []
    for line in raw.split("\n"):
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            parsed = []
            break
    if isinstance(value, list) and parsed and all(isinstance(p, dict) for p in parsed):
        return [*value, *parsed]
    if isinstance(value, list) and value and not parsed:  # values of a list set aside (an unknown theme)
        return list(dict.fromkeys([*value, *raw.split("\n")]))
    if derived:
        return parsed[0] if len(parsed) == 1 and isinstance(parsed[0], (list, dict)) else raw
    if is_empty(value):
        if len(parsed) == 1 and isinstance(parsed[0], (list, dict)):
            return parsed[0]
        return raw
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return str(value)
