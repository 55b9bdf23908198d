"""What a resident does: search with facets, switch language, open a record, compare versions; accessibility."""

from __future__ import annotations

import gzip
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from algoscope.register.models import Algorithm

pytestmark = pytest.mark.e2e
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def test_search_with_two_facets_and_a_language_switch(page: Any, live_server: Any) -> None:
    page.goto("/en/")
    page.get_by_label("Search the register").fill("algoritme")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Netherlands").click()
    page.get_by_role("link", name="Environment, spatial planning and water").first.click()
    heading = page.locator("#results-title")
    assert heading.inner_text() == "1 algorithm"
    assert page.locator("mark").first.inner_text().lower().startswith("algoritm")
    assert "country=NL" in page.url and "policy_domain=environment_spatial_planning" in page.url
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Nederlands").click()
    assert urlsplit(page.url).path == "/nl/"
    assert "country=NL" in page.url  # the search survives the language switch
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("#results-title").inner_text().startswith("1 ")
    third_party = [url for url in page.requested_urls if not url.startswith(live_server.url)]
    assert third_party == []


def test_open_a_record_and_compare_two_versions(page: Any) -> None:
    record = Algorithm.objects.filter(versions__number=2).order_by("public_id").first()
    page.goto(f"/en/algorithms/{record.public_id}/")
    assert page.get_by_role("heading", name="History").is_visible()
    page.get_by_role("link", name="Compare versions").click()
    page.get_by_label("From version").select_option("1")
    page.get_by_label("to version").select_option("2")
    page.get_by_role("button", name="Compare").click()
    assert page.locator("table.diff tbody tr").count() >= 1
    assert page.locator("table.diff ins").count() >= 1


@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
def test_no_accessibility_violations_on_the_four_page_types(page: Any, language: str) -> None:
    record = Algorithm.objects.filter(versions__number=2).order_by("public_id").first()
    urls = [
        f"/{language}/",
        f"/{language}/?q=fraude&country=BE",
        f"/{language}/algorithms/{record.public_id}/",
        f"/{language}/organisations/{record.organisation.slug}/",
    ]
    axe = Axe()
    for url in urls:
        page.goto(url)
        result = axe.run(page, options=WCAG_21_AA)
        assert result.violations_count == 0, f"{url}\n{result.generate_report()}"


def test_home_page_weighs_under_100_kb_and_works_without_javascript(browser: Any, live_server: Any, demo: None) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    responses: list[Any] = []
    page = context.new_page()
    page.on(
        "response", lambda response: responses.append(response)
    )  # bodies are read after the page loaded (not inside the event handler)
    page.goto("/en/?q=parkeren")
    page.wait_for_load_state("load")
    # Static files go out compressed in production (the .gz and .br files collectstatic writes beside each one,
    # served by whitenoise); the test server sends them as they are, so they are weighed as gzip sends them.
    weights = {r.url: len(gzip.compress(r.body(), 9)) if "/static/" in r.url else len(r.body()) for r in responses}
    assert len(weights) >= 4, weights  # the page, its three stylesheets (and its icon)
    assert all(url.startswith(live_server.url) for url in weights), weights  # no third-party request
    assert any("/static/css/nlds" in url for url in weights), weights  # the design system's components included
    assert sum(weights.values()) < 100_000, weights
    page.get_by_role("link", name="Belgium").first.click()  # a facet link works without JavaScript
    assert "country=BE" in page.url
    context.close()


def test_the_content_security_policy_blocks_nothing_the_pages_need(page: Any) -> None:
    """Scripts and styles come only from the site (no inline script); a page that needed more would log a
    violation here. The API's documentation page (Swagger, served from the site's static files) included."""
    from algoscope.register.models import Algorithm

    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    record = Algorithm.objects.filter(published_version__isnull=False).first()
    assert record is not None
    for url in ("/en/", f"/en/algorithms/{record.public_id}/", "/en/ai-act/", "/en/organisations/", "/api/v1/docs"):
        response = page.goto(url)
        assert response is not None and response.status == 200
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
        page.wait_for_load_state("networkidle")
    assert violations == []
