"""A panel organiser's journey in the browser: create a panel, upload and check, compute, publish, draw; then the
public page as a resident sees it (accessible, no names)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from algoscope.sortition.models import Panel

from .test_aiact_journeys import WCAG_21_AA, login

pytestmark = pytest.mark.e2e
OPENDLP = Path(__file__).resolve().parents[3] / "shared/data/sortition/opendlp_monitor_30"


def test_organiser_selects_a_panel_and_the_public_checks_it(page: Any, settings: Any) -> None:
    settings.JOBS = "sync"
    login(page, "organiser")
    page.goto("/editor/panels/")
    page.get_by_label("Organisation that runs the panel").select_option(label="FPS Policy and Support")
    page.get_by_label("Title", exact=True).fill("Monitor panel")
    page.get_by_role("textbox", name="Purpose").fill("Advice on the monitor.")
    page.get_by_label("Panel size").fill("30")
    page.get_by_role("button", name="Create the panel").click()
    page.locator("#categories").set_input_files(str(OPENDLP / "categories.csv"))
    page.locator("#respondents").set_input_files(str(OPENDLP / "respondents.csv"))
    page.get_by_role("button", name="Upload and check").click()
    assert "Feasible" in page.locator("main").inner_text()
    page.get_by_role("button", name="Compute the lottery").click()
    page.get_by_role("heading", name="Publish the lottery").wait_for()
    result = Axe().run(page, options=WCAG_21_AA)
    assert result.violations_count == 0, result.generate_report()
    page.get_by_label("How and when the seed will be chosen").fill("Two dice thrown at the public meeting")
    known = timezone.localtime() + dt.timedelta(seconds=4)  # the site's time zone, as the form says
    page.get_by_label("When the seed becomes known").fill(known.strftime("%Y-%m-%dT%H:%M:%S"))
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_label("The seed: the announced numbers in order").fill("3 5")
    page.get_by_role("button", name="Draw", exact=True).click()
    assert "the seed becomes known at" in page.locator("main").inner_text()  # refused: too early
    time.sleep(max(0.0, (known - timezone.localtime()).total_seconds()) + 0.5)
    page.get_by_label("The seed: the announced numbers in order").fill("3 5")
    page.get_by_role("button", name="Draw", exact=True).click()
    page.get_by_role("heading", name="The drawn panel").wait_for()
    panel = Panel.objects.get(title="Monitor panel")
    assert panel.status == "drawn"

    page.get_by_role("link", name="public page").click()
    page.get_by_role("heading", name="Check the draw yourself").wait_for()
    text = page.locator("main").inner_text()
    assert "Two dice thrown at the public meeting" in text and "Darane" not in text
    assert page.locator("svg[role=img]").count() == 1
    result = Axe().run(page, options=WCAG_21_AA)
    assert result.violations_count == 0, result.generate_report()
