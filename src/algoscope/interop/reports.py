"""An import's report kept as JSON between the worker and the page: messages stay templates with their parameters
(``common.messages``), so that the page shows them in the reader's language, not in the worker's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from algoscope.common.messages import params_from_stored, stored_params
from algoscope.interop.services import ImportReport, RecordPlan
from algoscope.interop.standards.model import Finding
from algoscope.register.diff import Change


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "severity": finding.severity,
        "file": finding.file,
        "field": finding.field,
        "template": finding.template,
        "record": finding.record,
        "line": finding.line,
        "params": stored_params(finding.params),
    }


def _finding_from(data: Mapping[str, Any]) -> Finding:
    params = params_from_stored(data.get("params", {}))
    return Finding(
        data["severity"], data["file"], data["field"], data["template"], data["record"], data["line"], params
    )


def report_to_json(report: ImportReport) -> dict[str, Any]:
    """Everything the preview and the API show; not the planned content (the confirmation plans again)."""
    return {
        "standard": report.standard,
        "file": report.file,
        "format": report.format,
        "dry_run": report.dry_run,
        "valid_only": report.valid_only,
        "written": report.written,
        "file_findings": [_finding(f) for f in report.file_findings],
        "records": [
            {
                "number": plan.number,
                "line": plan.line,
                "name": plan.name,
                "action": plan.action,
                "public_id": plan.public_id,
                "organisation": plan.organisation,
                "changed_fields": plan.changed_fields,
                "changes": [[c.field, c.language, c.kind, c.before, c.after] for c in plan.changes],
                "kept_fields": plan.kept_fields,
                "not_held_by": plan.not_held_by,
                "errors": [_finding(f) for f in plan.errors],
                "warnings": [_finding(f) for f in plan.warnings],
                "lock_version": plan.lock_version,
            }
            for plan in report.records
        ],
    }


def report_from_json(data: Mapping[str, Any]) -> ImportReport:
    report = ImportReport(data["standard"], data["file"], data["format"], data["dry_run"], data["valid_only"])
    report.written = data["written"]
    report.file_findings = [_finding_from(f) for f in data["file_findings"]]
    for item in data["records"]:
        plan = RecordPlan(item["number"], item["line"], item["name"])
        plan.action, plan.public_id, plan.organisation = item["action"], item["public_id"], item["organisation"]
        plan.changed_fields = list(item["changed_fields"])
        plan.changes = [Change(*change) for change in item["changes"]]
        plan.kept_fields = list(item["kept_fields"])
        plan.not_held_by = {key: list(value) for key, value in item["not_held_by"].items()}
        plan.errors = [_finding_from(f) for f in item["errors"]]
        plan.warnings = [_finding_from(f) for f in item["warnings"]]
        plan.lock_version = item["lock_version"]
        report.records.append(plan)
    return report
