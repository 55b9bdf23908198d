"""The plans' journey in the browser: the coordinator opens a reporting period, an action owner records a report
with an escalated bottleneck, another person (the coordinator) publishes it, and the public plan page, the item's
page and the harmonisation matrix show it; axe on each page a resident reads."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from .test_aiact_journeys import WCAG_21_AA, login

pytestmark = pytest.mark.e2e
BE = "BE-FED-NCP-AI-2022"


def test_a_period_opened_a_report_recorded_reviewed_and_shown(page: Any) -> None:
    from algoscope.plans.demo import load_plan_demo
    from algoscope.plans.models import ProgressUpdate

    load_plan_demo()
    login(page, "coordinator")
    page.goto(f"/editor/plans/{BE}/")
    page.get_by_role("button", name="Close the period").click()
    page.get_by_label("Period (e.g. 2027-Q1)").fill("2027-Q1")
    page.get_by_label("Starts on").fill("2027-01-01")
    page.get_by_label("Ends on").fill("2027-03-31")
    page.get_by_role("button", name="Open a period").click()
    assert "The period is open." in page.locator("main").inner_text()
    page.context.clear_cookies()

    login(page, "editor.bosa")
    page.goto("/editor/plans/")
    page.get_by_role("row", name="BE-O1-A03").get_by_role("link", name="Report on 2027-Q1").click()
    page.get_by_label("Status").select_option("delayed")
    page.get_by_label("RAG grade (your own)").select_option("amber")
    page.get_by_label("How the progress is found").select_option("manual")
    page.get_by_label("Progress in per cent, when set by hand").fill("55")
    page.get_by_label("Language of the texts").select_option("en")
    page.get_by_label("Achieved this period").fill("Eleven services apply the framework.")
    page.get_by_label("Bottleneck", exact=True).fill("Three services lack an AI officer to apply the framework.")
    page.get_by_label("Who owns it").fill("FPS BOSA")
    page.get_by_label("Needs political attention (escalate)").check()
    result = Axe().run(page, options=WCAG_21_AA)
    assert result.violations_count == 0, result.generate_report()
    page.get_by_role("button", name="Record the report").click()
    assert "a coordinator reviews it" in page.locator("main").inner_text()
    update = ProgressUpdate.objects.get(period__label="2027-Q1")
    page.context.clear_cookies()

    login(page, "coordinator")
    page.goto("/editor/plans/")
    page.get_by_role("link", name="BE-O1-A03 · 2027-Q1").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    update.refresh_from_db()
    assert update.state == "published"
    page.context.clear_cookies()

    page.goto(f"/fr/plans/{BE}/")
    text = page.locator("main").inner_text()
    assert "Three services lack an AI officer" in text and "55 %" in text
    result = Axe().run(page, options=WCAG_21_AA)
    assert result.violations_count == 0, result.generate_report()
    page.goto(f"/nl/plans/{BE}/items/BE-O1-A03/")
    assert "Eleven services apply the framework." in page.locator("main").inner_text()
    page.goto("/en/plans/harmonisation/")
    cell = page.get_by_role("row", name="1.2").get_by_role("cell").nth(list(_columns(page)).index(BE))
    assert "BE-O1" in cell.inner_text() and "%" in cell.inner_text()


def _columns(page: Any) -> list[str]:
    links = page.locator("table.harmonisation thead th a")
    return [href.rstrip("/").split("/")[-1] for href in links.evaluate_all("els => els.map(e => e.href)")]
