"""Editor pages of one record's AI Act follow-up: the obligations checklist and the FRIA."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from algoscope.accounts.permissions import Actor
from algoscope.aiact import selectors, services
from algoscope.aiact.checklist import obligation_checklist
from algoscope.aiact.engine.fria import fria_form, fria_required
from algoscope.aiact.engine.texts import texts_for
from algoscope.aiact.forms import evidence_as_text, evidence_from_text
from algoscope.aiact.models import Fria, ObligationProgress
from algoscope.aiact.presentation import fria_elements
from algoscope.aiact.publication import published_ai_act
from algoscope.aiact.views import _assessable
from algoscope.common.errors import InvalidInput, NotFound, PermissionDenied
from algoscope.common.pdf import cached_pdf, pdf_bytes, pdf_response
from algoscope.common.ratelimits import anonymous_limit
from algoscope.common.translation import language_choices, page_language
from algoscope.register.models import Algorithm
from algoscope.register.views_public import public_record_or_404


@login_required
def record_obligations(request: HttpRequest, public_id: str) -> HttpResponse:
    """One form per obligation and role: status, reason, evidence links; overdue rows stand out."""
    algorithm = _assessable(request, public_id)
    errors: dict[str, Any] = {}
    posted: dict[str, str] = {}
    if request.method == "POST":
        obligation, role = request.POST.get("obligation", ""), request.POST.get("role", "")
        try:
            services.obligation_progress_set(
                actor=Actor.for_request(request),
                algorithm=algorithm,
                obligation=obligation,
                role=role,
                status=request.POST.get("status", ""),
                reason=request.POST.get("reason", ""),
                evidence=evidence_from_text(request.POST.get("evidence", "")),
            )
        except (PermissionDenied, NotFound) as exc:
            raise Http404(exc.message) from exc
        except InvalidInput as exc:
            errors[f"{role}:{obligation}"] = [p.message for p in exc.problems]
            posted = {"key": f"{role}:{obligation}", **{k: request.POST.get(k, "") for k in ("status", "reason")}}
            posted["evidence"] = request.POST.get("evidence", "")
        else:
            messages.success(
                request,
                _(
                    "The obligation's status is saved. It becomes public with the record's next version, once "
                    "another person has reviewed and published it."
                ),
            )
            return redirect(f"{request.path}#{role}-{obligation}")
    checklist = obligation_checklist(algorithm, language=page_language())
    rows = []
    for item in checklist.items:
        mine = posted.get("key") == item.key
        rows.append(
            {
                "item": item,
                "errors": errors.get(item.key, []),
                "status": posted["status"] if mine else item.status,
                "reason": posted["reason"] if mine else item.reason,
                "evidence": posted["evidence"] if mine else evidence_as_text(item.evidence),
            }
        )
    context = {
        "algorithm": algorithm,
        "checklist": checklist,
        "rows": rows,
        "statuses": ObligationProgress.Status.choices,
        "summary": checklist.summary(),
    }
    return render(request, "aiact/obligations.html", context, status=422 if errors else 200)


@login_required
def record_fria(request: HttpRequest, public_id: str) -> HttpResponse:
    """The FRIA form: each Art. 27(1) element with the IAMA questions it covers; save a draft or complete it."""
    algorithm = _assessable(request, public_id)
    draft, latest = selectors.fria_draft(algorithm), selectors.fria_latest(algorithm)
    source = draft or latest
    values: dict[str, Any] = {
        "answers": dict(source.answers) if source else {},
        "summary": source.summary if source else "",
        "notified_on": source.notified_on.isoformat() if source and source.notified_on else "",
        "dpia_reference": source.dpia_reference if source else "",
        "publish_full": source.publish_full if source else False,
        "texts_language": source.texts_language if source else page_language(),
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = fria_form()
        values = {
            "answers": {e.key: request.POST.get(f"answer-{e.key}", "") for e in form.elements},
            "summary": request.POST.get("summary", ""),
            "notified_on": request.POST.get("notified_on", ""),
            "dpia_reference": request.POST.get("dpia_reference", ""),
            "publish_full": request.POST.get("publish_full") == "on",
            "texts_language": request.POST.get("texts_language", ""),
        }
        complete = "complete" in request.POST
        try:
            services.fria_save(actor=Actor.for_request(request), algorithm=algorithm, complete=complete, **values)
        except PermissionDenied as exc:
            raise Http404(exc.message) from exc
        except InvalidInput as exc:
            errors = {str(p.loc[-1]): p.message for p in exc.problems}
        else:
            if complete:
                messages.success(
                    request,
                    _(
                        "The FRIA is complete. Its summary becomes public with the record's next version, once "
                        "another person has reviewed and published it."
                    ),
                )
                return redirect("editor:algorithm", public_id=algorithm.public_id)
            messages.success(request, _("Your FRIA draft is saved."))
            return redirect("editor:algorithm_fria", public_id=algorithm.public_id)
    assessment = selectors.assessment_latest(algorithm)
    context = {
        "algorithm": algorithm,
        "elements": [{**e, "error": errors.get(e["key"])} for e in fria_elements(values["answers"], page_language())],
        "text_languages": language_choices(),
        "values": values,
        "errors": errors,
        "draft": draft,
        "latest": latest,
        "required": fria_required(assessment.result) if assessment and assessment.result else None,
        "iama_source": fria_form().iama_source,
    }
    return render(request, "aiact/fria_form.html", context, status=422 if errors else 200)


def _fria_document(algorithm: Algorithm, fria: Fria, *, full: bool) -> dict[str, Any]:
    language = page_language()
    version = algorithm.published_version
    return {
        "algorithm": algorithm,
        "name": version.text("name", language).text if version else algorithm.title(language),
        "fria": fria,
        "full": full,
        "elements": fria_elements(fria.answers, language),
        "iama_source": fria_form().iama_source,
        "category_titles": [texts_for(language)(f"categories.{c}") for c in fria.assessment.categories]
        if fria.assessment
        else [],
    }


@anonymous_limit("reports")
def public_fria(request: HttpRequest, public_id: str, pdf: bool = False) -> HttpResponse:
    """The FRIA the record's current version made public: every answer when the organisation published it in full,
    else the summary."""
    algorithm = public_record_or_404(public_id)
    fria = published_ai_act(algorithm).fria
    if fria is None:
        raise Http404("this record has no complete FRIA")
    context = _fria_document(algorithm, fria, full=fria.publish_full)
    if pdf:
        # A complete FRIA does not change: laid out once per FRIA, record version and language, then from the cache.
        key = [page_language(), fria.pk, fria.updated_at, algorithm.published_version_id, fria.publish_full]
        data = cached_pdf(f"fria/{algorithm.pk}", key, lambda: pdf_bytes("aiact/fria_pdf.html", context, request))
        return pdf_response(data, f"fria-{algorithm.public_id}.pdf")
    return render(request, "aiact/fria.html", context)


@login_required
def record_fria_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    """The organisation's own PDF of its latest complete FRIA, with every answer."""
    algorithm = _assessable(request, public_id)
    fria = selectors.fria_latest(algorithm)
    if fria is None:
        raise Http404("this record has no complete FRIA")
    context = _fria_document(algorithm, fria, full=True)
    return pdf_response(pdf_bytes("aiact/fria_pdf.html", context, request), f"fria-{algorithm.public_id}.pdf")
