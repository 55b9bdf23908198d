"""What the standards' mappers share: reading one record's fields into canonical content, writing them back,
checking the result against the register's rules, and the per-standard description. Pure Python."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from algoscope.common.errors import InvalidInput
from algoscope.common.messages import Text
from algoscope.common.messages import gettext_noop as _
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.textfiles import spreadsheet_unsafe
from algoscope.interop.standards.enums import EnumMap
from algoscope.interop.standards.files import CsvTable, FileRejected, check_size, decode
from algoscope.interop.standards.language import detect
from algoscope.interop.standards.model import (
    ExportRecord,
    Finding,
    ImportedRecord,
    NotHeld,
    ReadResult,
    WriteResult,
)
from algoscope.interop.standards.textformat import DateProblem, html_to_markdown, html_to_text, parse_date, parse_month
from algoscope.register.content import FIELDS_BY_KEY, empty_content
from algoscope.register.validation import validate_content

UNKNOWN_VALUE = _("unknown value {value!r}; allowed: {allowed}")
TOO_LONG = _("{length} characters; the standard allows {limit}")
REQUIRED_BY_STANDARD = _("required by the standard; add it before the draft is submitted for review")
# A value that cannot go into its field is kept (among the record's kept fields, and written back to its own
# standard) and named, so that an editor fixes it; it never refuses the record.
SET_ASIDE = _("{value!r} is kept for an editor to fix, not imported: {reason}")
NEAREST_VALUE = _("{value!r} is read as the nearest value this register has, and written back as {written!r}")
SWAPPED = _("title and link were the wrong way round ({title!r}, {link!r}); swapped")
MAX_SET_ASIDE_ROUNDS = 50

# Neither ATS 0.3.1 nor ATRS 3.0 has a value for "not known". A required text attribute that a record does not fill
# is written as this sentence in the registration's language, listed in the export report, and read back as empty.
NOT_PROVIDED: Mapping[str, str] = {
    "en": "Not provided by the publishing organisation.",
    "nl": "Niet opgegeven door de publicerende organisatie.",
    "fr": "Non renseigné par l'organisation qui publie.",
    "de": "Von der veröffentlichenden Organisation nicht angegeben.",
}
_NOT_PROVIDED = frozenset(v.rstrip(".").casefold() for v in NOT_PROVIDED.values())


def is_not_provided(text: str) -> bool:
    return text.strip().rstrip(".").casefold() in _NOT_PROVIDED


# What a new draft gets for a required field that a standard does not hold (an editor reviews it).
DRAFT_DEFAULTS: Mapping[str, str] = {"publication_category": "other", "lifecycle_status": "development"}
DRAFT_DEFAULT_LABELS: Mapping[str, str] = {  # the same words as the code lists' labels, so translated alike
    "publication_category": _("Other algorithm"),
    "lifecycle_status": _("In development"),
}


def looks_like_url(text: str) -> bool:
    """A web address as registers write one (with or without the scheme), not a sentence."""
    return bool(re.fullmatch(r"(https?://|www\.)\S+", text.strip(), flags=re.IGNORECASE))


def join_kept(before: str, value: str) -> str:
    """Values kept for one field, one per line (a list's items set aside one by one); a control character (a NUL,
    say) is kept as U+FFFD, since no stored text may hold one."""
    value = "".join(ch if ch.isprintable() or ch in "\n\t" else "\ufffd" for ch in value).replace("\n", " ")
    return f"{before}\n{value}" if before and value not in before.split("\n") else (before or value)


def _is_fatal(problem: Any) -> bool:
    """Only a record without a name cannot be imported (it could not even be listed)."""
    key = str(problem.loc[0]) if problem.loc else ""
    return (key == "name" and problem.code == "required") or key in ("", "original_language")


LANGUAGE_CHOSEN = _("texts stored as {language!r}, as chosen for the import (the file: {before!r})")
LANGUAGE_CHOSEN_DETECTED = _(
    "texts stored as {language!r}, as chosen for the import (the file does not say; they read as {detected!r})"
)
LANGUAGE_DISAGREES = _(
    "the file says the texts are {declared!r}, but they read as {detected!r}; stored as {declared!r}: choose the "
    "language for the import if that is wrong"
)
LANGUAGE_DETECTED = _(
    "the file does not say the texts' language; they read as {language!r} ({confidence} percent sure) and are stored "
    "as such: choose the language for the import if that is wrong"
)
LANGUAGE_UNSURE = _(
    "the file does not say the texts' language and they are too short to tell; stored as {language!r}: choose the "
    "language for the import if that is wrong"
)


def _texts(content: Mapping[str, Any], language: str) -> list[str]:
    """The record's texts in ``language``, for telling which language they are in."""
    out = []
    for key, value in content.items():
        spec = FIELDS_BY_KEY.get(key)
        if spec is None or not spec.translated or not value:
            continue
        if isinstance(value, dict):
            out.append(str(value.get(language, "")))
        elif isinstance(value, list):
            out += [str((item.get(part) or {}).get(language, "")) for item in value for part in ("risk", "mitigation")]
    return out


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {})


