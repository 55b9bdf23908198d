"""An auditor's journey in the browser: start an audit, upload decisions with the progress bar, read the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from algoscope.audits.demo import write_demo_csv
from algoscope.audits.models import Audit
from algoscope.register.models import Algorithm

from .test_aiact_journeys import WCAG_21_AA, login

pytestmark = pytest.mark.e2e


def test_auditor_uploads_decisions_and_reads_the_result(page: Any, settings: Any, tmp_path: Path) -> None:
    settings.JOBS = "sync"
    settings.MEDIA_ROOT = tmp_path / "media"
    record = (
        Algorithm.objects.filter(published_version__isnull=False, retired_at__isnull=True).order_by("public_id").first()
    )
    login(page, "auditor")
    page.goto("/editor/audits/")
    page.get_by_label("Algorithm id").fill(record.public_id)
    page.get_by_label("Title of the audit").fill("Selection check 2026")
    page.get_by_role("button", name="Start the audit").click()
    assert "Waiting for data" in page.locator(".title-row").inner_text()
    page.locator("#file").set_input_files(str(write_demo_csv(tmp_path / "decisions.csv")))
    page.get_by_label("Protected attributes").fill("herkomst, leeftijd")
    page.get_by_label("Actual outcome (column)").fill("onrechtmatig")
    page.get_by_label("Decision or prediction (column)").fill("geselecteerd")
    page.get_by_label("Reference groups").fill("herkomst=Nederland")
    page.get_by_role("button", name="Upload and compute").click()
    page.wait_for_url("**/editor/audits/*/")
    page.get_by_role("heading", name="Result").wait_for()
    assert page.locator(".light-red").count() >= 2
    audit = Audit.objects.get(title="Selection check 2026")
    assert audit.status == "ready" and audit.result["input"]["rows"] == 20_000
    result = Axe().run(page, options=WCAG_21_AA)
    assert result.violations_count == 0, result.generate_report()
    page.get_by_role("link", name="Read the report").click()
    assert page.get_by_role("heading", name="3. Non-discrimination analysis").is_visible()
    result = Axe().run(page, options=WCAG_21_AA)
    assert result.violations_count == 0, result.generate_report()
