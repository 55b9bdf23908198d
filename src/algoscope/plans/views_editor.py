"""The plans' workspace: coordinators import plan files, review and publish drafts, open and close periods and review
progress updates; people of a responsible organisation record updates on their actions; independent graders grade
published updates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from algoscope.accounts.permissions import Actor, can
from algoscope.common.actions import perform
from algoscope.common.errors import InvalidInput, Problem
from algoscope.common.translation import language_choices, localized, page_language
from algoscope.plans import presentation as show
from algoscope.plans import selectors, services
from algoscope.plans.engine import progress as vocab
from algoscope.plans.models import CatalogueEntry, Period, Pilot, ProgressUpdate, Strategy, TrainingFigure

MAX_UPLOAD = 2_000_000


def _coordinator(request: HttpRequest) -> Actor:
    actor = Actor.for_request(request)
    if not can(actor, "plan.edit"):
        raise Http404("coordinators only")
    return actor


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    actor = Actor.for_request(request)
    language = page_language()
    context: dict[str, Any] = {"coordinator": can(actor, "plan.edit"), "grader": can(actor, "progress.grade")}
    if context["coordinator"]:
        context.update(_coordinator_context())
    owned = []
    organisation_ids = actor.organisation_ids("progress.record")
    for strategy, document in selectors.published_strategies():
        open_period = strategy.periods.filter(state=Period.State.OPEN).first()
        for item, organisation in selectors.items_owned_by(document, organisation_ids):
            owned.append(
                {
                    "strategy": strategy,
                    "item": item,
                    "title": show.shown(item.title, language),
                    "organisation": organisation,
                    "period": open_period,
                }
            )
    context["owned"] = owned
    context["mine"] = ProgressUpdate.objects.filter(author_id=actor.person_id).select_related("strategy", "period")[:20]
    if context["grader"]:
        context["to_grade"] = ProgressUpdate.objects.filter(
            state=ProgressUpdate.State.PUBLISHED, grades__isnull=True
        ).select_related("strategy", "period", "organisation")[:50]
    return render(request, "plans/workspace.html", context)


class _ImportMessage:
    """What an import did, read once it has run (``perform`` shows it after the service returns)."""

    def __init__(self, reports: list[services.ImportReport]) -> None:
        self.reports = reports

    def __str__(self) -> str:
        report = self.reports[0] if self.reports else None
        if report is None or not (report.created or report.changed or report.tags):
            return _("Nothing changed: the file holds what the plans' working copies already hold.")
        changed = ", ".join(report.created + report.changed)
        if not changed:
            return _("The official wording of the tags was stored.")
        return _("Read. Now drafts to submit for review: %(plans)s.") % {"plans": changed}


def _located(problem: Problem) -> str:
    """``be.yaml › item BE-O1-A03 › kpis › 1 › unit: the KPI … has no unit``: where, then what."""
    where = " › ".join(str(part) for part in problem.loc)
    return f"{where}: {localized(problem)}" if where else localized(problem)


def _coordinator_context() -> dict[str, Any]:
    """What a coordinator's workspace lists: what waits for review, the plans, pilots and catalogue entries."""
    return {
        "strategies": Strategy.objects.select_related("published").all(),
        "pilots": Pilot.objects.all(),
        "entries": CatalogueEntry.objects.all(),
        "queue": selectors.review_queue(),
        "figures_waiting": TrainingFigure.objects.filter(state=TrainingFigure.State.SUBMITTED).count(),
    }


@login_required
@require_POST
def plan_import(request: HttpRequest) -> HttpResponse:
    actor = _coordinator(request)
    upload = request.FILES.get("file")
    errors: list[str] = []
    if upload is None:
        errors = [_("Choose a plan file (YAML or CSV).")]
    elif upload.size is not None and upload.size > MAX_UPLOAD:
        errors = [_("The file is larger than 2 MB.")]
    else:
        name = upload.name or "plan.yaml"
        reports: list[services.ImportReport] = []
        errors = perform(
            request,
            lambda: reports.append(services.plan_import(actor, name, upload.read(), note=request.POST.get("note", ""))),
            success=_ImportMessage(reports),
            problem_text=_located,
            forbidden_is_not_found=False,
        )
    if errors:
        return render(
            request,
            "plans/workspace.html",
            {"coordinator": True, "import_errors": errors, **_coordinator_context()},
            status=400,
        )
    return redirect("editor:plans")


