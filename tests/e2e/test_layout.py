"""Every page type, in the four languages, at 320 and 390 px and at desktop width: no page scrolls sideways (a wide
table scrolls inside its own box), no button or table cell looks broken, axe finds nothing; each is photographed.
The whole demo (records, AI Act work, an audit, a panel, the plans)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from tests.e2e.test_aiact_journeys import WCAG_21_AA, login

pytestmark = pytest.mark.e2e

WIDTHS = (320, 390, 1280)
LANGUAGES = ("fr", "nl", "de", "en")
SHOT_WIDTHS = (390, 1280)  # screenshots: a phone and a desktop
AXE_WIDTH = 1280
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


# What axe cannot see: text of a button the colour of its own background (axe leaves it "incomplete"), a button the
# colour of what is around it, and table cells whose text spills out of a cell too short for it.
LOOKS = """() => {
  const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(channel);
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const opaque = c => { const a = c.match(/[\\d.]+/g); return a && (a.length < 4 || Number(a[3]) > 0); };
  const backdrop = el => { for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
                           if (opaque(c)) return c; } return 'rgb(255, 255, 255)'; };
  const found = [];
  for (const el of document.querySelectorAll('.utrecht-button, .utrecht-button-link')) {
    if (!el.offsetParent) continue;
    const style = getComputedStyle(el), own = backdrop(el), around = backdrop(el.parentElement);
    const [a, b] = [lum(style.color), lum(own)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) found.push(['text contrast ' + ratio.toFixed(2), el.outerHTML.slice(0, 120)]);
    if (own === around && style.borderTopColor === around) found.push(['button unseen', el.outerHTML.slice(0, 120)]);
  }
  for (const cell of document.querySelectorAll('td, th')) {
    const spills = cell.offsetParent && cell.scrollHeight > cell.clientHeight + 2;
    if (spills) found.push(['cell', cell.outerHTML.slice(0, 120)]);
  }
  return found;
}"""


def _pages() -> tuple[list[str], dict[str, list[str]]]:
    from django.db.models import Count

    from algoscope.aiact.models import Fria
    from algoscope.audits.models import Audit
    from algoscope.participation.models import Proposal, Question
    from algoscope.register.models import Algorithm
    from algoscope.reports.models import Report
    from algoscope.sortition.models import Panel, Recommendation

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
    answered = Question.objects.filter(state="answered", kind="error").order_by("pk").first()
    contact = Question.objects.filter(channel="contact").order_by("pk").first()
    third = Proposal.objects.get(consultation__key="plan-ia-2027", number=3)
    recommendation = Recommendation.objects.exclude(responsible=None).order_by("pk").first()
    draft = Report.objects.filter(state="draft").order_by("pk").first()
    assert record and revised and panel and fria and answered and contact and recommendation and draft
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
        "/{l}/plans/",
        "/{l}/plans/BE-FED-NCP-AI-2022/",
        "/{l}/plans/BE-FED-NCP-AI-2022/items/BE-O1-A05/",
        "/{l}/plans/harmonisation/",
        "/{l}/plans/compare/?left=BE-FED-NCP-AI-2022&right=NL-GENAI-VISION-2024",
        "/{l}/plans/test-bed/",
        "/{l}/plans/test-bed/BNL-SANDBOX-2026/",
        "/{l}/plans/training/",
        "/{l}/plans/training/BOSA-AI-BASICS/",
        "/{l}/plans/practices/",
        "/{l}/plans/practices/GP-GENAI-LETTERS/",
        "/{l}/questions/",
        f"/{{l}}/questions/{answered.pk}/",
        f"/{{l}}/questions/ask/?record={record.public_id}",
        "/{l}/consultations/",
        "/{l}/consultations/plan-ia-2027/",
        "/{l}/consultations/plan-ia-2027/1/",
        "/{l}/consultations/plan-ia-2027/2/",
        "/{l}/reports/",
        "/{l}/reports/1/",
        "/{l}/reports/live/?scope=BE",
        "/{l}/reports/compare/?from=1&to=1",
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
        "organiser": ["/editor/panels/", f"/editor/panels/{panel.pk}/", f"/editor/panels/{panel.pk}/work/"],
        "reviewer.bosa": ["/editor/recommendations/", f"/editor/recommendations/{recommendation.pk}/"],
        "coordinator": [
            "/editor/plans/",
            "/editor/plans/BE-FED-NCP-AI-2022/",
            "/editor/plans/test-bed/BNL-SANDBOX-2026/",
            "/editor/plans/training/figures/",
            "/editor/plans/catalogue/BOSA-AI-BASICS/",
            "/editor/questions/",
            f"/editor/questions/{contact.pk}/",
            "/editor/consultations/",
            "/editor/consultations/plan-ia-2027/",
            "/editor/consultations/plan-ia-2027/3/",
            "/editor/reports/",
            f"/editor/reports/{draft.pk}/",
        ],
        "editor.bosa": ["/editor/plans/BE-FED-NCP-AI-2022/items/BE-O1-A03/update/", "/editor/plans/training/figures/"],
        "resident.anna": [
            "/{l}/me/",  # a public page with the person's own things: the language is in the address
            "/{l}/questions/ask/",
            "/{l}/consultations/plan-ia-2027/propose/",
            "/{l}/consultations/plan-ia-2027/3/",
            f"/{{l}}/report/proposal/{third.pk}/",  # by its id, which differs between databases
        ],
        "moderator": ["/editor/moderation/"],
    }
    return public, signed_in


@pytest.mark.slow
def test_every_page_type_fits_and_passes_axe(browser: Any, live_server: Any, transactional_db: Any) -> None:
    """Every page type, in four languages, at two phone widths and a desktop one: nothing wider than the window, none
    of the faults of ``LOOKS``, no axe violation (WCAG 2.1 AA, at desktop width); with ``$ALGOSCOPE_SCREENSHOTS``
    set to a folder, a screenshot of each at a phone and a desktop width in it for a person to look at (without
    it none: full-page screenshots cost time, and nobody looks at a temporary folder)."""
    call_command("load_demo", not_in_development=True, verbosity=0)
    public, signed_in = _pages()
    wider: list[tuple[int, str, Any]] = []
    faults: list[tuple[int, str, Any]] = []
    violations: list[tuple[str, str]] = []
    shots = Path(os.environ["ALGOSCOPE_SCREENSHOTS"]) if os.environ.get("ALGOSCOPE_SCREENSHOTS") else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    axe = Axe()

    def check(page: Any, url: str, width: int) -> None:
        response = page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        found = page.evaluate(OVERFLOW)
        if found:
            wider.append((width, url, found))
        faults.extend((width, url, fault) for fault in page.evaluate(LOOKS))
        if width == AXE_WIDTH:
            result = axe.run(page, options=WCAG_21_AA)
            if result.violations_count:
                violations.append((url, result.generate_report()))
        if shots and width in SHOT_WIDTHS:
            name = re.sub(r"[^a-z0-9]+", "_", url.lower()).strip("_") or "home"
            page.screenshot(path=str(shots / f"{name}_{width}.png"), full_page=True)

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
                check(page, url.format(l="fr"), width)
            context.close()
    checked = len(WIDTHS) * (len(LANGUAGES) * len(public) + sum(len(urls) for urls in signed_in.values()))
    print(f"{checked} pages at {WIDTHS} px: {len(wider)} wider than the window")
    assert not wider, wider
    assert not faults, faults
    assert not violations, "\n".join(f"{url}\n{report}" for url, report in violations)
