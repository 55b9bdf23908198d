"""A report to Parliament in the browser: an administration records a progress report, a coordinator publishes it
and the live figures show it; the period is closed, a coordinator builds the report for it and writes its summary,
another coordinator publishes it, and a later report on the same action does not change the published report."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from .test_aiact_journeys import WCAG_21_AA, login

pytestmark = pytest.mark.e2e
BE = "BE-FED-NCP-AI-2022"


def _open_period(page: Any, label: str, starts: str, ends: str) -> None:
    page.goto(f"/editor/plans/{BE}/")
    page.get_by_label("Period (e.g. 2027-Q1)").fill(label)
    page.get_by_label("Starts on").fill(starts)
    page.get_by_label("Ends on").fill(ends)
    page.get_by_role("button", name="Open a period").click()
    assert "The period is open." in page.locator("main").inner_text()


def _report(page: Any, label: str, status: str, rag: str, progress: str, bottleneck: str = "") -> None:
    page.goto("/editor/plans/")
    page.get_by_role("row", name="BE-O1-A04").get_by_role("link", name=f"Report on {label}").click()
    page.get_by_label("Status").select_option(status)
    page.get_by_label("RAG grade (your own)").select_option(rag)
    page.get_by_label("How the progress is found").select_option("manual")
    page.get_by_label("Progress in per cent, when set by hand").fill(progress)
    page.get_by_label("Language of the texts").select_option("en")
    if bottleneck:
        page.get_by_label("Bottleneck", exact=True).fill(bottleneck)
        page.get_by_label("Who owns it").fill("FPS BOSA")
        page.get_by_label("Needs political attention (escalate)").check()
    page.get_by_role("button", name="Record the report").click()
    assert "a coordinator reviews it" in page.locator("main").inner_text()


def _publish_update(page: Any, label: str) -> None:
    page.goto("/editor/plans/")
    page.get_by_role("link", name=f"BE-O1-A04 · {label}").click()
    page.get_by_role("button", name="Publish", exact=True).click()


def test_an_update_reaches_the_live_figures_then_a_published_report_that_never_changes(
    page: Any, settings: Any
) -> None:
    from algoscope.plans.demo import load_plan_demo
    from algoscope.reports.models import Report

    settings.JOBS = "sync"  # the files are laid out as the publication commits (a worker does it on a server)

    load_plan_demo()
    login(page, "coordinator")
    page.goto(f"/editor/plans/{BE}/")
    page.get_by_role("button", name="Close the period").click()  # the demo's 2026-Q4
    _open_period(page, "2026-Q2", "2026-04-01", "2026-06-30")
    page.context.clear_cookies()

    login(page, "editor.bosa")
    _report(page, "2026-Q2", "at_risk", "red", "15", "The data-sharing agreement is not signed.")
    page.context.clear_cookies()
    login(page, "coordinator2")
    _publish_update(page, "2026-Q2")
    page.goto("/en/reports/live/?scope=BE")
    live = page.locator("main").inner_text()
    assert "Live figures, not a report" in live and "The data-sharing agreement is not signed." in live
    page.context.clear_cookies()

    login(page, "coordinator")
    page.goto(f"/editor/plans/{BE}/")
    page.get_by_role("button", name="Close the period").click()  # 2026-Q2
    page.goto("/editor/reports/")
    page.get_by_label("Period").fill("2026-Q2")
    page.get_by_label("Scope").fill("BE")
    page.get_by_role("button", name="Build the draft").click()
    assert "The draft report is built" in page.locator("main").inner_text()
    assert "The data-sharing agreement is not signed." in page.locator("main").inner_text()
    page.get_by_label("Executive summary (Dutch)").fill("Eén actie staat op rood.")
    page.get_by_label("Executive summary (French)").fill("Une action est au rouge.")
    page.get_by_label("What Parliament is asked about the bottlenecks (Dutch)").fill("Het akkoord agenderen.")
    page.get_by_label("What Parliament is asked about the bottlenecks (French)").fill("Inscrire l'accord.")
    page.get_by_role("button", name="Save the texts").click()
    assert "The texts are saved." in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Publish (final: it will not change again)").count() == 0  # four eyes
    page.context.clear_cookies()

    login(page, "coordinator2")
    page.goto("/editor/reports/")
    page.get_by_role("link", name="2026-Q2 · BE").click()
    page.get_by_role("button", name="Publish (final: it will not change again)").click(timeout=120_000)
    page.wait_for_url("**/reports/1/", timeout=120_000)
    report = Report.objects.get(number=1)
    text = page.locator("main").inner_text()
    assert (
        "Report No. 1 · Second quarter of 2026 · Belgium" in text
        and "The data-sharing agreement is not signed." in text
    )
    assert report.files["report-nl.pdf"]["sha256"] in text
    result = Axe().run(page, options=WCAG_21_AA)
    assert result.violations_count == 0, result.generate_report()
    page.goto("/fr/reports/1/")
    assert "Une action est au rouge." in page.locator("main").inner_text()
    pdf = page.request.get("/fr/reports/1/report-fr.pdf").body()
    assert hashlib.sha256(pdf).hexdigest() == report.files["report-fr.pdf"]["sha256"]
    page.context.clear_cookies()

    # later, the action is reported green in a new period: the live figures change, the report does not
    login(page, "coordinator")
    _open_period(page, "2027-Q1", "2027-01-01", "2027-03-31")
    page.context.clear_cookies()
    login(page, "editor.bosa")
    _report(page, "2027-Q1", "on_track", "green", "60")
    page.context.clear_cookies()
    login(page, "coordinator2")
    _publish_update(page, "2027-Q1")
    page.goto("/en/reports/live/?scope=BE")
    assert "The data-sharing agreement is not signed." not in page.locator("main").inner_text()
    page.goto("/en/reports/1/")
    assert "The data-sharing agreement is not signed." in page.locator("main").inner_text()
    assert Report.objects.get(number=1).snapshot == report.snapshot
    assert page.request.get("/fr/reports/1/report-fr.pdf").body() == pdf
