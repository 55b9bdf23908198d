"""Reading panels: an organiser's own, the published ones, their stored files and public files."""

from __future__ import annotations

from django.db.models import QuerySet

from algoscope.accounts.permissions import Actor
from algoscope.common.errors import Conflict, NotFound
from algoscope.common.messages import gettext_noop as _
from algoscope.register.extensions import Figure, FigureRow
from algoscope.sortition.engine.csvinput import read_pool, read_quotas
from algoscope.sortition.engine.model import Pool, Quota
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


def read_files(panel: Panel, categories: tuple[str, bytes], respondents: tuple[str, bytes]) -> Pool:
    """The pool from these files with the panel's settings (``PanelInputError`` lists every problem)."""
    return read_pool(
        categories[1],
        respondents[1],
        k=panel.size,
        categories_file=categories[0],
        respondents_file=respondents[0],
        id_column=panel.id_column or None,
        address_columns=panel.address_columns,
        already_selected=panel.already_selected,
    )


def read_panel_pool(panel: Panel) -> Pool:
    """The stored respondents and quotas with the panel's settings (``PanelInputError`` when they do not fit)."""
    if not panel.has_personal_data:
        raise Conflict(_("the respondents have been deleted"))
    return read_files(
        panel,
        (panel.categories_name, bytes(panel.categories)),
        (panel.respondents_name, bytes(panel.respondents or b"")),
    )


def panel_quotas(panel: Panel) -> tuple[Quota, ...]:
    """The stored quotas (public; kept when the respondents are deleted)."""
    return read_quotas(bytes(panel.categories), panel.categories_name)[1]


def public_files(panel: Panel) -> dict[str, bytes]:
    """The public files of a computed panel, with ``draw.json`` once drawn."""
    if panel.report is None or not panel.public_files:
        raise Conflict(_("the lottery has not been computed yet"))
    return {name: text.encode() for name, text in panel.public_files.items()}


def public_file(panel: Panel, name: str) -> bytes:
    """One public file (``PUBLIC_FILES`` and, once drawn, ``draw.json``)."""
    files = public_files(panel)
    if name not in files:
        raise KeyError(name)
    return files[name]


def overview_figure() -> Figure | None:
    """For the public overview: each published panel and how many people it seats (drawn or still to draw)."""
    from django.urls import reverse
    from django.utils.translation import gettext

    panels = list(panels_published().order_by("published_at")[:30])
    if not panels:
        return None
    rows = [
        FigureRow(panel.title, panel.size, reverse("public:panel", args=[panel.pk]), panel.texts_language)
        for panel in panels
    ]
    note = gettext("Published citizens' panels and their seats; each links to its lottery, which anyone can verify.")
    return Figure("panels", gettext("Citizens' panels"), rows, note)
