"""Import of other standards' files as drafts, and export of the register in those standards.

An import is planned in full first (read, match, merge, validate every record), then written in one transaction
only if nothing is wrong, or, when the user chooses ``valid_only``, the valid records only with the rest listed.
A dry run plans and writes nothing: the editor's preview and ``--dry-run`` show the same plan. Imports create or
update drafts; they never publish. A record is matched on its stable ids (its ``source_id``, the id it has in
the source register, or our own id in a file we exported), so importing again updates the same draft.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.db import transaction

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor, require
from algoscope.common.errors import InvalidInput, NotFound, Problem
from algoscope.common.messages import Text, Translate
from algoscope.common.messages import gettext_noop as _
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.textfiles import has_non_text
from algoscope.interop.standards import STANDARDS
from algoscope.interop.standards.ats import NAMESPACE
from algoscope.interop.standards.base import DRAFT_DEFAULT_LABELS, DRAFT_DEFAULTS, Standard, is_empty
from algoscope.interop.standards.model import Finding, ImportedRecord
from algoscope.register.content import FIELDS_BY_KEY, Kind, empty_content
from algoscope.register.diff import Change, diff_content
from algoscope.register.models import Algorithm
from algoscope.register.services.algorithms import working_copy_create, working_copy_replace
from algoscope.register.validation import validate_content


@dataclass
class RecordPlan:
    number: int
    line: int | None
    name: str
    action: str = "invalid"  # create, update, unchanged or invalid
    public_id: str = ""
    organisation: str = ""
    changed_fields: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list, repr=False)  # an update's changes, old and new values
    kept_fields: list[str] = field(default_factory=list)  # held as this standard's own fields (extensions)
    not_held_by: dict[str, list[str]] = field(default_factory=dict)  # other standard → fields it cannot hold
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    content: dict[str, Any] = field(default_factory=dict, repr=False)
    lock_version: int | None = None

    def as_dict(self, translate: Translate | None = None) -> dict[str, Any]:
        return {
            "number": self.number,
            "line": self.line,
            "name": self.name,
            "action": self.action,
            "id": self.public_id or None,
            "organisation": self.organisation,
            "changed_fields": self.changed_fields,
            "changes": [
                {"field": c.field, "language": c.language, "before": c.before, "after": c.after} for c in self.changes
            ],
            "kept_fields": self.kept_fields,
            "not_held_by": self.not_held_by,
            "errors": [f.as_dict(translate) for f in self.errors],
            "warnings": [f.as_dict(translate) for f in self.warnings],
        }


@dataclass
class ImportReport:
    standard: str
    file: str
    format: str
    dry_run: bool
    valid_only: bool
    records: list[RecordPlan] = field(default_factory=list)
    file_findings: list[Finding] = field(default_factory=list)
    written: bool = False

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.file_findings if f.severity == "error"] + [e for r in self.records for e in r.errors]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        out = {"create": 0, "update": 0, "unchanged": 0, "invalid": 0}
        for record in self.records:
            out[record.action] += 1
        return out

    def as_dict(self, translate: Translate | None = None) -> dict[str, Any]:
        """The report as JSON; messages in English, or through ``translate`` (e.g. ``gettext``)."""
        return {
            "standard": self.standard,
            "file": self.file,
            "format": self.format,
            "dry_run": self.dry_run,
            "valid_only": self.valid_only,
            "written": self.written,
            "counts": self.counts(),
            "errors": len(self.errors),
            "file_findings": [f.as_dict(translate) for f in self.file_findings],
            "records": [r.as_dict(translate) for r in self.records],
        }


def standard_get(name: str) -> Standard:
    try:
        return STANDARDS[name]
    except KeyError:
        raise InvalidInput.single(
            ("standard",), "unknown-code", f"unknown standard {name!r}; importable: {', '.join(STANDARDS)}"
        ) from None


def check_language(language: str | None) -> None:
    """The language an importer says the file's texts are in: one of the register's, or not said."""
    if language is not None and language not in LANGUAGES:
        unknown = _("unknown language {language!r}; use nl, fr, de or en")
        raise InvalidInput([Problem(("language",), "unknown-code", unknown, {"language": language})])


def format_for(standard: Standard, filename: str, fmt: str | None) -> str:
    fmt = (fmt or PurePath(filename).suffix.lstrip(".")).lower()
    if fmt not in standard.formats:
        raise InvalidInput.single(
            ("format",),
            "unknown-code",
            f"{standard.label} is read from {' or '.join(standard.formats)}, not {fmt or 'a file without extension'!r}",
        )
    return fmt


def record_keys(algorithm: Algorithm) -> set[str]:
    """Every id a file may use for this record: ours, its source id, and its ids in other registers."""
    content = algorithm.content or {}
    keys = {algorithm.public_id, str(uuid.uuid5(NAMESPACE, algorithm.public_id))}
    if content.get("source_id"):
        keys.add(content["source_id"])
    for standard, fields in (content.get("extensions") or {}).items():
        mapper = STANDARDS.get(standard)
        keys.update(fields[name] for name in (mapper.id_fields if mapper else ()) if fields.get(name))
    return keys


def merged_content(base: Mapping[str, Any], record: ImportedRecord, standard: Standard) -> dict[str, Any]:
    """``base`` with the fields ``standard`` holds replaced by the record's (texts: the record's language only)."""
    content = empty_content()
    content.update(base)
    for key in standard.holds:
        value = record.content.get(key)
        spec = FIELDS_BY_KEY[key]
        if spec.kind in (Kind.I18N_TEXT, Kind.I18N_MARKDOWN):
            texts = dict(content.get(key) or {})
            texts.pop(record.language, None)
            texts.update(value or {})
            content[key] = texts
        elif spec.kind is Kind.RISKS and content.get(key) and value:
            content[key] = _merge_risks(content[key], value, record.language)
        else:
            content[key] = value
    extensions = dict(content.get("extensions") or {})
    extensions.pop(standard.key, None)
    if record.extensions:
        extensions[standard.key] = dict(record.extensions)
    content["extensions"] = extensions
    if not content.get("original_language"):
        content["original_language"] = record.language
    for key, default in DRAFT_DEFAULTS.items():
        if is_empty(content.get(key)):
            content[key] = default
    return content


DEFAULT_APPLIED = _("not in the file: set to “{value}”, the register's default for a new draft; check it before review")
DEFAULT_FOR_SET_ASIDE = _(
    "the file's value is kept for an editor (above); meanwhile set to “{value}”, the register's default for a new "
    "draft; check it before review"
)


def _merge_risks(old: list[dict[str, Any]], new: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """Risks in the imported language replace that language; other languages of the same item are kept."""
    if len(old) != len(new):
        return new
    merged = []
    for before, after in zip(old, new, strict=True):
        item = {}
        for part in ("risk", "mitigation"):
            texts = {k: v for k, v in (before.get(part) or {}).items() if k != language}
            texts.update(after.get(part) or {})
            item[part] = texts
        merged.append(item)
    return merged


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _organisations_by_name() -> dict[str, Organisation]:
    """Every organisation under each of its names (any language), for files that name the organisation."""
    by_name: dict[str, Organisation] = {}
    for org in Organisation.objects.order_by("slug"):
        for name in (org.name or {}).values():
            by_name.setdefault(_name_key(str(name)), org)
    return by_name


Progress = Callable[[str, float], None]


def _no_progress(stage: str, fraction: float) -> None:
    pass


def interop_import(
    *,
    actor: Actor,
    standard: str,
    data: bytes,
    filename: str,
    fmt: str | None = None,
    organisation: Organisation | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
    language: str | None = None,
    progress: Progress | None = None,
    written: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """``language``: the language of the file's texts, where the importer knows better than the file (default: as
    the file says, else as detected in the texts, with a notice). ``progress(stage, fraction)`` is told how far
    the reading, planning and writing have come (the background job's heartbeat); ``written(report)`` runs at the
    end of the transaction that writes the records (the job marks itself done in it)."""
    progress = progress or _no_progress
    mapper = standard_get(standard)
    fmt = format_for(mapper, filename, fmt)
    check_language(language)
    file = PurePath(filename).name
    progress("reading", 0.0)
    result = mapper.read(data, file=file, fmt=fmt, language=language)
    report = ImportReport(mapper.key, file, fmt, dry_run, valid_only)
    report.file_findings = [f for f in result.findings if f.record is None]
    indexes: dict[int, dict[str, Algorithm]] = {}
    by_name = _organisations_by_name() if organisation is None else {}
    claimed: dict[int, RecordPlan] = {}
    for done, record in enumerate(result.records):
        progress("planning", done / len(result.records))
        plan = RecordPlan(record.number, record.line, record.name)
        plan.errors = [f for f in result.findings if f.record == record.number and f.severity == "error"]
        plan.warnings = [f for f in result.findings if f.record == record.number and f.severity == "warning"]
        report.records.append(plan)
        org = organisation or by_name.get(_name_key(record.organisation_name))
        if org is None:
            unknown = _("organisation {name!r} is not in the register; choose the organisation to import into")
            if not record.organisation_name:
                unknown = _("the record names no organisation; choose the organisation to import into")
            plan.errors.append(
                Finding(
                    "error",
                    file,
                    "organisation",
                    unknown,
                    record.number,
                    record.line,
                    {"name": record.organisation_name},
                )
            )
            continue
        plan.organisation = org.slug
        require(actor, "algorithm.import", org.pk)
        if org.pk not in indexes:
            indexes[org.pk] = {key: a for a in Algorithm.objects.filter(organisation=org) for key in record_keys(a)}
        existing = next((indexes[org.pk][k] for k in sorted(record.keys) if k in indexes[org.pk]), None)
        if existing is None and not record.keys:  # no stable id: the same organisation's record of the same name
            existing = _by_name(org, record.name)
            if existing is not None:
                plan.warnings.append(
                    Finding(
                        "warning",
                        file,
                        "name",
                        _("no id in the file: matched {id}, the organisation's record with the same name"),
                        record.number,
                        record.line,
                        {"id": existing.public_id},
                    )
                )
        base = existing.content if existing is not None else {}
        content = merged_content(base, record, mapper)
        for key in DRAFT_DEFAULTS:
            if is_empty(base.get(key)) and is_empty(record.content.get(key)):
                name = mapper.field_names.get(key, key)
                why = DEFAULT_FOR_SET_ASIDE if name in record.extensions else DEFAULT_APPLIED
                value = Text(DRAFT_DEFAULT_LABELS[key])
                plan.warnings.append(Finding("warning", file, name, why, record.number, record.line, {"value": value}))
        if existing is not None:
            _drop_derived_ids(content, mapper, existing)
        plan.kept_fields = sorted(record.extensions)
        plan.not_held_by = _not_held_by(content, mapper)
        if existing is not None:
            plan.public_id, plan.lock_version = existing.public_id, existing.lock_version
            if existing.pk in claimed:
                other = claimed[existing.pk]
                plan.errors.append(
                    Finding(
                        "error",
                        file,
                        "id",
                        _("matches {id}, as does line {other}")
                        if other.line
                        else _("matches {id}, as does record {other}"),
                        record.number,
                        record.line,
                        {"id": existing.public_id, "other": other.line or other.number},
                    )
                )
            claimed[existing.pk] = plan
        if plan.errors:
            continue
        try:
            plan.content = validate_content(content)
        except InvalidInput as exc:
            for problem in exc.problems:
                key = str(problem.loc[0]) if problem.loc else ""
                name = mapper.field_names.get(key, key)
                plan.errors.append(
                    Finding("error", file, name, problem.template, record.number, record.line, problem.params)
                )
            if existing is not None:
                merged = _("the problems above come from merging the file's fields into {id}")
                plan.errors.append(
                    Finding("error", file, "", merged, record.number, record.line, {"id": existing.public_id})
                )
            continue
        if existing is None:
            plan.action = "create"
            plan.changed_fields = sorted(k for k, v in plan.content.items() if not is_empty(v))
        else:
            changes = diff_content(existing.content, plan.content)
            plan.changes = changes
            plan.changed_fields = sorted({c.loc for c in changes})
            plan.action = "update" if changes else "unchanged"
    if dry_run or (report.errors and not valid_only):
        return report
    progress("writing", 0.0)
    _write(actor, report, mapper, progress, written)
    return report


def _by_name(org: Organisation, name: str) -> Algorithm | None:
    """The organisation's one record whose name, in any language, is ``name`` (case and spaces aside)."""
    wanted = _name_key(name)
    found = [
        a
        for a in Algorithm.objects.filter(organisation=org)
        if any(_name_key(str(text)) == wanted for text in ((a.content or {}).get("name") or {}).values())
    ]
    return found[0] if len(found) == 1 else None


def _drop_derived_ids(content: dict[str, Any], mapper: Standard, existing: Algorithm) -> None:
    """A file we exported carries ids derived from our own (``lars`` = our id, ATS uuid from it): not kept."""
    fields = (content.get("extensions") or {}).get(mapper.key)
    if not fields or not mapper.id_fields:
        return
    native = mapper.id_fields[0]
    if fields.get(native) in (existing.public_id, str(uuid.uuid5(NAMESPACE, existing.public_id))):
        del fields[native]
    # dates the register itself holds for a published record (our own export read back)
    dates = {
        d.date().isoformat() for d in existing.versions.filter(number=1).values_list("published_at", flat=True)
    } | ({existing.published_at.date().isoformat()} if existing.published_at else set())
    for name in mapper.date_fields:
        if fields.get(name) in dates:
            del fields[name]
    if not fields:
        del content["extensions"][mapper.key]


def _not_held_by(content: Mapping[str, Any], mapper: Standard) -> dict[str, list[str]]:
    """For each other standard, the filled fields of the imported record it has no place for."""
    out = {}
    for key, other in STANDARDS.items():
        if key == mapper.key:
            continue
        missing = []
        for name, value in content.items():
            if is_empty(value) or name in ("original_language", "extensions") or name in other.holds:
                continue
            missing.append(name)
        for name in (content.get("extensions") or {}).get(mapper.key, {}):
            if name not in (*mapper.id_fields, *mapper.date_fields):
                missing.append(f"{mapper.key}:{name}")
        out[key] = missing
    return out


@transaction.atomic
def _write(
    actor: Actor,
    report: ImportReport,
    mapper: Standard,
    progress: Progress,
    written: Callable[[ImportReport], None] | None = None,
) -> None:
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in={r.organisation for r in report.records})}
    for done, plan in enumerate(report.records):
        progress("writing", done / len(report.records))
        data = {"standard": mapper.key, "file": report.file, "record": plan.number}
        if plan.action == "create":
            algorithm = working_copy_create(
                actor=actor,
                organisation=organisations[plan.organisation],
                clean=plan.content,
                action="register.algorithm.import",
                data=data,
            )
            plan.public_id = algorithm.public_id
        elif plan.action == "update":
            working_copy_replace(
                actor=actor,
                algorithm=Algorithm.objects.get(public_id=plan.public_id),
                clean=plan.content,
                expected_lock_version=plan.lock_version,
                action="register.algorithm.import",
                data=data,
            )
    report.written = True
    if written is not None:
        written(report)


def organisation_by_ref(ref: str) -> Organisation:
    """An organisation by its id (slug) or its identifier (KBO/BCE, OIN, TOOI, RCS)."""
    if has_non_text(ref):  # a NUL would reach PostgreSQL, which refuses it
        raise NotFound("no such organisation")
    org = Organisation.objects.filter(slug=ref).first() or Organisation.objects.filter(identifier=ref).first()
    if org is None:
        raise NotFound(f"no organisation {ref!r}")
    return org
