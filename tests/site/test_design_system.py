"""The pages are built with the NL Design System's component CSS, installed from package-lock.json and themed with
tokens: the bundle matches the lock file, every token the theme sets is one the components read, every page loads
the bundle and the theme, and an installation's own theme replaces the neutral one without a code change."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CSS = ROOT / "src" / "algoscope" / "static" / "css"


def test_the_bundle_is_built_from_the_locked_packages() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text())
    locked = lock["packages"]["node_modules/@utrecht/component-library-css"]
    assert locked["integrity"].startswith("sha512-")  # npm ci refuses a package whose hash differs
    bundle = (CSS / "nlds.css").read_text()
    assert f"@utrecht/component-library-css {locked['version']}" in bundle
    for name in ("button", "table", "alert", "form-field", "status-badge", "breadcrumb-nav"):
        version = lock["packages"][f"node_modules/@utrecht/{name}-css"]["version"]
        assert f"/* @utrecht/{name}-css {version} */" in bundle  # each component as locked, none edited by hand
    check = subprocess.run([sys.executable, str(ROOT / "scripts/build_design_system.py"), "--check"], check=False)
    assert check.returncode == 0  # the file served is exactly what the locked packages give


def test_every_token_the_theme_sets_is_read_by_a_component() -> None:
    """A misspelt token would silently do nothing: each ``--utrecht-*`` the theme sets is used in the bundle."""
    theme = (CSS / "theme.css").read_text()
    bundle = (CSS / "nlds.css").read_text()
    set_tokens = set(re.findall(r"^\s*(--utrecht-[a-z0-9-]+):", theme, flags=re.M))
    read_tokens = set(re.findall(r"var\((--utrecht-[a-z0-9-]+)", bundle))
    assert len(set_tokens) > 200
    assert sorted(set_tokens - read_tokens) == []
    # Algoscope's own stylesheet reads the theme's brand tokens rather than colours of its own.
    own = (CSS / "algoscope.css").read_text()
    assert "--brand: var(--algoscope-color-primary)" in own
    assert not re.search(r"^(button|input, select, textarea|\.table|\.msg|\.badge|\.state) \{", own, flags=re.M)


@pytest.mark.parametrize("path", ["/fr/", "/nl/organisations/", "/de/about/", "/en/overview/", "/accounts/login/"])
def test_pages_load_the_components_and_the_theme(client: Client, path: str) -> None:
    page = client.get(path).content.decode()
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', page)
    assert links == ["/static/css/nlds.css", "/static/css/theme.css", "/static/css/algoscope.css"]
    assert '<html lang="' in page and 'class="algoscope-theme"' in page
    assert '<main id="main" class="wrap utrecht-html">' in page
    assert 'class="utrecht-skip-link utrecht-skip-link--visible-on-focus"' in page
    assert 'class="utrecht-page-header site-header"' in page and 'class="utrecht-page-footer site-footer"' in page


def test_an_installation_sets_its_own_theme(client: Client, tmp_path: Path, settings: object) -> None:
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "stad.css").write_text(
        (CSS / "theme.css")
        .read_text()
        .replace("--algoscope-color-primary: #0b4f8a;", "--algoscope-color-primary: #c8102e;")
    )
    from django.contrib.staticfiles import finders

    with override_settings(
        STATICFILES_DIRS=[tmp_path, *settings.STATICFILES_DIRS],  # type: ignore[attr-defined]
        THEME_STYLESHEET="css/stad.css",
    ):
        finders.get_finder.cache_clear()
        try:
            page = client.get("/nl/about/").content.decode()
            assert '<link rel="stylesheet" href="/static/css/stad.css">' in page
            assert "/static/css/theme.css" not in page
            assert finders.find("css/stad.css") == str(tmp_path / "css" / "stad.css")
        finally:
            finders.get_finder.cache_clear()


@pytest.mark.parametrize(
    ("status", "tone"),
    [
        ("published", "safe"),
        ("in_review", "warning"),
        ("failed", "danger"),
        ("retired", "inactive"),
        ("draft", "neutral"),
    ],
)
def test_each_state_has_a_status_badge_tone(status: str, tone: str) -> None:
    from algoscope.common.templatetags.algoscope import status_tone

    assert status_tone(status) == tone