def as_text(value: Any) -> str:
    """A raw value as text: ``None`` is empty; numbers are written as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


class RecordReader:
    """Reads one record's raw fields (``raw``, by the standard's field name) into canonical content."""

    def __init__(self, standard: Standard, raw: Mapping[str, Any], file: str, number: int, line: int | None) -> None:
        self.standard, self.raw, self.file, self.number, self.line = standard, raw, file, number, line
        self.findings: list[Finding] = []
        self.language = standard.default_language
        empty = empty_content()
        self.content: dict[str, Any] = {key: empty[key] for key in standard.holds}
        self.extensions: dict[str, str] = {}
        self.native_id = ""
        self.organisation_name = ""
        self.declared_language = ""  # the language the file states for the record ("" where it cannot say)

    def error(self, field_name: str, template: str, **params: Any) -> None:
        self.findings.append(Finding("error", self.file, field_name, template, self.number, self.line, params))

    def warn(self, field_name: str, template: str, **params: Any) -> None:
        self.findings.append(Finding("warning", self.file, field_name, template, self.number, self.line, params))

    def set_aside(self, field_name: str, raw: Any, template: str, **params: Any) -> None:
        """``raw`` cannot go into its field: keep it under the standard's field name, with a warning naming the
        field, the value and why."""
        text = as_text(raw)
        self.extensions[field_name] = join_kept(self.extensions.get(field_name, ""), text)
        self.warn(field_name, SET_ASIDE, value=text, reason=Text(template, **params))

    def get(self, name: str) -> Any:
        return self.raw.get(name)

    def text(self, name: str) -> str:
        value = self.raw.get(name)
        if isinstance(value, (list, dict)):
            if name not in self.extensions:
                self.set_aside(name, value, _("must be text, not a list or an object"))
            return ""
        text = as_text(value).replace("\r\n", "\n").strip()
        return "" if is_not_provided(text) else text

    # canonical setters ---------------------------------------------------------------------------------------------
    def line_text(self, name: str, key: str, *, html: bool = False) -> None:
        value = self.text(name)
        self._set_text(key, html_to_text(value) if html else " ".join(value.split()))

    def rich(self, name: str, key: str, *, html: bool = False) -> None:
        value = self.text(name)
        self._set_text(key, html_to_markdown(value) if html else value)

    def _set_text(self, key: str, text: str) -> None:
        self.content[key] = {self.language: text} if text else {}

    def plain(self, name: str, key: str) -> None:
        self.content[key] = self.text(name)

    def month(self, name: str, key: str) -> None:
        try:
            month, notice = parse_month(self.text(name))
        except DateProblem as exc:
            self.set_aside(name, self.text(name), exc.text.template, **exc.text.params)
            return
        if notice:
            self.warn(name, notice.template, **notice.params)
        self.content[key] = month

    def date(self, name: str) -> str:
        try:
            return parse_date(self.text(name))
        except DateProblem as exc:
            self.set_aside(name, self.text(name), exc.text.template, **exc.text.params)
            return ""

    def enum(self, name: str, key: str, table: EnumMap) -> None:
        value = self.text(name)
        if not value:
            return
        code = table.code(value)
        if code is None:
            self.set_aside(name, value, UNKNOWN_VALUE, value=value, allowed=", ".join(table.values))
            return
        self._nearest(name, value, code, table)
        self.content[key] = code

    def _nearest(self, name: str, value: str, code: str, table: EnumMap) -> None:
        """A value read as a code that is written back as another value (a neighbour, a variant) is said."""
        written = table.value(code)
        if written is not None and written.casefold() != " ".join(value.split()).casefold():
            self.warn(name, NEAREST_VALUE, value=value, written=written)

    def enum_list(
        self, name: str, values: Sequence[str], table: EnumMap, *, keep_unmapped: Sequence[str] = ()
    ) -> list[str]:
        """Codes of a multi-valued enumeration; values in ``keep_unmapped`` are valid but have no code."""
        codes, kept = [], []
        for value in values:
            value = " ".join(str(value).split())
            if not value:
                continue
            code = table.code(value)
            if code is not None:
                self._nearest(name, value, code, table)
                codes.append(code)
            elif value.casefold() in {k.casefold() for k in keep_unmapped}:
                kept.append(value)
            else:
                self.set_aside(name, value, UNKNOWN_VALUE, value=value, allowed=", ".join(table.values))
        if kept:
            self.extensions[name] = ", ".join(kept)
        return list(dict.fromkeys(codes))

    def keep(self, *names: str) -> None:
        """The standard's fields with no canonical home: kept as extensions, exported back to this standard."""
        for name in names:
            value = self.text(name)
            if value:
                self.extensions[name] = value

    def settle_language(self, chosen: str | None) -> None:
        """Decide the texts' language: the one the importer chose, else the one the file states, else the one
        detected in the texts; a detection that disagrees with the file, or that is unsure, is said, never acted on
        silently."""
        found = detect(_texts(self.content, self.language))
        if chosen:
            if self.declared_language and chosen != self.declared_language:
                self.warn("", LANGUAGE_CHOSEN, language=chosen, before=self.declared_language)
            elif not self.declared_language and found.language and chosen != found.language:
                self.warn("", LANGUAGE_CHOSEN_DETECTED, language=chosen, detected=found.language)
            if chosen != self.language:
                self._relabel(chosen)
            return
        if self.declared_language:
            if found.certain and found.language != self.declared_language:
                self.warn("lang", LANGUAGE_DISAGREES, declared=self.declared_language, detected=found.language)
            return
        if found.certain:
            if found.language != self.language:
                self.warn("", LANGUAGE_DETECTED, language=found.language, confidence=round(found.confidence * 100))
                self._relabel(found.language)
        elif found.language:
            self.warn("", LANGUAGE_UNSURE, language=self.language)

    def _relabel(self, language: str) -> None:
        old = self.language
        for key, value in self.content.items():
            spec = FIELDS_BY_KEY.get(key)
            if spec is None or not spec.translated or not value:
                continue
            if isinstance(value, dict) and old in value:
                self.content[key] = {language: value[old]}
            elif isinstance(value, list):
                for item in value:
                    for part in ("risk", "mitigation"):
                        if isinstance(item.get(part), dict) and old in item[part]:
                            item[part] = {language: item[part][old]}
        self.language = language

    def result(self) -> ImportedRecord:
        return ImportedRecord(
            number=self.number,
            line=self.line,
            language=self.language,
            content=self.content,
            extensions=self.extensions,
            native_id=self.native_id,
            organisation_name=self.organisation_name,
        )


