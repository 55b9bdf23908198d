"""Browser journeys in Debian's headless Chromium, driven by Playwright, against a live server with demo data."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("ALGOSCOPE_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/install-system-packages (Debian: chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db: Any) -> None:
    from algoscope.register.demo import load_demo

    load_demo()


@pytest.fixture
def page(browser: Any, live_server: Any, demo: None) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.requested_urls = requests  # type: ignore[attr-defined]
    yield page
    context.close()
