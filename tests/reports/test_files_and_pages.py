"""A published report's files (PDFs read back with poppler's pdfinfo and pdftotext, the open-data annex), its
pages in every language with the same figures, the live figures, the comparison, the API and the command line."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from algoscope.accounts.permissions import Actor
from algoscope.common import storage
from algoscope.reports import files, jobs, services
from algoscope.reports.engine.figures import flatten
from algoscope.reports.models import Report
from algoscope.reports.presentation import CHAPTERS
from tests.plans.test_flows import BE

from .conftest import AFTER_Q3
from .test_build import TEXTS, build, publish

pytestmark = pytest.mark.django_db
FIGURE = re.compile(r'<data value="([^"]*)">')


@pytest.fixture
def published(reported: dict[str, Any], coordinators: tuple[Actor, Actor]) -> Report:
    builder, publisher = coordinators
    report = build(builder)
    services.report_write(builder, report, TEXTS)
    return publish(publisher, report)


def poppler(tool: str, data: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run([tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, str(path)],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip


def test_the_files_are_stored_with_their_sha256_and_served_unchanged(published: Report, client: Client) -> None:
    assert set(published.files) == {"report-nl.pdf", "report-fr.pdf", "annex.json", "figures.csv", "actions.csv"}
    for name, entry in published.files.items():
        stored = storage.read(entry["path"])
        assert stored is not None and hashlib.sha256(stored).hexdigest() == entry["sha256"] == hashlib.sha256(
            client.get(f"/en/reports/1/{name}").content).hexdigest()  # fmt: skip
    annex = json.loads(storage.read(published.files["annex.json"]["path"]) or b"{}")
    assert annex["figures"] == flatten(published.snapshot["sections"])
    assert annex["report"]["number"] == 1 and annex["report"]["snapshot_sha256"] == published.snapshot_sha256
    rows = list(
        csv.DictReader(io.StringIO((storage.read(published.files["figures.csv"]["path"]) or b"").decode("utf-8-sig")))
    )
    assert {row["id"]: row["value"] for row in rows}[f"status.{BE}.rag.red"] == "1"
    actions = list(
        csv.DictReader(io.StringIO((storage.read(published.files["actions.csv"]["path"]) or b"").decode("utf-8-sig")))
    )
    assert len(actions) == len(published.snapshot["sections"]["annex"]["rows"])
    a04 = next(row for row in actions if row["item"] == "BE-O1-A04")
    assert (a04["id"], a04["status"], a04["rag"], a04["progress"]) == (f"{BE}/BE-O1-A04", "at_risk", "red", "10.0")
    assert files.pdf(published, "nl") == storage.read(published.files["report-nl.pdf"]["path"])  # reproducible


def test_a_file_changed_in_storage_is_not_served(published: Report, client: Client) -> None:
    storage.save(published.files["figures.csv"]["path"], b"id,value\r\nforged,1\r\n")
    response = client.get("/en/reports/1/figures.csv")
    assert response.status_code == 503 and b"forged" not in response.content
    assert client.get("/en/reports/1/nothing.csv").status_code == 404
    assert client.get("/en/reports/1/../../settings.py").status_code == 404


@pytest.mark.slow
def test_the_pdfs_are_tagged_numbered_and_in_their_language(published: Report, tmp_path: Path) -> None:
    for language in ("nl", "fr"):
        data = storage.read(published.files[f"report-{language}.pdf"]["path"]) or b""
        info = poppler("pdfinfo", data, tmp_path)
        assert "Tagged:          yes" in info and "Page size:       595.276 x 841.89 pts (A4)" in info
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        assert pages >= 8
        text = poppler("pdftotext", data, tmp_path, "-layout")
        with translation.override(language):
            titles = [str(chapter.title) for chapter in CHAPTERS]
        for title in titles:
            assert title in text, (language, title)
        toc = text.split("\f")[1]  # the contents, on page 2, each chapter with its page
        assert all(re.search(rf"{re.escape(title)} ?\.+ \d+", toc) for title in titles), toc
        assert f"1 / {pages}" in text and f"{pages} / {pages}" in text  # page numbers
        assert "BE-O1-A04" in text and "FOD BOSA" in text and TEXTS["summary"][language] in text


def test_every_language_shows_the_same_figures(published: Report, client: Client) -> None:
    shown = {}
    for language in ("nl", "fr", "de", "en"):
        html = client.get(f"/{language}/reports/1/").content.decode()
        shown[language] = FIGURE.findall(html)
        assert len(shown[language]) > 50
    assert shown["nl"] == shown["fr"] == shown["de"] == shown["en"]
    numbers = {float(v) for v in shown["nl"] if v}
    flat = {float(v) for v in flatten(published.snapshot["sections"]).values() if v is not None}
    assert {float(v) for v in (1, 0)} <= numbers and numbers & flat


def test_the_public_pages_feed_and_api(published: Report, client: Client) -> None:
    listing = client.get("/nl/reports/").content.decode()
    assert "/nl/reports/1/" in listing and "Derde kwartaal 2026" in listing
    page = client.get("/fr/reports/1/").content.decode()
    assert published.files["report-fr.pdf"]["sha256"] in page and published.snapshot_sha256 in page
    assert "Résumé." in page and "BE-O1-A04" in page
    assert client.get("/en/reports/2/").status_code == 404
    feed = client.get("/en/reports/feed.atom").content.decode()
    assert "No. 1 · 2026-Q3" in feed and published.files["report-nl.pdf"]["sha256"] in feed
    api = client.get("/api/v1/reports/").json()
    assert [r["number"] for r in api] == [1] and api[0]["files"][0]["sha256"]
    one = client.get("/api/v1/reports/1").json()
    assert one["figures"] == json.loads(json.dumps(flatten(published.snapshot["sections"])))
    assert client.get("/api/v1/reports/7").status_code == 404
    live = client.get("/api/v1/reports/live?scope=BE").json()
    assert live["live"] is True and live["figures"][f"status.{BE}.rag.red"] == 2  # BE-O1-A02 is red since Q4
    assert client.get("/api/v1/reports/live?scope=XX").status_code == 422


def test_the_live_figures_are_labelled_and_the_comparison_shows_what_moved(
    published: Report, reported: dict[str, Any], q4_closed: Any, coordinators: tuple[Actor, Actor], client: Client
) -> None:
    live = client.get("/en/reports/live/?scope=BE").content.decode()
    assert "Live figures, not a report" in live and "BE-O1-A02" in live
    assert client.get("/en/reports/live/?scope=nowhere").status_code == 404
    builder, publisher = coordinators
    later = services.report_build(builder, "2026-Q4", "BE", "nl", today=AFTER_Q3.replace(year=2027, month=1))
    services.report_write(builder, later, {"summary": {"nl": "Q4."}, "asks": {"nl": "Vraag."}})
    publish(publisher, later)
    page = client.get("/en/reports/compare/?from=1&to=2").content.decode()
    assert "BE-O1-A02" in page and f"status.{BE}.rag.red" in page
    assert client.get("/en/reports/compare/?from=1&to=x").status_code == 404
    assert client.get("/en/reports/compare/?from=%C2%B2&to=1").status_code == 404  # "²" is a digit to str.isdigit
    assert client.get("/en/reports/compare/?from=1&to=" + "9" * 4301).status_code == 404
    same = client.get("/en/reports/compare/?from=1&to=1").content.decode()
    assert "Choose two different reports." in same and "What moved" not in same


def test_the_coordinators_build_write_and_publish_on_their_pages(
    reported: dict[str, Any], coordinators: tuple[Actor, Actor], editor: Actor
) -> None:
    builder, publisher = coordinators
    client = Client()
    client.force_login(editor.db_user)
    assert "coordinators build and publish" in client.get("/editor/reports/").content.decode()
    assert client.post("/editor/reports/", {"period": "2026-Q3", "scope": "BE", "languages": ["nl"]}).status_code == 404
    assert Report.objects.count() == 0
    client.force_login(builder.db_user)
    refused = client.post("/editor/reports/", {"period": "2026-Q4", "scope": "BE", "languages": ["nl", "fr"]})
    assert refused.status_code == 200 and "is not over" in refused.content.decode()
    response = client.post("/editor/reports/", {"period": "2026-Q3", "scope": "BE", "languages": ["nl", "fr"]})
    # the pages have no "today" to set: the demo's 2026-Q3 is over by the time the suite runs (December 2026)
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/editor/reports/{report.pk}/"
    client.post(f"/editor/reports/{report.pk}/discard/")  # not confirmed: kept
    assert Report.objects.filter(pk=report.pk).exists()
    draft = client.get(f"/editor/reports/{report.pk}/").content.decode()
    assert "Tick the box to discard the draft" in draft
    assert "Still to write" in draft and "Draft report" in draft
    assert client.get(f"/editor/reports/{report.pk}/preview-nl.pdf").content.startswith(b"%PDF")
    client.post(f"/editor/reports/{report.pk}/", {"summary_nl": "Samenvatting.", "summary_fr": "Résumé.",
                                                  "asks_nl": "Vraag.", "asks_fr": "Demande."})  # fmt: skip
    client.post(f"/editor/reports/{report.pk}/publish/")
    assert Report.objects.get().state == "draft"  # the builder does not publish
    client.force_login(publisher.db_user)
    page = client.get(f"/editor/reports/{report.pk}/").content.decode()
    reviewed = re.search(r'name="reviewed" value="([0-9a-f]{64})"', page).group(1)  # type: ignore[union-attr]
    builder_client = Client()
    builder_client.force_login(builder.db_user)
    builder_client.post(f"/editor/reports/{report.pk}/", {"summary_nl": "Iets anders.", "summary_fr": "Résumé.",
                                                          "asks_nl": "Vraag.", "asks_fr": "Demande."})  # fmt: skip
    changed = client.post(f"/editor/reports/{report.pk}/publish/", {"reviewed": reviewed}, follow=True)
    assert "the draft changed after you read it" in changed.content.decode()  # not published unread
    assert Report.objects.get().state == "draft"
    page = client.get(f"/editor/reports/{report.pk}/").content.decode()
    reviewed = re.search(r'name="reviewed" value="([0-9a-f]{64})"', page).group(1)  # type: ignore[union-attr]
    response = client.post(f"/editor/reports/{report.pk}/publish/", {"reviewed": reviewed})
    assert response.status_code == 302 and response["Location"] == f"/editor/reports/{report.pk}/"
    assert "its files are being laid out" in client.get(f"/editor/reports/{report.pk}/").content.decode()
    assert client.get("/en/reports/1/").status_code == 404  # not public before its files are stored
    jobs.lay_out_now(report)  # the worker
    assert Report.objects.get().number == 1 and client.get("/en/reports/1/").status_code == 200
    assert client.get(f"/editor/reports/{report.pk}/").status_code == 404  # no longer a draft


def test_the_command_line_builds_writes_and_publishes(reported: dict[str, Any], tmp_path: Path, capsys: Any) -> None:
    with pytest.raises(CommandError, match="is not a period"):
        call_command("report", "build", "--period", "Q3", "--scope", "BE")
    call_command("report", "build", "--period", "2026-Q3", "--scope", BE, "--lang", "nl,fr", "--pdf", str(tmp_path))
    out = capsys.readouterr().out
    report = Report.objects.get()
    assert f"Draft {report.pk}: 2026-Q3 · {BE}" in out and "To write before publication: summary.nl" in out
    assert (tmp_path / f"draft-2026-Q3-{BE}-fr.pdf").read_bytes().startswith(b"%PDF")
    for language in ("nl", "fr"):
        (tmp_path / f"s-{language}.txt").write_text(f"Samenvatting {language}.", encoding="utf-8")
    call_command("report", "write", str(report.pk), "--summary", f"nl={tmp_path / 's-nl.txt'}",
                 "--summary", f"fr={tmp_path / 's-fr.txt'}", "--asks", f"nl={tmp_path / 's-nl.txt'}",
                 "--asks", f"fr={tmp_path / 's-fr.txt'}")  # fmt: skip
    call_command("report", "publish", str(report.pk))
    out = capsys.readouterr().out
    assert "Published report No. 1" in out and Report.objects.get().files["report-nl.pdf"]["sha256"] in out
    with pytest.raises(CommandError, match="no draft report"):
        call_command("report", "publish", str(report.pk))
    call_command("report", "list")
    assert "No. 1\t2026-Q3" in capsys.readouterr().out


def test_the_live_figures_are_limited_for_anonymous_visitors(reported: dict[str, Any], settings: Any) -> None:
    settings.ANONYMOUS_HEAVY_RATE = "2/m"
    client = Client()
    codes = [client.get(f"/en/reports/live/?scope=BE&noise={i}").status_code for i in range(3)]
    assert codes == [200, 200, 429]  # another query string is not another allowance
    assert client.get("/api/v1/reports/live?scope=BE").status_code == 429
