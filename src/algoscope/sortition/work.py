"""A drawn panel's work and the answers it gets: its sessions and documents, its recommendations, each
responsible body's public response and follow-up (dated, never overwritten), and the records of the register or
pilots of the AI Act test-bed it oversees or evaluates. The panel's organisers write the panel's part; the
responsible organisation's people (the coordinators for a recommendation to the government) answer."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import Max

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor, can, require
from algoscope.common import references
from algoscope.common.errors import Conflict, InvalidInput, InvalidTransition
from algoscope.common.messages import gettext_noop as _
from algoscope.common.plaintext import clean_text, language_code
from algoscope.common.public_cache import public_changed
from algoscope.register.models import Algorithm
from algoscope.sortition.models import (
    Panel,
    PanelDocument,
    PanelLink,
    PanelSession,
    Recommendation,
    RecommendationResponse,
)
from algoscope.sortition.services import _own, log_panel

GOVERNMENT = "the government (the AI plan's steering committee)"


def _drawn(panel: Panel) -> None:
    if panel.status != Panel.Status.DRAWN:
        raise InvalidTransition(_("the panel has not been drawn yet: its work starts after the draw"))


@transaction.atomic
def session_add(
    *, actor: Actor, panel: Panel, held_on: dt.date, title: Any, summary: Any, language: Any
) -> PanelSession:
    _own(actor, panel)
    _drawn(panel)
    session = PanelSession.objects.create(
        panel=panel,
        held_on=held_on,
        title=clean_text(title, "title", maximum=200, one_line=True),
        summary=clean_text(summary, "summary", maximum=10_000, required=False),
        language=language_code(language),
    )
    log_panel(actor, panel, "session_add", session=session.pk, title=session.title)
    public_changed()
    return session


def _web_address(value: Any) -> str:
    url = (value or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or len(url) > 500:
        raise InvalidInput.single(("url",), "invalid", _("a web address starting with https://"))
    return url


@transaction.atomic
def document_add(*, actor: Actor, panel: Panel, kind: str, title: Any, url: Any, language: Any) -> PanelDocument:
    _own(actor, panel)
    if kind not in PanelDocument.Kind.values:
        raise InvalidInput.single(("kind",), "invalid", _("an agenda, evidence, minutes, a report or other"))
    document = PanelDocument.objects.create(
        panel=panel,
        kind=kind,
        title=clean_text(title, "title", maximum=200, one_line=True),
        url=_web_address(url),
        language=language_code(language),
    )
    log_panel(actor, panel, "document_add", document=document.pk, url=document.url)
    public_changed()
    return document


@transaction.atomic
def recommendation_add(
    *, actor: Actor, panel: Panel, title: Any, text: Any, language: Any, responsible: Organisation | None
) -> Recommendation:
    _own(actor, panel)
    _drawn(panel)
    Panel.objects.select_for_update().filter(pk=panel.pk).first()  # numbers in order, one at a time
    number = (Recommendation.objects.filter(panel=panel).aggregate(n=Max("number"))["n"] or 0) + 1
    recommendation = Recommendation.objects.create(
        panel=panel,
        number=number,
        title=clean_text(title, "title", maximum=200, one_line=True),
        text=clean_text(text, "text", maximum=10_000),
        language=language_code(language),
        responsible=responsible,
    )
    log_panel(actor, panel, "recommend", number=number, responsible=responsible.slug if responsible else None)
    public_changed()
    return recommendation


def _respond_rule(recommendation: Recommendation) -> tuple[str, int | None]:
    """The permission that answers it: the responsible organisation's, or the coordinators' for the government."""
    if recommendation.responsible_id is None:
        return "recommendation.respond_general", None
    return "recommendation.respond", recommendation.responsible_id


def may_respond(actor: Actor, recommendation: Recommendation) -> bool:
    return can(actor, *_respond_rule(recommendation))


@transaction.atomic
def recommendation_respond(
    *, actor: Actor, recommendation: Recommendation, status: str, text: Any, language: Any
) -> RecommendationResponse:
    """The responsible body's answer, or a new step of its follow-up: added after the earlier ones, never in
    their place."""
    require(actor, *_respond_rule(recommendation))
    if status not in RecommendationResponse.Status.values:
        raise InvalidInput.single(("status",), "invalid", _("choose the recommendation's status"))
    response = RecommendationResponse.objects.create(
        recommendation=recommendation,
        status=status,
        text=clean_text(text, "text", maximum=10_000),
        language=language_code(language),
        responded_by=actor.db_user,
        on_behalf_of=recommendation.responsible.display_name("en") if recommendation.responsible else GOVERNMENT,
    )
    log_panel(
        actor,
        recommendation.panel,
        "recommendation_respond",
        number=recommendation.number,
        status=status,
        response=response.pk,
    )
    public_changed()
    return response


def _target(reference: str) -> str:
    kind, _sep, key = reference.strip().partition(":")
    if kind == "record" and Algorithm.objects.filter(public_id=key, published_version__isnull=False).exists():
        return f"record:{key}"
    if kind == "pilot" and references.resolve(f"pilot:{key}", "en") is not None:
        return f"pilot:{key}"
    raise InvalidInput.single(("target",), "unknown", _("a published record (record:ID) or a pilot (pilot:KEY)"))


@transaction.atomic
def panel_link(*, actor: Actor, panel: Panel, target: str, role: str) -> PanelLink:
    """The panel oversees or evaluates a record or a pilot (shown on both pages)."""
    _own(actor, panel)
    if role not in PanelLink.Role.values:
        raise InvalidInput.single(("role",), "invalid", _("an oversight or an evaluation body"))
    try:
        with transaction.atomic():
            link = PanelLink.objects.create(panel=panel, target=_target(target), role=role)
    except IntegrityError as exc:
        raise Conflict(_("the panel is already attached to it")) from exc
    log_panel(actor, panel, "link", target=link.target, role=role)
    public_changed()
    return link