@login_required
def plan_review(request: HttpRequest, key: str) -> HttpResponse:
    _coordinator(request)
    strategy = get_object_or_404(Strategy, key=key)
    draft = selectors.document(strategy.content)
    published = selectors.published_document(strategy)
    language = page_language()
    return render(request, "plans/review.html", {
        "strategy": strategy, "title": show.shown(draft.title, language),
        "changes": selectors.describe_changes(published, draft) if published else "",
        "periods": strategy.periods.all(), "versions": strategy.versions.order_by("-number"),
        "item_changes": [
            {**change, "title": show.shown(change["title"], language)}
            for change in selectors.item_changes(published, draft)
        ] if strategy.state != Strategy.State.PUBLISHED else [],
    })  # fmt: skip


@login_required
def plan_draft(request: HttpRequest, key: str) -> HttpResponse:
    """The working copy as YAML, for the coordinator who reviews it before publication."""
    _coordinator(request)
    strategy = get_object_or_404(Strategy, key=key)
    body = yaml.safe_dump(strategy.content, allow_unicode=True, sort_keys=False)
    response = HttpResponse(body, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{strategy.key}-draft.yaml"'
    return response


@login_required
@require_POST
def plan_action(request: HttpRequest, key: str, action: str) -> HttpResponse:
    actor = _coordinator(request)
    strategy = get_object_or_404(Strategy, key=key)
    post = request.POST
    runs = {
        "submit": (lambda: services.plan_submit(actor, strategy), _("Submitted for review.")),
        "publish": (lambda: services.plan_publish(actor, strategy, post.get("note", "")), _("Published.")),
        "return": (lambda: services.plan_return(actor, strategy, post.get("reason", "")), _("Sent back.")),
        "open-period": (
            lambda: services.period_open(
                actor, strategy, post.get("label", ""), _date(post.get("starts_on")), _date(post.get("ends_on"))
            ),
            _("The period is open."),
        ),
        "close-period": (
            lambda: services.period_close(
                actor, get_object_or_404(Period, pk=_int(post.get("period")), strategy=strategy)
            ),
            _("The period is closed: it takes no more updates."),
        ),
    }
    if action not in runs:
        raise Http404("unknown action")
    run, success = runs[action]
    for error in perform(request, run, success=success, forbidden_is_not_found=False):
        messages.error(request, error)
    return redirect("editor:plan", key=key)


def _date(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        raise InvalidInput([Problem(("date",), "date", "give the dates as YYYY-MM-DD")]) from None


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise Http404("no such period") from None


@login_required
def update_new(request: HttpRequest, key: str, item: str) -> HttpResponse:
    actor = Actor.for_request(request)
    strategy = selectors.strategy_get_public(key)
    document = selectors.published_document(strategy) if strategy is not None else None
    found = document.item(item) if document is not None else None
    if strategy is None or document is None or found is None:
        raise Http404("no such item")
    organisations = [
        o for o in selectors.responsible_organisations(document, found.key) if can(actor, "progress.record", o.pk)
    ]
    if not organisations:
        raise Http404("you are not in a responsible organisation of this item")
    period = strategy.periods.filter(state=Period.State.OPEN).first()
    errors: list[str] = []
    posted: dict[str, Any] = {}
    if request.method == "POST":
        posted = request.POST.dict()
        organisation = next((o for o in organisations if str(o.pk) == request.POST.get("organisation")), None)
        if organisation is None:  # not silently another one: the report is signed for the organisation chosen
            raise Http404("not a responsible organisation of yours")
        data = _update_data(request)
        if period is None:
            errors = [_("No reporting period is open: ask the coordinator to open one.")]
        else:
            errors = perform(
                request,
                lambda: services.update_record(actor, strategy, found.key, period, organisation, data),
                success=_("Recorded: a coordinator reviews it before it is published."),
                forbidden_is_not_found=False,
            )
        if not errors:
            return redirect("editor:plans")
    previous = selectors.item_updates(strategy, document, found.key)
    language = page_language()
    return render(request, "plans/update_form.html", {
        "strategy": strategy, "item": found, "title": show.shown(found.title, language), "period": period,
        "organisations": organisations, "errors": errors, "posted": posted,
        "statuses": [(k, show.status_label(k)) for k in vocab.STATUSES],
        "rags": [(k, show.rag_label(k)) for k in vocab.RAG],
        "methods": [(k, show.method_label(k)) for k in vocab.METHODS],
        "confidences": [(k, _(v)) for k, v in vocab.CONFIDENCE_LABELS.items()],
        "change_kinds": vocab.CHANGE_KINDS,
        "milestones": [(m, show.shown(m.title, language)) for m in found.milestones],
        "languages": language_choices(), "previous": previous[0] if previous else None,
    }, status=400 if errors else 200)  # fmt: skip


def _update_data(request: HttpRequest) -> dict[str, Any]:
    post = request.POST
    bottleneck: dict[str, Any] = {
        "description": post.get("bottleneck", ""),
        "owner": post.get("bottleneck_owner", ""),
        "mitigation": post.get("bottleneck_mitigation", ""),
        "escalate": post.get("escalate") == "on",
    }
    change = {
        "kind": post.get("change_kind", ""),
        "description": post.get("change", ""),
        "reason": post.get("change_reason", ""),
    }
    records = [part.strip() for part in post.get("records", "").replace(",", " ").split() if part.strip()]
    return {
        "status": post.get("status"), "rag": post.get("rag"), "method": post.get("method"),
        "progress": post.get("progress"), "milestones_reached": post.getlist("milestones_reached"),
        "achievements": post.get("achievements"), "actual": post.get("actual"), "forecast": post.get("forecast"),
        "next_steps": post.get("next_steps"), "confidence": post.get("confidence"), "language": post.get("language"),
        "bottlenecks": [bottleneck] if str(bottleneck["description"]).strip() else [],
        "changes": [change] if change["description"].strip() or change["reason"].strip() else [],
        "links": {"records": records, "pilots": post.get("pilots", "").replace(",", " ").split()},
        "corrects": post.get("corrects") or None,
    }  # fmt: skip


@login_required
def update_review(request: HttpRequest, update_id: int) -> HttpResponse:
    actor = Actor.for_request(request)
    coordinator, grader = can(actor, "progress.publish"), can(actor, "progress.grade")
    if not (coordinator or grader):
        raise Http404("coordinators and graders only")
    update = get_object_or_404(
        ProgressUpdate.objects.select_related("strategy", "period", "organisation", "author"), pk=update_id
    )
    if not coordinator and update.state != ProgressUpdate.State.PUBLISHED:
        raise Http404("a grader sees published reports only")
    errors: list[str] = []
    if request.method == "POST":
        verb = request.POST.get("verb", "")
        post = request.POST
        if verb == "publish" and coordinator:
            errors = perform(
                request,
                lambda: services.update_publish(actor, update),
                success=_("Published."),
                forbidden_is_not_found=False,
            )
        elif verb == "decline" and coordinator:
            errors = perform(
                request,
                lambda: services.update_decline(actor, update, post.get("reason", "")),
                success=_("Declined."),
                forbidden_is_not_found=False,
            )
        elif verb == "grade" and grader:
            errors = perform(
                request,
                lambda: services.grade_add(actor, update, post.get("rag", ""), post.get("comment", "")),
                success=_("Graded."),
                forbidden_is_not_found=False,
            )
        else:
            raise Http404("unknown action")
        if not errors:
            return redirect("editor:plans")
    document = selectors.published_document(update.strategy)
    item = document.item(update.item_key) if document else None
    return render(request, "plans/update_review.html", {
        "update": update, "coordinator": coordinator, "grader": grader, "errors": errors,
        "title": show.shown(item.title, page_language()) if item else None,
        "status": show.status_label(update.status), "rag": show.rag_label(update.rag),
        "method": show.method_label(update.method), "rags": [(k, show.rag_label(k)) for k in vocab.RAG],
    }, status=400 if errors else 200)  # fmt: skip