class RecordWriter:
    """Writes one record's canonical fields in a standard's terms, noting what it cannot hold."""

    def __init__(self, standard: Standard, record: ExportRecord, language: str | None) -> None:
        self.standard, self.record = standard, record
        content = record.content
        self.language = language or standard.write_language(content)
        self.extensions: Mapping[str, str] = (content.get("extensions") or {}).get(standard.key, {})
        self.notes: list[NotHeld] = []

    def note(self, field_name: str, template: str, **params: Any) -> None:
        self.notes.append(NotHeld(self.record.public_id, field_name, template, params))

    def value(self, key: str) -> Any:
        return self.record.content.get(key)

    def text(self, key: str) -> str:
        """The text of ``key`` in the export language, else the original language (with a notice)."""
        texts: Mapping[str, str] = self.value(key) or {}
        if texts.get(self.language):
            return texts[self.language]
        for lang in (self.record.content.get("original_language"), *LANGUAGES):
            if lang and texts.get(lang):
                self.note(
                    key, _("no {language} text; the {original} text is written"), language=self.language, original=lang
                )
                return texts[lang]
        return ""

    def ext(self, name: str) -> str:
        return self.extensions.get(name, "")

    def required(self, out: dict[str, str], texts: Iterable[str], others: Iterable[str] = ()) -> None:
        """Fill the standard's required attributes the record leaves empty: a text with ``NOT_PROVIDED``, another
        type (an enumeration, a date, an e-mail) cannot say "not known" and stays empty; both are noted."""
        marker = NOT_PROVIDED.get(self.language, NOT_PROVIDED["en"])
        filled = [name for name in texts if not out.get(name)]
        for name in filled:
            out[name] = marker
        if filled:
            note = _("required by {standard}, not in this record: written as {marker!r}")
            self.note(", ".join(filled), note, standard=self.standard.label, marker=marker)
        empty = [name for name in others if not out.get(name)]
        if empty:
            note = _(
                "required by {standard}, not in this record, and the standard has no value for 'not known': left empty"
            )
            self.note(", ".join(empty), note, standard=self.standard.label)

    def enum(self, key: str, table: EnumMap) -> str:
        code = str(self.value(key) or "")
        if not code:
            return ""
        value = table.value(code)
        if value is None:
            self.note(key, _("{code!r} has no value in {table}; left empty"), code=code, table=table.name)
            return ""
        if not table.exact(code):
            self.note(
                key,
                _("{code!r} written as {value!r}, the nearest value of {table}"),
                code=code,
                value=value,
                table=table.name,
            )
        return value


