"""Every page type fits a phone: at 320 and 390 px wide, in French and Dutch (long compounds), no page scrolls
sideways; a wide table scrolls inside its own box. The whole demo (records, AI Act work, an audit, a panel)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from tests.e2e.test_aiact_journeys import login

pytestmark = pytest.mark.e2e

WIDTHS = (320, 390)
LANGUAGES = ("fr", "nl")
# The element that sticks out furthest to the right, when the page is wider than the window.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  let worst = null, right = width;
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > right + 1 && box.width > 0) { right = box.right; worst = el.outerHTML.slice(0, 120); }
  }
  return {page_width: document.documentElement.scrollWidth, element: worst};
}"""


def _pages() -> tuple[list[str], dict[str, list[str]]]:
    from django.db.models import Count

    from algoscope.aiact.models import Fria
    from algoscope.audits.models import Audit
    from algoscope.register.models import Algorithm
    from algoscope.sortition.models import Panel

    record = Algorithm.objects.filter(published_version__isnull=False).order_by("pk").first()
    revised = Algorithm.objects.filter(versions__number=2).order_by("pk").first()
    audit = Audit.objects.get(status="published")
    panel = Panel.objects.order_by("pk").first()
    fria = Fria.objects.select_related("algorithm").order_by("pk").first()
    # the three organisations with the most records, side by side
    counted = Algorithm.objects.filter(published_version__isnull=False).values("organisation__slug")
    compared = [
        row["organisation__slug"] for row in counted.annotate(n=Count("id")).order_by("-n", "organisation__slug")[:3]
    ]
    assert record and revised and panel and fria
    own = fria.algorithm  # a record with its AI Act work, of an organisation whose editor signs in
    public = [
        "/{l}/",
        "/{l}/?q=algoritme",
        f"/{{l}}/algorithms/{record.public_id}/",
        f"/{{l}}/algorithms/{revised.public_id}/versions/1/",
        f"/{{l}}/algorithms/{revised.public_id}/compare/?from=1&to=2",
        f"/{{l}}/algorithms/{fria.algorithm.public_id}/fria/",
        f"/{{l}}/algorithms/{audit.algorithm.public_id}/audits/{audit.pk}/",
        "/{l}/organisations/",
        f"/{{l}}/organisations/{record.organisation.slug}/",
        "/{l}/organisations/compare/?" + "&".join(f"o={slug}" for slug in compared),
        "/{l}/ai-act/",
        "/{l}/panels/",
        f"/{{l}}/panels/{panel.pk}/",
        "/{l}/about/",
        "/{l}/overview/",
        "/{l}/changes/",
        "/{l}/contact/",
        "/{l}/accessibility/",
        "/{l}/privacy/",
        "/{l}/cookies/",
    ]
    org = own.organisation
    editor_of = org.memberships.filter(role="editor").first()
    admin_of = org.memberships.filter(role="org_admin").first()
    assert own and editor_of and admin_of
    signed_in = {
        editor_of.user.username: [
            "/editor/",
            f"/editor/algorithms/{own.public_id}/",
            f"/editor/algorithms/{own.public_id}/edit/",
            "/editor/algorithms/new/",
            f"/editor/algorithms/{own.public_id}/ai-act/",
            f"/editor/algorithms/{own.public_id}/ai-act/obligations/",
            f"/editor/algorithms/{own.public_id}/ai-act/fria/",
            "/editor/import/",
        ],
        admin_of.user.username: [f"/editor/organisations/{org.slug}/tokens/"],
        "auditor": ["/editor/audits/", f"/editor/audits/{audit.pk}/", f"/editor/audits/{audit.pk}/report/"],
        "organiser": ["/editor/panels/", f"/editor/panels/{panel.pk}/"],
    }
    return public, signed_in


@pytest.mark.slow
def test_no_page_is_wider_than_a_phone(browser: Any, live_server: Any, transactional_db: Any) -> None:
    call_command("load_demo", not_in_development=True, verbosity=0)
    public, signed_in = _pages()
    wider: list[tuple[int, str, Any]] = []

    def check(page: Any, url: str, width: int) -> None:
        response = page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        found = page.evaluate(OVERFLOW)
        if found:
            wider.append((width, url, found))

    for width in WIDTHS:
        for language in LANGUAGES:
            context = browser.new_context(
                base_url=live_server.url, viewport={"width": width, "height": 800}, locale=language
            )
            page = context.new_page()
            for url in public:
                check(page, url.format(l=language), width)
            context.close()
        for username, urls in signed_in.items():
            context = browser.new_context(
                base_url=live_server.url, viewport={"width": width, "height": 800}, locale="fr"
            )
            page = context.new_page()
            login(page, username)
            for url in urls:
                check(page, url, width)
            context.close()
    checked = len(WIDTHS) * (len(LANGUAGES) * len(public) + sum(len(urls) for urls in signed_in.values()))
    print(f"{checked} pages at {WIDTHS} px: {len(wider)} wider than the window")
    assert not wider, wider
