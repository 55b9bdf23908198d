"""The questionnaire in the browser, without JavaScript: for anyone, and on a record for its editors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from algoscope.accounts.permissions import Actor
from algoscope.aiact import selectors, services
from algoscope.aiact.engine.questionnaire import Step, next_step
from algoscope.aiact.engine.ruleset import SECTIONS, load_ruleset
from algoscope.aiact.forms import answers_from_post, facts_token, state_from_token
from algoscope.aiact.presentation import localised_result
from algoscope.common.errors import InvalidInput, NotFound, PermissionDenied
from algoscope.common.translation import page_language
from algoscope.register import selectors as register_selectors
from algoscope.register.models import Algorithm


def _step(request: HttpRequest, facts: dict[str, Any]) -> tuple[dict[str, Any], Step | None, list[Any]]:
    """Apply the posted answers (or "back") to ``facts`` and compute the next step; errors name the questions.

    "Save and continue later" keeps what is answered on the page and skips what is not.
    """
    problems: list[Any] = []
    if request.method == "POST" and "back" in request.POST:
        facts = _without_last_section(facts)
    elif request.method == "POST" and "restart" not in request.POST:
        try:
            shown = next_step(facts).questions
            merged = {**facts, **answers_from_post(request.POST, shown, partial="later" in request.POST)}
            return merged, next_step(merged, lang=page_language()), []
        except InvalidInput as exc:
            problems = list(exc.problems)
    try:
        return facts, next_step(facts, lang=page_language()), problems
    except InvalidInput as exc:
        return facts, None, problems + list(exc.problems)


def _without_last_section(facts: dict[str, Any]) -> dict[str, Any]:
    ruleset = load_ruleset()
    sections = [ruleset.fact(k).section for k in facts if ruleset.has_fact(k)]
    if not sections:
        return facts
    last = max(sections, key=SECTIONS.index)
    return {k: v for k, v in facts.items() if not ruleset.has_fact(k) or ruleset.fact(k).section != last}


def _context(
    facts: dict[str, Any], step: Step | None, problems: list[Any], kept: dict[str, Any] | None = None
) -> dict[str, Any]:
    errors = {p.loc[-1]: p.message for p in problems}
    questions = step.questions if step else ()
    kept = kept or {}
    return {
        "step": step,
        "fields": [{"q": q, "error": errors.get(q.key), "previous": _as_form(kept.get(q.key))} for q in questions],
        "general_errors": [message for key, message in errors.items() if key not in {q.key for q in questions}],
        "state": facts_token(facts, kept),
        "result": localised_result(step.classification, page_language(), today=dt.date.today(), facts=facts)
        if step and step.classification
        else None,
        "answered_count": len(step.answered) if step else len(facts),
    }


def _as_form(value: Any) -> list[str]:
    """A kept answer as the form's values, to check the boxes it had."""
    if value is None:
        return []
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, list | tuple):
        return [str(v) for v in value] or ["__none__"]
    return [str(value)]


def questionnaire(request: HttpRequest) -> HttpResponse:
    """Anyone can classify a system; the answers so far travel in a signed token, so a link resumes them.
    "Previous section" keeps the answers it takes back, and offers them again; a damaged link says so."""
    facts, kept, damaged = state_from_token(request.POST.get("state") or request.GET.get("state", ""))
    if request.method == "POST" and "back" in request.POST:
        kept = {**kept, **{k: v for k, v in facts.items() if k not in _without_last_section(facts)}}
    facts, step, problems = _step(request, facts)
    kept = {k: v for k, v in kept.items() if k not in facts}
    context = _context(facts, step, problems, kept)
    context["damaged_link"] = damaged
    context["resume_url"] = request.build_absolute_uri(f"{reverse('public:aiact')}?state={context['state']}")
    return render(request, "aiact/questionnaire.html", context)


def _assessable(request: HttpRequest, public_id: str) -> Algorithm:
    try:
        algorithm: Algorithm = register_selectors.algorithm_get_for_editing(
            actor=Actor.for_request(request), public_id=public_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return algorithm


@login_required
def record_questionnaire(request: HttpRequest, public_id: str) -> HttpResponse:
    """The questionnaire for one record: drafts are kept in the database; finishing stores the assessment."""
    algorithm = _assessable(request, public_id)
    actor = Actor.for_request(request)
    draft = selectors.assessment_draft(algorithm)
    facts = dict(draft.facts) if draft else {}
    if request.method == "POST" and "restart" in request.POST:
        facts = {}
    facts, step, problems = _step(request, facts)
    try:
        if request.method == "POST" and "store" in request.POST and step and step.complete:
            services.assessment_complete(actor=actor, algorithm=algorithm, facts=facts)
            messages.success(
                request,
                _(
                    "The AI Act assessment is stored. It becomes public with the record's next version, once "
                    "another person has reviewed and published it."
                ),
            )
            return redirect("editor:algorithm", public_id=algorithm.public_id)
        if request.method == "POST" and not problems:
            services.assessment_save_draft(actor=actor, algorithm=algorithm, facts=facts)
            if "later" in request.POST:
                messages.success(request, _("Your answers are saved; you can continue later."))
                return redirect("editor:algorithm", public_id=algorithm.public_id)
    except PermissionDenied as exc:
        raise Http404(exc.message) from exc
    context = _context(facts, step, problems)
    context.update(algorithm=algorithm, latest=selectors.assessment_latest(algorithm), on_record=True)
    return render(request, "aiact/questionnaire.html", context)