@dataclass(frozen=True)
class ExtensionField:
    name: str
    label: str


@dataclass
class Standard:
    """A standard's mapper. Subclasses set the class attributes and implement the per-record functions."""

    key: ClassVar[str]
    label: ClassVar[str]
    formats: ClassVar[tuple[str, ...]]
    default_language: ClassVar[str] = "en"
    # canonical key → the standard's field that holds it (for error messages and the "not held" lists)
    field_names: ClassVar[Mapping[str, str]] = {}
    extension_fields: ClassVar[tuple[ExtensionField, ...]] = ()
    id_fields: ClassVar[tuple[str, ...]] = ()  # the record's ids in the source register (the first: the main one)
    date_fields: ClassVar[tuple[str, ...]] = ()  # publication dates in the source register
    max_bytes: int = field(default=20 * 1024 * 1024)

    @property
    def holds(self) -> frozenset[str]:
        return frozenset(self.field_names)

    def write_language(self, content: Mapping[str, Any]) -> str:
        """The language a record is written in when the user does not choose one."""
        return self.default_language

    # reading -------------------------------------------------------------------------------------------------------
    def read(self, data: bytes, *, file: str, fmt: str, language: str | None = None) -> ReadResult:
        """``language``: the texts' language as the importer chose it (else: as the file says, else as detected)."""
        findings: list[Finding] = []
        try:
            check_size(file, len(data), self.max_bytes)
            if fmt not in self.formats:
                raise FileRejected(
                    Finding(
                        "error",
                        file,
                        "",
                        _("{standard} is not read from {format}"),
                        params={"standard": self.label, "format": fmt},
                    )
                )
            raws = self.raw_records_from_bytes(data, file=file, fmt=fmt, findings=findings)
        except FileRejected as exc:
            return ReadResult([], [*findings, exc.finding])
        records = []
        for number, line, raw in raws:
            reader = RecordReader(self, raw, file, number, line)
            self.read_record(reader)
            reader.settle_language(language)
            record = reader.result()
            findings += reader.findings
            findings += self.check(record, file)
            records.append(record)
        findings += _duplicates(records, file)
        return ReadResult(records, findings)

    def raw_records_from_bytes(self, data: bytes, *, file: str, fmt: str, findings: list[Finding]) -> RawRecords:
        """The raw records of a file; text formats are decoded first (a binary format overrides this)."""
        return self.raw_records(decode(data, file, findings), file=file, fmt=fmt, findings=findings)

    def raw_records(self, text: str, *, file: str, fmt: str, findings: list[Finding]) -> RawRecords:
        raise NotImplementedError

    def read_record(self, reader: RecordReader) -> None:
        raise NotImplementedError

    def check(self, record: ImportedRecord, file: str) -> list[Finding]:
        """The register's own rules on what the record would become as a new draft. A value that breaks a rule is
        set aside (kept under the standard's field name, with a warning naming field and value); only a record
        without a name is refused."""
        findings: list[Finding] = []
        for _round in range(MAX_SET_ASIDE_ROUNDS):
            problems = self._problems(record)
            movable = [p for p in problems if not _is_fatal(p)]
            if not movable:
                break
            for problem in movable[:1]:  # one at a time: positions in lists shift
                findings.append(self._set_aside(record, problem, file))
        for problem in self._problems(record):
            key = str(problem.loc[0]) if problem.loc else ""
            name = self.field_names.get(key, key)
            rest = ".".join(str(p) for p in problem.loc[1:] if p not in LANGUAGES)
            where = f"{name}.{rest}" if rest else name
            findings.append(Finding("error", file, where, problem.template, record.number, record.line, problem.params))
        return findings

    def _refuse_name(self, record: ImportedRecord, problem: Any, file: str) -> Finding:
        """A name that cannot be mended: the record cannot come in (it would have no usable name)."""
        record.content["name"] = {}
        return Finding("error", file, "name", problem.template, record.number, record.line, problem.params)

    def _problems(self, record: ImportedRecord) -> list[Any]:
        full = empty_content()
        full.update(record.content)
        full["original_language"] = record.language
        for key, default in DRAFT_DEFAULTS.items():
            if is_empty(full.get(key)):
                full[key] = default
        try:
            validate_content(full)
        except InvalidInput as exc:
            return list(exc.problems)
        return []

    def _set_aside(self, record: ImportedRecord, problem: Any, file: str) -> Finding:
        """Take the value a problem is about out of the record, keep it (raw) under the standard's field name."""
        key = str(problem.loc[0])
        name = self.field_names.get(key, key)
        content = record.content
        value: Any = content.get(key)
        reason = Text(problem.template, **problem.params)
        rest = problem.loc[1:]
        if key == "name" and rest and isinstance(rest[0], str):  # a name is never taken away, only mended
            whole = value[rest[0]]
            if problem.code == "too-long":  # shortened, the whole kept
                limit = int(problem.params.get("limit") or 150)
                mended = shorten(whole, limit)
            else:  # control characters and the like: taken out
                mended = "".join(ch for ch in whole if ch.isprintable() or ch == " ")
            if mended == whole or not mended.strip():
                return self._refuse_name(record, problem, file)
            content[key] = {**value, rest[0]: mended}
            value = whole
        elif rest and isinstance(rest[0], int) and isinstance(value, list) and rest[0] < len(value):
            items = list(value)
            value = items.pop(rest[0])  # one item of a list (a link, a risk): the others stay
            content[key] = items
        elif rest and isinstance(rest[0], str) and isinstance(value, dict):
            texts = dict(value)
            value = texts.pop(rest[0], "")
            content[key] = texts
        else:
            spec = FIELDS_BY_KEY.get(key)
            content[key] = empty_content()[key] if spec else None
        text = as_text(value)
        record.extensions[name] = join_kept(record.extensions.get(name, ""), text)
        where = name + ("." + ".".join(str(p) for p in rest if p not in LANGUAGES) if rest else "")
        shown = text  # the offending part of an item (its link, say), though the whole item is kept
        if len(rest) > 1 and isinstance(rest[1], str) and isinstance(value, dict) and rest[1] in value:
            shown = as_text(value[rest[1]])
        return Finding(
            "warning",
            file,
            where.rstrip("."),
            SET_ASIDE,
            record.number,
            record.line,
            {"value": shown, "reason": reason},
        )

    # writing -------------------------------------------------------------------------------------------------------
    def write(self, records: Iterable[ExportRecord], *, fmt: str, language: str | None = None) -> WriteResult:
        raise NotImplementedError

    def not_held(self, record: ExportRecord) -> list[NotHeld]:
        """Filled fields of ``record`` that this standard has no place for."""
        out = []
        for key, value in record.content.items():
            if is_empty(value) or key in self.holds or key in ("original_language",):
                continue
            if key == "extensions":
                for standard, fields in value.items():
                    if standard == self.key:
                        continue
                    for name in fields:
                        out.append(
                            NotHeld(
                                record.public_id,
                                f"{standard}:{name}",
                                _("a field of {standard} only"),
                                {"standard": standard},
                            )
                        )
                continue
            spec = FIELDS_BY_KEY.get(key)
            label = spec.label if spec else key
            out.append(
                NotHeld(
                    record.public_id,
                    key,
                    _("{standard} has no field for {field}"),
                    {"standard": self.label, "field": label.lower()},
                )
            )
        return out


