"""A report's files: its PDF in each of its languages and its open-data annex (JSON with everything, CSV of the
figures and of the actions, stable ids), laid out from the snapshot alone; stored once at publication, with their
SHA-256, under ``reports/<id>/`` in the file storage (``common.storage``), and served from there unchanged."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from typing import Any

from django.utils import translation

from algoscope.common import storage
from algoscope.common.pdf import pdf_bytes
from algoscope.reports.engine.figures import flatten
from algoscope.reports.models import Report
from algoscope.reports.presentation import Document, context

TYPES = {"pdf": "application/pdf", "json": "application/json", "csv": "text/csv; charset=utf-8"}


def document_of(report: Report, language: str) -> Document:
    return Document(
        snapshot=report.snapshot, language=language, languages=list(report.languages), number=report.number,
        state=report.state if report.number is None else "published", summary=report.summary, asks=report.asks,
        correction_note=report.correction_note, corrects=report.corrects.number if report.corrects else None,
        published_at=report.published_at, snapshot_sha256=report.snapshot_sha256,
    )  # fmt: skip


def pdf(report: Report, language: str) -> bytes:
    """The report laid out as a tagged PDF (PDF/UA-1) in ``language``."""
    with translation.override(language):
        return pdf_bytes("reports/pdf.html", context(document_of(report, language)), variant="pdf/ua-1")


def annex_json(report: Report) -> bytes:
    data = {
        "report": {
            "number": report.number, "period": report.period, "from": report.starts_on.isoformat(),
            "to": report.ends_on.isoformat(), "scope": report.scope, "languages": report.languages,
            "corrects": report.corrects.number if report.corrects else None,
            "published_at": report.published_at.isoformat() if report.published_at else None,
            "snapshot_sha256": report.snapshot_sha256,
        },
        "texts": {"summary": report.summary, "asks": report.asks, "correction_note": report.correction_note},
        "figures": flatten(report.snapshot.get("sections", {})),
        "snapshot": report.snapshot,
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode()


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode()  # the BOM: Excel reads UTF-8


def figures_csv(report: Report) -> bytes:
    flat = flatten(report.snapshot.get("sections", {}))
    return _csv(["id", "value"], [[key, "" if value is None else value] for key, value in flat.items()])


def actions_csv(report: Report) -> bytes:
    rows = report.snapshot.get("sections", {}).get("annex", {}).get("rows", [])
    header = ["id", "plan", "item", "number", "kind", "parent", "status", "rag", "progress", "start", "end", "period"]
    languages = ("nl", "fr", "de", "en")
    body = [
        [row.get(k, "") for k in header]
        + [(row.get("title") or {}).get("i18n", {}).get(lang, "") for lang in languages]
        for row in rows
    ]
    return _csv(header + [f"title_{lang}" for lang in languages], body)


def build_files(report: Report, progress: Callable[[str, float], None] = lambda stage, done: None) -> dict[str, bytes]:
    out = {}
    for i, language in enumerate(report.languages):
        progress(f"pdf-{language}", i / (len(report.languages) + 1))
        out[f"report-{language}.pdf"] = pdf(report, language)
    progress("annex", len(report.languages) / (len(report.languages) + 1))
    out["annex.json"] = annex_json(report)
    out["figures.csv"] = figures_csv(report)
    out["actions.csv"] = actions_csv(report)
    return out


def publish_files(
    report: Report, progress: Callable[[str, float], None] = lambda stage, done: None
) -> dict[str, dict[str, Any]]:
    stored = {}
    for name, data in build_files(report, progress).items():
        path = f"reports/{report.pk}/{name}"
        storage.save(path, data)
        stored[name] = {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                        "type": TYPES[name.rsplit(".", 1)[1]]}  # fmt: skip
    return stored


def read(report: Report, name: str) -> bytes | None:
    """A published file, checked against its recorded SHA-256: a file changed in storage is not served."""
    entry = report.files.get(name)
    if entry is None:
        return None
    data = storage.read(entry["path"])
    if data is None or hashlib.sha256(data).hexdigest() != entry["sha256"]:
        return None
    return data
