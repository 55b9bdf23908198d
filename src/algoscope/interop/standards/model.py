"""What every standard's reader produces and every writer consumes. Pure Python.

A reader turns a file into ``ImportedRecord`` objects (canonical content for the fields the standard holds,
the standard's own fields as extensions) plus ``Finding`` objects that name file, record or line, and field.
A writer turns ``ExportRecord`` objects into bytes and lists, per record, what the standard cannot hold.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from algoscope.common.messages import Translate, render
from algoscope.common.messages import gettext_noop as _

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem (``error``: the record cannot be imported) or notice (``warning``) in an input file.

    ``template`` and ``params`` make the message (``algoscope.common.messages``): English in ``message``, in the
    reader's language through ``text(translate)``.
    """

    severity: Severity
    file: str
    field: str
    template: str
    record: int | None = None  # 1-based position of the record in the file
    line: int | None = None  # line in a CSV file (the header is line 1)
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        return render(self.template, self.params)

    def text(self, translate: Translate | None = None) -> str:
        return render(self.template, self.params, translate)

    def where(self, translate: Translate | None = None) -> str:
        parts = [self.file]
        if self.line is not None and self.record is not None:  # a spreadsheet's row, and the file's line
            parts.append(render(_("row {record} (line {line})"), {"record": self.record, "line": self.line}, translate))
        elif self.line is not None:
            parts.append(render(_("line {line}"), {"line": self.line}, translate))
        elif self.record is not None:
            parts.append(render(_("record {record}"), {"record": self.record}, translate))
        if self.field:
            parts.append(render(_("field {field!r}"), {"field": self.field}, translate))
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"

    def as_dict(self, translate: Translate | None = None) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "file": self.file,
            "record": self.record,
            "line": self.line,
            "field": self.field,
            "message": self.text(translate),
        }


@dataclass
class ImportedRecord:
    """One record read from a file, in canonical terms.

    ``content`` has every canonical field the standard holds (empty where the file leaves it empty), with texts
    in ``language`` only; ``extensions`` holds the standard's fields that have no canonical home, ``native_id``
    the record's id in the source register (NL ``lars``, ATS ``uuid``, ATRS ``id``).
    """

    number: int
    line: int | None
    language: str
    content: dict[str, Any]
    extensions: dict[str, str] = field(default_factory=dict)
    native_id: str = ""
    organisation_name: str = ""

    @property
    def source_id(self) -> str:
        return str(self.content.get("source_id") or "")

    @property
    def keys(self) -> set[str]:
        """The ids that identify this record for matching on re-import."""
        return {key for key in (self.source_id, self.native_id) if key}

    @property
    def name(self) -> str:
        return str((self.content.get("name") or {}).get(self.language, ""))


@dataclass
class ReadResult:
    records: list[ImportedRecord]
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def record_errors(self, number: int) -> list[Finding]:
        return [f for f in self.errors if f.record == number]


@dataclass(frozen=True)
class ExportRecord:
    """A record as a writer sees it: its content and what the register knows around it."""

    public_id: str
    url: str
    organisation_name: str
    organisation_identifier: str
    organisation_type: str
    content: Mapping[str, Any]
    first_published: str = ""  # YYYY-MM-DD, "" for a record never published
    last_published: str = ""
    retired_on: str = ""
    ai_act_class: str = ""  # the latest AI Act assessment's category, "" if not assessed


@dataclass(frozen=True)
class NotHeld:
    """A filled field of a record that the target standard has no place for (so it is not in the export)."""

    public_id: str
    field: str
    template: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict, hash=False)

    @property
    def reason(self) -> str:
        return render(self.template, self.params)

    def as_dict(self, translate: Translate | None = None) -> dict[str, str]:
        return {"record": self.public_id, "field": self.field, "reason": render(self.template, self.params, translate)}


@dataclass
class WriteResult:
    data: bytes
    media_type: str
    not_held: list[NotHeld] = field(default_factory=list)
    warnings: list[NotHeld] = field(default_factory=list)
