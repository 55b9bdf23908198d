"""Audit pages: the auditor's workspace, the organisation's response, and the published report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from algoscope.accounts.permissions import Actor, can
from algoscope.audits import selectors, services
from algoscope.audits.forms import (
    AuditActionForm,
    AuditCreateForm,
    AuditResponseForm,
    AuditSettingsForm,
    AuditTextsForm,
)
from algoscope.audits.models import Audit, AuditAction
from algoscope.audits.report import report_context, report_pdf, summary
from algoscope.common.actions import perform, perform_form
from algoscope.common.errors import InvalidInput, NotFound, Problem
from algoscope.common.pdf import cached_pdf, pdf_response
from algoscope.common.ratelimits import anonymous_limit
from algoscope.common.translation import page_language
from algoscope.register import selectors as register_selectors


def _visible(request: HttpRequest, audit_id: int) -> Audit:
    try:
        return selectors.audit_get_visible(Actor.for_request(request), audit_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    actor = Actor.for_request(request)
    form = AuditCreateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        audit: list[Audit] = []

        def create() -> None:
            try:
                algorithm = register_selectors.algorithm_get_public(form.cleaned_data["algorithm"])
            except NotFound as exc:
                raise InvalidInput([Problem(("algorithm",), "not-found", exc.template, exc.params)]) from exc
            audit.append(
                services.audit_create(
                    actor=actor,
                    algorithm=algorithm,
                    title=form.cleaned_data["title"],
                    intervention=form.cleaned_data["intervention"],
                )
            )

        if perform_form(request, form, create, success=_("The audit is open: upload the decisions.")):
            return redirect("editor:audit", audit_id=audit[0].pk)
    context = {"audits": selectors.audits_visible(actor), "may_create": can(actor, "audit.create"), "form": form}
    return render(request, "audits/list.html", context, status=422 if form.errors else 200)


def _report_audit(request: HttpRequest, audit: Audit) -> dict[str, Any]:
    return {
        "auditor": audit.auditor_label,
        "published_on": audit.published_at.date() if audit.published_at else None,
        "scope": audit.scope,
        "system_description": audit.system_description,
        "findings": audit.findings,
        "recommendations": audit.recommendations,
        "texts_language": audit.texts_language,
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


def _detail(request: HttpRequest, audit: Audit, status: int = 200, **forms: Form) -> HttpResponse:
    """The audit's page, with its forms (a refused one filled in as sent, with its errors)."""
    actor = Actor.for_request(request)
    context = {
        "audit": audit,
        "may_edit": selectors.may_edit(actor, audit),
        "may_respond": selectors.may_respond(actor, audit),
        "settings_form": AuditSettingsForm.for_audit(audit),
        "texts_form": AuditTextsForm(initial={key: getattr(audit, key) for key in AuditTextsForm.base_fields}),
        "action_form": AuditActionForm(),
        "response_form": AuditResponseForm(initial={"response": audit.response}),
        "summary": summary(audit.result) if audit.result else None,
        "errors": request.session.pop(f"audit-{audit.pk}-errors", []),
        "refresh": audit.busy,
        **forms,
    }
    return render(request, "audits/detail.html", context, status=status)


@login_required
def audit_detail(request: HttpRequest, audit_id: int) -> HttpResponse:
    return _detail(request, _visible(request, audit_id))


def _back(request: HttpRequest, audit: Audit, errors: list[str] | None = None, ok: str = "") -> HttpResponse:
    if errors:
        request.session[f"audit-{audit.pk}-errors"] = errors
    elif ok:
        messages.success(request, ok)
    return redirect("editor:audit", audit_id=audit.pk)


def _handle(request: HttpRequest, audit: Audit, action: Any, ok: str) -> HttpResponse:
    return _back(request, audit, perform(request, action, success=ok))


def _submit(
    request: HttpRequest, audit: Audit, name: str, form: Form, run: Callable[[dict[str, Any]], object], ok: str
) -> HttpResponse:
    """A form of the audit page: valid and accepted, back to the page with ``ok``; otherwise the page again (422)
    with the form as sent and each problem at its field."""
    if form.is_valid() and perform_form(request, form, lambda: run(form.cleaned_data), success=ok):
        return redirect("editor:audit", audit_id=audit.pk)
    return _detail(request, audit, status=422, **{name: form})


@login_required
@require_POST
def audit_data(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _visible(request, audit_id)
    actor = Actor.for_request(request)
    form = AuditSettingsForm(request.POST)
    upload = request.FILES.get("file")
    if upload is None and not (audit.upload and "rerun" in request.POST):
        form.is_valid()
        form.add_error(None, _("Choose the decisions file (CSV or Parquet)."))
        return _detail(request, audit, status=422, settings_form=form)
    if upload is None:
        return _submit(
            request,
            audit,
            "settings_form",
            form,
            lambda _data: services.audit_rerun(actor=actor, audit=audit, parameters=form.parameters()),
            _("The audit is queued."),
        )
    return _submit(
        request,
        audit,
        "settings_form",
        form,
        lambda data: services.audit_set_data(
            actor=actor, audit=audit, upload=upload, parameters=form.parameters(), keep_raw=data["keep_raw"]
        ),
        _("The file is uploaded and the audit is queued."),
    )


@login_required
@require_POST
def audit_texts(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _visible(request, audit_id)
    actor = Actor.for_request(request)
    return _submit(
        request,
        audit,
        "texts_form",
        AuditTextsForm(request.POST),
        lambda data: services.audit_update_texts(actor=actor, audit=audit, **data),
        _("Saved."),
    )


@login_required
@require_POST
def audit_action(request: HttpRequest, audit_id: int, action_id: int | None = None) -> HttpResponse:
    audit = _visible(request, audit_id)
    actor = Actor.for_request(request)
    if action_id is None:
        return _submit(
            request,
            audit,
            "action_form",
            AuditActionForm(request.POST),
            lambda data: services.audit_action_add(actor=actor, audit=audit, **data),
            _("The action is added."),
        )
    action = AuditAction.objects.filter(audit=audit, pk=action_id).first()
    if action is None:
        raise Http404("no such action")
    return _handle(
        request,
        audit,
        lambda: services.audit_action_set_status(actor=actor, action=action, status=request.POST.get("status", "")),
        _("Saved."),
    )


@login_required
@require_POST
def audit_respond(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _visible(request, audit_id)
    actor = Actor.for_request(request)
    return _submit(
        request,
        audit,
        "response_form",
        AuditResponseForm(request.POST),
        lambda data: services.audit_respond(actor=actor, audit=audit, **data),
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


@anonymous_limit("reports")
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
        language = page_language()
        data = cached_pdf(f"audits/{audit.pk}", [language, context], lambda: report_pdf(context, language))
        return pdf_response(data, name)
    context["back_url"] = reverse("public:algorithm", args=[audit.algorithm.public_id])
    return render(request, "audits/report_page.html", context)
