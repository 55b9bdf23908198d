"""Citizen participation as the period closed: the consultations open during the period (proposals received,
answered and adopted by its close), and the citizens' panels with their recommendations and the answers given."""

from __future__ import annotations

from typing import Any

from algoscope.participation.models import Consultation, Proposal
from algoscope.reports.engine.scope import BENELUX
from algoscope.reports.engine.texts import text
from algoscope.reports.sections.base import Data, Window, org_name
from algoscope.sortition.models import Panel, RecommendationResponse

FINAL = (Proposal.State.ACCEPTED, Proposal.State.REJECTED, Proposal.State.MERGED)


def _consultation_in_scope(consultation: Consultation, window: Window, plans: set[str]) -> bool:
    """Every consultation in the Benelux scope; in a country's or a plan's, those about one of its plans."""
    if window.scope.key == BENELUX:
        return True
    return any(
        link.startswith("plan-item:") and link[len("plan-item:") :].split("/")[0] in plans
        for link in consultation.links
    )


def collect_consultations(window: Window, previous: Data | None) -> Data:
    from algoscope.reports.sections.plans import plans_in_scope

    plans = {document.key for _strategy, document in plans_in_scope(window)}
    period = window.period
    rows: list[Any] = []
    for consultation in Consultation.objects.filter(
        opens_on__lte=period.ends_on, closes_on__gte=period.starts_on, created_at__lt=window.closes_at
    ).order_by("opens_on", "key"):
        if not _consultation_in_scope(consultation, window, plans):
            continue
        proposals = list(
            consultation.proposals.filter(created_at__lt=window.closes_at).values_list("state", "answered_at")
        )
        answered = [s for s, at in proposals if s in FINAL and window.by_close(at)]
        rows.append({
            "id": consultation.key, "title": text(consultation.title), "opens_on": consultation.opens_on.isoformat(),
            "closes_on": consultation.closes_on.isoformat(), "proposals": len(proposals), "answered": len(answered),
            "adopted": sum(1 for s in answered if s == Proposal.State.ACCEPTED),
        })  # fmt: skip
    figures = {
        "consultations": len(rows),
        "proposals": sum(r["proposals"] for r in rows),
        "answered": sum(r["answered"] for r in rows),
        "adopted": sum(r["adopted"] for r in rows),
    }
    return {"rows": rows, "figures": figures}


def collect_panels(window: Window, previous: Data | None) -> Data:
    panels = (
        Panel.objects.filter(
            published_at__isnull=False,
            published_at__lt=window.closes_at,
            organisation__country__in=sorted(window.scope.countries),
        )
        .select_related("organisation")
        .order_by("published_at", "pk")
    )
    statuses = RecommendationResponse.Status.values
    rows: list[Any] = []
    for panel in panels:
        recommendations: list[Any] = []
        for recommendation in panel.recommendations.filter(created_at__lt=window.closes_at).order_by("number"):
            response = (
                recommendation.responses.filter(responded_at__lt=window.closes_at)
                .order_by("-responded_at", "-pk")
                .first()
            )
            recommendations.append({
                "id": f"panel-{panel.pk}/{recommendation.number}", "number": recommendation.number,
                "title": text(recommendation.title, recommendation.language),
                "status": response.status if response is not None else "",
                "response": text(response.text, response.language) if response is not None else text(None),
                "on_behalf_of": response.on_behalf_of if response is not None else "",
            })  # fmt: skip
        language = panel.texts_language or panel.organisation.original_language
        rows.append({
            "id": f"panel-{panel.pk}", "title": text(panel.title, language),
            "organisation": org_name(panel.organisation), "size": panel.size, "recommendations": recommendations,
        })  # fmt: skip
    every: list[dict[str, Any]] = [r for row in rows for r in row["recommendations"]]
    figures = {
        "panels": len(rows),
        "recommendations": len(every),
        "answered": sum(1 for r in every if r["status"]),
        **{f"status.{s}": sum(1 for r in every if r["status"] == s) for s in statuses},
    }
    return {"rows": rows, "figures": figures}
