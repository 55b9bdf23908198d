"""The AI Act test-bed's pages: the pilots and regulatory sandboxes (public), their download, and the coordinators'
review of a pilot's draft."""

from __future__ import annotations

import json
from typing import Any

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from algoscope.accounts.permissions import Actor, can
from algoscope.common.actions import perform
from algoscope.common.references import backlinks
from algoscope.common.translation import page_language
from algoscope.plans import presentation as show
from algoscope.plans import selectors, services
from algoscope.plans.engine.pilots import DOMAINS, STATUSES, Pilot, pilot_to_dict, pilots_file, pilots_from_data
from algoscope.plans.models import Pilot as PilotRow

DOMAIN_LABELS = {
    "health": gettext_lazy("Health"),
    "mobility": gettext_lazy("Mobility"),
    "climate": gettext_lazy("Climate"),
    "digital_government": gettext_lazy("Digital government"),
    "other": gettext_lazy("Other"),
}
STATUS_LABELS = {
    "planned": gettext_lazy("Planned"),
    "running": gettext_lazy("Running"),
    "extended": gettext_lazy("Extended"),
    "completed": gettext_lazy("Completed"),
    "stopped": gettext_lazy("Stopped"),
}
LEGAL_BASIS_LABELS = {
    "ai_act_art_57": gettext_lazy("AI regulatory sandbox (AI Act Art. 57–59)"),
    "ai_act_art_60": gettext_lazy("Testing in real-world conditions (AI Act Art. 60–61)"),
    "national": gettext_lazy("National legal basis"),
}
PHASE_LABELS = {
    "development": gettext_lazy("Development"),
    "oversight": gettext_lazy("Oversight"),
    "evaluation": gettext_lazy("Evaluation"),
}
ROLE_LABELS = {
    "lead": gettext_lazy("lead authority"),
    "joint": gettext_lazy("joint supervision"),
    "observer": gettext_lazy("observer"),
    "provider": gettext_lazy("provider"),
    "deployer": gettext_lazy("deployer"),
    "public_body": gettext_lazy("public body"),
    "research": gettext_lazy("research"),
    "civil_society": gettext_lazy("civil society"),
}


def _row(pilot: Pilot, language: str) -> dict[str, Any]:
    return {
        "pilot": pilot, "title": show.shown(pilot.title, language), "domain": DOMAIN_LABELS[pilot.domain],
        "status": STATUS_LABELS[pilot.status], "jurisdictions": [show.jurisdiction(j) for j in pilot.jurisdictions],
        "legal_basis": LEGAL_BASIS_LABELS[pilot.legal_basis],
    }  # fmt: skip


def pilot_list(request: HttpRequest) -> HttpResponse:
    language = page_language()
    domain, status = request.GET.get("domain", ""), request.GET.get("status", "")
    pilots = [p for _row_, p in selectors.published_pilots()]
    shown = [p for p in pilots if (not domain or p.domain == domain) and (not status or p.status == status)]
    return render(request, "plans/pilots.html", {
        "rows": [_row(p, language) for p in shown], "total": len(pilots), "domain": domain, "status": status,
        "domains": [(d, DOMAIN_LABELS[d]) for d in DOMAINS], "statuses": [(s, STATUS_LABELS[s]) for s in STATUSES],
    })  # fmt: skip


def pilot_detail(request: HttpRequest, key: str) -> HttpResponse:
    row = selectors.pilot_get_public(key)
    if row is None or row.published is None:
        raise Http404("no published pilot with this id")
    language = page_language()
    pilot = selectors.pilot_document(row.published)
    classes = selectors.record_classes(pilot.records)
    plan_items = show.plan_item_links(pilot.plan_items, language)
    return render(request, "plans/pilot.html", {
        **_row(pilot, language), "row": row, "versions": row.versions.order_by("-number"),
        "summary": show.shown(pilot.summary, language), "safeguards": show.shown(pilot.safeguards, language),
        "consent": show.shown(pilot.consent, language), "lessons": show.shown(pilot.lessons, language),
        "authorities": [(a, show.jurisdiction(a.jurisdiction), ROLE_LABELS[a.role]) for a in pilot.authorities],
        "participants": [(p, ROLE_LABELS[p.role]) for p in pilot.participants],
        "records": [(r, classes.get(r, [])) for r in pilot.records],
        "involvement": [(PHASE_LABELS[i.phase], show.shown(i.how, language), i.panel) for i in pilot.involvement],
        "kpis": [(k, show.shown(k.name, language)) for k in pilot.kpis], "plan_items": plan_items,
        "backlinks": backlinks("pilot", key, language),
    })  # fmt: skip


def pilots_download(request: HttpRequest, fmt: str) -> HttpResponse:
    pilots = [p for _r, p in selectors.published_pilots()]
    if fmt == "yaml":
        response = HttpResponse(pilots_file(pilots), content_type="application/yaml; charset=utf-8")
    elif fmt == "json":
        body = json.dumps(
            {"algoscope_pilots": 1, "pilots": [pilot_to_dict(p) for p in pilots]}, ensure_ascii=False, indent=1
        )
        response = HttpResponse(body, content_type="application/json")
    else:
        raise Http404("unknown format")
    response["Content-Disposition"] = f'attachment; filename="test-bed.{fmt}"'
    return response


@login_required
def pilot_review(request: HttpRequest, key: str) -> HttpResponse:
    if not can(Actor.for_request(request), "plan.edit"):
        raise Http404("coordinators only")
    row = get_object_or_404(PilotRow, key=key)
    language = page_language()
    draft, _problems = pilots_from_data("stored", {"algoscope_pilots": 1, "pilots": [row.content]})
    return render_review(request, row, show.shown(draft[0].title, language), "editor:pilot_action", "public:pilot")


def render_review(request: HttpRequest, row: Any, title: Any, action: str, public: str) -> HttpResponse:
    """A pilot's, a course's or a good practice's next step for a coordinator: the draft as it would be published,
    submit, publish (another coordinator) or send back."""
    return render(request, "plans/document_review.html", {
        "row": row, "title": title, "versions": row.versions.order_by("-number"),
        "draft_yaml": yaml.safe_dump(row.content, allow_unicode=True, sort_keys=False),
        "action_base": reverse(action, args=[row.key, "x"])[:-2],
        "public_url": reverse(public, args=[row.key]) if row.published_id else "",
    })  # fmt: skip


@login_required
@require_POST
def pilot_action(request: HttpRequest, key: str, action: str) -> HttpResponse:
    return document_action(request, get_object_or_404(PilotRow, key=key), action, "editor:pilot")


def document_action(request: HttpRequest, row: Any, action: str, page: str) -> HttpResponse:
    """Submit, publish (another coordinator) or send back a pilot, a course or a practice; back to its ``page``."""
    actor = Actor.for_request(request)
    if not can(actor, "plan.edit"):
        raise Http404("coordinators only")
    post = request.POST
    runs = {
        "submit": (lambda: services.plan_submit(actor, row), _("Submitted for review.")),
        "publish": (lambda: services.plan_publish(actor, row, post.get("note", "")), _("Published.")),
        "return": (lambda: services.plan_return(actor, row, post.get("reason", "")), _("Sent back.")),
    }
    if action not in runs:
        raise Http404("unknown action")
    run, success = runs[action]
    for error in perform(request, run, success=success, forbidden_is_not_found=False):
        messages.error(request, error)
    return redirect(page, key=row.key)