RawRecords = list[tuple[int, int | None, Mapping[str, Any]]]  # (number, CSV line, fields by name)


def json_records(data: Any, file: str, findings: list[Finding], noun: str) -> RawRecords:
    """The records of a JSON file holding one record (an object) or a list of them."""
    if isinstance(data, Mapping):
        data = [data]
    if not isinstance(data, list):
        raise FileRejected(
            Finding("error", file, "", _("expected a {noun} (a JSON object) or a list of them"), params={"noun": noun})
        )
    out: RawRecords = []
    for i, item in enumerate(data, 1):
        if isinstance(item, Mapping):
            out.append((i, None, item))
        else:
            findings.append(
                Finding("error", file, "", _("a {noun} must be a JSON object"), record=i, params={"noun": noun})
            )
    return out


def csv_records(table: CsvTable) -> RawRecords:
    """The rows of a CSV, numbered, with a leading quote that our exports add before formulas removed."""
    return [
        (i, line, {k: spreadsheet_unsafe(v) for k, v in row.items()}) for i, (line, row) in enumerate(table.rows, 1)
    ]


def _duplicates(records: list[ImportedRecord], file: str) -> list[Finding]:
    seen: dict[str, ImportedRecord] = {}
    findings = []
    for record in records:
        for key in sorted(record.keys):
            first = seen.get(key)
            if first is not None and first is not record:
                if first.line:
                    template, other = (
                        _("the id {id!r} is also used on line {other}: each record needs its own id"),
                        first.line,
                    )
                else:
                    template, other = (
                        _("the id {id!r} is also used by record {other}: each record needs its own id"),
                        first.number,
                    )
                findings.append(
                    Finding("error", file, "id", template, record.number, record.line, {"id": key, "other": other})
                )
            seen.setdefault(key, record)
    return findings


