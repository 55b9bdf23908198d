"""Audit pages: the auditor's workspace, the organisation's response, and the published report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from algoscope.accounts.permissions import Actor, can
from algoscope.audits import selectors, services
from algoscope.audits.models import Audit, AuditAction
from algoscope.audits.report import report_context, report_html, report_pdf, summary
from algoscope.common.actions import perform
from algoscope.common.errors import InvalidInput, NotFound, PermissionDenied
from algoscope.common.pdf import pdf_response
from algoscope.common.translation import page_language
from algoscope.register import selectors as register_selectors

PARAMETER_FIELDS = (
    "protected",
    "label",
    "prediction",
    "score",
    "period",
    "positive_label",
    "positive_prediction",
    "reference",
    "min_cell",
    "correction",
    "family",
    "missing",
    "delimiter",
    "decimal",
    "encoding",
)


def _visible(request: HttpRequest, audit_id: int) -> Audit:
    try:
        return selectors.audit_get_visible(Actor.for_request(request), audit_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _parameters(request: HttpRequest) -> dict[str, Any]:
    return {key: request.POST.get(key, "").strip() for key in PARAMETER_FIELDS}


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    actor = Actor.for_request(request)
    errors: list[str] = []
    if request.method == "POST":
        try:
            algorithm = register_selectors.algorithm_get_public(request.POST.get("algorithm", ""))
            audit = services.audit_create(
                actor=actor,
                algorithm=algorithm,
                title=request.POST.get("title", ""),
                intervention=request.POST.get("intervention", "punitive"),
            )
            return redirect("editor:audit", audit_id=audit.pk)
        except NotFound as exc:
            errors = [exc.message]
        except InvalidInput as exc:
            errors = [p.message for p in exc.problems]
        except PermissionDenied as exc:
            raise Http404(exc.message) from exc
    context = {
        "audits": selectors.audits_visible(actor),
        "may_create": can(actor, "audit.create"),
        "interventions": Audit.Intervention.choices,
        "errors": errors,
        "posted": request.POST,
    }
    return render(request, "audits/list.html", context, status=422 if errors else 200)


def _report_audit(request: HttpRequest, audit: Audit) -> dict[str, Any]:
    return {
        "auditor": audit.auditor_label,
        "published_on": audit.published_at.date() if audit.published_at else None,
        "scope": audit.scope,
        "system_description": audit.system_description,
        "findings": audit.findings,
        "recommendations": audit.recommendations,
        "response": audit.response,
        "record_url": request.build_absolute_uri(audit.algorithm.get_absolute_url()),
        "actions": [
            {"description": a.description, "owner": a.owner, "due_on": a.due_on, "status_label": a.get_status_display()}
            for a in audit.actions.all()
        ],
    }


def _report(request: HttpRequest, audit: Audit) -> dict[str, Any]:
    assert audit.result is not None
    return report_context(audit.result, title=audit.title, audit=_report_audit(request, audit))


@login_required
def audit_detail(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _visible(request, audit_id)
    actor = Actor.for_request(request)
    context = {
        "audit": audit,
        "may_edit": selectors.may_edit(actor, audit),
        "may_respond": selectors.may_respond(actor, audit),
        "parameters": audit.parameters,
        "interventions": Audit.Intervention.choices,
        "summary": summary(audit.result) if audit.result else None,
        "errors": request.session.pop(f"audit-{audit.pk}-errors", []),
        "refresh": audit.busy,
    }
    return render(request, "audits/detail.html", context)


def _back(request: HttpRequest, audit: Audit, errors: list[str] | None = None, ok: str = "") -> HttpResponse:
    if errors:
        request.session[f"audit-{audit.pk}-errors"] = errors
    elif ok:
        messages.success(request, ok)
    return redirect("editor:audit", audit_id=audit.pk)


def _handle(request: HttpRequest, audit: Audit, action: Any, ok: str) -> HttpResponse:
    return _back(request, audit, perform(request, action, success=ok))


@login_required
@require_POST
def audit_data(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _visible(request, audit_id)
    upload = request.FILES.get("file")
    if upload is None:
        if audit.upload and "rerun" in request.POST:
            return _handle(
                request,
                audit,
                lambda: services.audit_rerun(
                    actor=Actor.for_request(request), audit=audit, parameters=_parameters(request)
                ),
                _("The audit is queued."),
            )
        return _back(request, audit, [_("Choose the decisions file (CSV or Parquet).")])
    return _handle(
        request,
        audit,
        lambda: services.audit_set_data(
            actor=Actor.for_request(request),
            audit=audit,
            upload=upload,
            parameters=_parameters(request),
            keep_raw=request.POST.get("keep_raw") == "on",
        ),
        _("The file is uploaded and the audit is queued."),
    )


@login_required
@require_POST
def audit_texts(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _visible(request, audit_id)
    texts = {k: request.POST.get(k, "") for k in services.TEXT_FIELDS}
    return _handle(
        request,
        audit,
        lambda: services.audit_update_texts(actor=Actor.for_request(request), audit=audit, **texts),
        _("Saved."),
    )


@login_required
@require_POST
def audit_action(request: HttpRequest, audit_id: int, action_id: int | None = None) -> HttpResponse:
    audit = _visible(request, audit_id)
    if action_id is None:
        return _handle(
            request,
            audit,
            lambda: services.audit_action_add(
                actor=Actor.for_request(request),
                audit=audit,
                description=request.POST.get("description", ""),
                owner=request.POST.get("owner", ""),
                due_on=request.POST.get("due_on", ""),
            ),
            _("The action is added."),
        )
    action = AuditAction.objects.filter(audit=audit, pk=action_id).first()
    if action is None:
        raise Http404("no such action")
    return _handle(
        request,
        audit,
        lambda: services.audit_action_set_status(
            actor=Actor.for_request(request), action=action, status=request.POST.get("status", "")
        ),
        _("Saved."),
    )


@login_required
@require_POST
def audit_respond(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _visible(request, audit_id)
    return _handle(
        request,
        audit,
        lambda: services.audit_respond(
            actor=Actor.for_request(request), audit=audit, response=request.POST.get("response", "")
        ),
        _("Your response is saved."),
    )


@login_required
@require_POST
def audit_publish(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _visible(request, audit_id)
    return _handle(
        request,
        audit,
        lambda: services.audit_publish(actor=Actor.for_request(request), audit=audit),
        _("The audit is published on the record's public page."),
    )


@login_required
def audit_report(request: HttpRequest, audit_id: int, pdf: bool = False) -> HttpResponse:
    """The report as it will be published (the auditor and the audited organisation)."""
    audit = _visible(request, audit_id)
    if audit.result is None:
        raise Http404("the audit has not been computed yet")
    return _render_report(request, audit, pdf)


def public_report(request: HttpRequest, public_id: str, audit_id: int, pdf: bool = False) -> HttpResponse:
    try:
        audit = selectors.audit_get_public(public_id, audit_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _render_report(request, audit, pdf)


def _render_report(request: HttpRequest, audit: Audit, pdf: bool) -> HttpResponse:
    context = _report(request, audit)
    if pdf:
        name = f"audit-{audit.algorithm.public_id}-{audit.pk}.pdf"
        return pdf_response(report_pdf(context, page_language()), name)
    context["back_url"] = reverse("public:algorithm", args=[audit.algorithm.public_id])
    return HttpResponse(report_html(context, page_language()))
