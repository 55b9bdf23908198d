"""Reading panels: an organiser's own, and the published ones."""

from __future__ import annotations

from django.db.models import QuerySet

from algoscope.common.errors import NotFound
from algoscope.register.permissions import Actor
from algoscope.sortition.models import Panel


def panels_of(actor: Actor) -> QuerySet[Panel]:
    """The panels the actor organises (only they see the respondents)."""
    if actor.person_id is None:
        return Panel.objects.none()
    return Panel.objects.filter(organisers__pk=actor.person_id).select_related("organisation")


def panel_get_organised(actor: Actor, panel_id: int) -> Panel:
    panel = panels_of(actor).filter(pk=panel_id).first()
    if panel is None:
        raise NotFound(f"no panel {panel_id} that you organise")
    return panel


def panels_published() -> QuerySet[Panel]:
    return (
        Panel.objects.filter(published_at__isnull=False)
        .select_related("organisation")
        .defer("respondents", "state", "public_files", "categories")
        .order_by("-published_at")
    )


def panel_get_published(panel_id: int) -> Panel:
    panel = Panel.objects.filter(pk=panel_id, published_at__isnull=False).select_related("organisation").first()
    if panel is None:
        raise NotFound(f"no published panel {panel_id}")
    return panel
