"""Participation in the browser: a resident asks about a record, the organisation answers, the answer is public and
the organisation's response-time figure moves; a resident proposes, another supports, the coordinator accepts it and
links it to the plan's action, and the action's page links back; axe on each page a resident uses."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from .test_aiact_journeys import WCAG_21_AA, login

pytestmark = pytest.mark.e2e


def _clean(page: Any) -> None:
    result = Axe().run(page, options=WCAG_21_AA)
    assert result.violations_count == 0, result.generate_report()


@pytest.fixture
def residents(demo: None) -> None:
    from algoscope.participation.demo import load_participation_demo
    from algoscope.plans.demo import load_plan_demo

    load_plan_demo()
    load_participation_demo(password="algoscope-demo")


def test_a_question_answered_in_public_moves_the_response_figure(page: Any, residents: None) -> None:
    from algoscope.accounts.demo import demo_organisation
    from algoscope.participation.models import Question
    from algoscope.register.models import Algorithm

    bosa = demo_organisation("bosa")
    record = Algorithm.objects.filter(organisation=bosa, published_version__isnull=False, retired_at=None).first()
    assert record is not None
    login(page, "resident.bram")
    page.goto(f"/en/algorithms/{record.public_id}/")
    page.get_by_role("link", name="Ask a question or report an error").click()
    page.get_by_label("Your question in one line").fill("Who reviews the outcome?")
    page.get_by_label("Your question, or the error you found").fill("Is a civil servant reviewing each outcome?")
    page.get_by_label("Name shown with your post (optional)").fill("Bram")
    _clean(page)
    page.get_by_role("button", name="Publish my question").click()
    assert "Your question is published" in page.locator("main").inner_text()
    question = Question.objects.get(title="Who reviews the outcome?")
    page.goto(f"/en/organisations/{record.organisation.slug}/")
    before = page.locator("dt:has-text('Median time to answer') + dd").inner_text()
    page.context.clear_cookies()

    login(page, "editor.bosa")
    page.goto("/editor/questions/")
    page.get_by_role("link", name="Who reviews the outcome?").click()
    page.get_by_label("The public answer").fill("Yes: a case handler reviews each outcome before any decision.")
    page.get_by_role("button", name="Publish the answer").click()
    assert "The answer is published." in page.locator("main").inner_text()
    page.context.clear_cookies()

    page.goto(f"/fr/questions/{question.pk}/")
    text = page.locator("main").inner_text()
    assert "a case handler reviews each outcome" in text and "Bram" in text
    _clean(page)
    page.goto(f"/en/organisations/{record.organisation.slug}/")
    after = page.locator("dt:has-text('Median time to answer') + dd").inner_text()
    assert before == "—" and after == "less than a day", (before, after)
    _clean(page)


def test_a_proposal_supported_accepted_and_followed_to_its_action(page: Any, residents: None) -> None:
    login(page, "resident.chloe")
    page.goto("/fr/consultations/plan-ia-2027/")
    page.get_by_role("link", name="Faire une proposition").click()
    page.get_by_label("Votre proposition en une ligne").fill("Des ateliers IA dans chaque commune")
    page.get_by_label("Ce qu'il faudrait faire, et pourquoi").fill("Un atelier par an pour expliquer les algorithmes.")
    page.get_by_label("Langue dans laquelle vous écrivez").select_option("fr")
    _clean(page)
    page.get_by_role("button", name="Publier ma proposition").click()
    assert "Votre proposition est publiée." in page.locator("main").inner_text()
    url = page.url
    page.context.clear_cookies()

    login(page, "resident.anna")
    page.goto(url)
    page.get_by_role("button", name="Soutenir cette proposition").click()
    assert "1 soutien" in page.locator("main").inner_text()
    _clean(page)
    page.context.clear_cookies()

    login(page, "coordinator")
    page.goto("/editor/consultations/plan-ia-2027/")
    page.get_by_role("link", name="Des ateliers IA dans chaque commune").click()
    page.get_by_label("Answer", exact=True).select_option("accepted")
    page.get_by_label("The public reason").fill("Included in the action on the training offer.")
    page.get_by_label("What it became (an accepted proposal)").select_option("plan-item:BE-FED-NCP-AI-2022/BE-O8-A01")
    page.get_by_role("button", name="Publish the answer").click()
    assert "The answer is published." in page.locator("main").inner_text()
    page.context.clear_cookies()

    page.goto(url)
    page.get_by_role("link", name="Map and identify the AI training offer").first.click()
    assert "/plans/BE-FED-NCP-AI-2022/items/BE-O8-A01/" in page.url
    assert "Des ateliers IA dans chaque commune" in page.locator("main").inner_text()


def test_a_panel_recommendation_gets_a_response_shown_on_the_panel_page(page: Any, settings: Any) -> None:
    from algoscope.sortition.demo import load_panel_demo
    from algoscope.sortition.models import Panel

    settings.JOBS = "sync"
    load_panel_demo()
    panel = Panel.objects.get()
    login(page, "organiser")
    page.goto(f"/editor/panels/{panel.pk}/work/")
    page.get_by_label("The recommendation in one line").fill("Explain every automated letter in plain language")
    page.get_by_label("The recommendation as the panel wrote it").fill(
        "Each letter says that an algorithm helped, and how."
    )
    page.get_by_label("Who must answer").select_option(label="FPS Policy and Support")
    page.get_by_role("button", name="Add the recommendation").click()
    assert "Saved" in page.locator("main").inner_text()
    page.context.clear_cookies()

    login(page, "editor.bosa")
    page.goto("/editor/recommendations/")
    page.get_by_role("link", name="Explain every automated letter in plain language").click()
    page.get_by_label("Status").select_option("accepted")
    page.get_by_label("The public response").fill("Accepted: the letters will say so from January.")
    _clean(page)
    page.get_by_role("button", name="Publish the answer").click()
    assert "The response is published" in page.locator("main").inner_text()
    page.context.clear_cookies()

    page.goto(f"/nl/panels/{panel.pk}/")
    text = page.locator("main").inner_text()
    assert "Explain every automated letter in plain language" in text
    assert "Accepted: the letters will say so from January." in text and "Aanvaard" in text
    _clean(page)
