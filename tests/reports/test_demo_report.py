"""The demo's report and the live figures against the whole demo: the sections whose data only the demo builds
(a published audit, a drawn panel with its recommendations, a consultation, every reference plan) checked against
independent counts, and the demo report's own claims (its summary speaks of two bottlenecks, none escalated)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from algoscope.reports.engine.figures import flatten
from algoscope.reports.engine.scope import country_scope
from algoscope.reports.models import Report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def demo(settings: Any) -> None:
    settings.DEBUG = True  # the demo loads only in development
    call_command("load_demo", verbosity=0)


def test_the_demo_report_and_the_live_figures_agree_with_the_data(demo: None) -> None:
    from algoscope.audits.models import Audit
    from algoscope.participation.models import Consultation
    from algoscope.plans.selectors import harmonisation
    from algoscope.reports import selectors
    from algoscope.sortition.models import Panel, Recommendation, RecommendationResponse

    report = Report.objects.get(number=1)
    assert (report.state, report.period, report.scope, report.languages) == (
        "published",
        "2026-Q3",
        "benelux",
        ["nl", "fr"],
    )
    assert set(report.files) == {"report-nl.pdf", "report-fr.pdf", "annex.json", "figures.csv", "actions.csv"}
    assert report.published_by is not None and report.published_by.username == "coordinator2"
    assert report.built_by is not None and report.built_by.username == "coordinator"
    sections = report.snapshot["sections"]
    # what the demo summary says: two actions need attention, none is escalated
    assert len(sections["bottlenecks"]["rows"]) == 2 and sections["bottlenecks"]["figures"]["escalated"] == 0
    # everything the demo publishes is published when it loads: after 30 September 2026
    assert sections["records"]["figures"]["published"] == 0 and sections["audits"]["figures"]["published"] == 0
    assert Report.objects.filter(state="draft", scope="BE").exists()

    benelux = country_scope("benelux")
    assert benelux is not None
    live = selectors.live(benelux)
    flat = flatten(live["sections"])
    assert flat["audits.published"] == Audit.objects.filter(status="published").count() >= 1
    drawn = Panel.objects.filter(published_at__isnull=False)
    assert flat["panels.panels"] == drawn.count() >= 1
    recommendations = Recommendation.objects.filter(panel__in=drawn)
    assert flat["panels.recommendations"] == recommendations.count()
    answered = {r.recommendation_id for r in RecommendationResponse.objects.filter(recommendation__in=recommendations)}
    assert flat["panels.answered"] == len(answered)
    quarter = live["period"]
    open_now = Consultation.objects.filter(opens_on__lte=quarter["to"], closes_on__gte=quarter["from"])
    assert flat["consultations.consultations"] == open_now.count() >= 1
    grid, _unmapped, _progress = harmonisation("oecd")  # every published strategy mapped to the OECD principles
    assert flat["harmonisation.gaps"] == grid.gaps() and flat["harmonisation.possible_duplications"] == grid.overlaps()
    assert live["previous"] == {"number": 1, "period": "2026-Q3"}  # slippage is measured against the last report