# Text helpers shared by the writers --------------------------------------------------------------------------------


def risks_text(risks: Sequence[Mapping[str, Any]], language: str, original: str, *, markdown: bool = True) -> str:
    """The risk list as one text (standards hold risks as a text): one risk alone as it is, several as a list."""
    items = []
    for item in risks:
        risk = _pick(item.get("risk") or {}, language, original)
        mitigation = _pick(item.get("mitigation") or {}, language, original)
        items.append((risk, mitigation))
    if len(items) == 1 and not items[0][1]:
        return items[0][0]
    lines = []
    for risk, mitigation in items:
        text = " ".join(risk.split())
        if mitigation:
            text += f" — {MITIGATION_LABEL.get(language, 'Mitigation')}: " + " ".join(mitigation.split())
        lines.append(f"- {text}")
    return "\n".join(lines)


MITIGATION_LABEL = {"nl": "Maatregel", "fr": "Mesure", "de": "Maßnahme", "en": "Mitigation"}


def _pick(texts: Mapping[str, str], language: str, original: str) -> str:
    for lang in (language, original, *LANGUAGES):
        if texts.get(lang):
            return texts[lang]
    return ""


def links_text(links: Sequence[Mapping[str, str]]) -> str:
    """``[{title, link}]`` as lines "- title: link" (a standard with one text for them)."""
    return "\n".join(f"- {item.get('title', '')}: {item.get('link', '')}".rstrip(": ") for item in links)


_LINK_LINE = re.compile(r"^- (.+?): (https?://\S+)$")


def parse_links_text(text: str) -> list[dict[str, str]] | None:
    """The inverse of ``links_text`` when every line has that shape, else ``None``."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    links = []
    for line in lines:
        match = _LINK_LINE.match(line)
        if not match:
            return None
        links.append({"title": match.group(1), "link": match.group(2)})
    return links or None


def keywords_from(text: str) -> list[str]:
    parts = re.split(r"[,;\n]", text)
    return list(dict.fromkeys(" ".join(p.split()) for p in parts if p.strip()))


def risks_from(text: str, language: str) -> list[dict[str, Any]]:
    """The inverse of ``risks_text``: a list "- risk — Mitigation: m" back into items, else one risk."""
    if not text.strip():
        return []
    lines = [line for line in text.splitlines() if line.strip()]
    items = []
    pattern = re.compile(r"^- (.+?)(?: — (?:Maatregel|Mesure|Maßnahme|Mitigation): (.+))?$")
    for line in lines:
        match = pattern.match(line.strip())
        if not match:
            return [{"risk": {language: text.strip()}, "mitigation": {}}]
        risk, mitigation = match.group(1), match.group(2) or ""
        items.append({"risk": {language: risk}, "mitigation": {language: mitigation} if mitigation else {}})
    if len(items) == 1 and not items[0]["mitigation"]:
        return [{"risk": {language: text.strip()}, "mitigation": {}}]
    return items


def split_links(text: str) -> tuple[str, list[dict[str, str]]]:
    """A text whose last paragraph is a list "- title: link" → (the rest, the links)."""
    if not text:
        return "", []
    parts = re.split(r"\n\s*\n", text.strip())
    links = parse_links_text(parts[-1])
    if links is None:
        return text.strip(), []
    return "\n\n".join(parts[:-1]).strip(), links


def shorten(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary that leaves room for an ellipsis within ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"
