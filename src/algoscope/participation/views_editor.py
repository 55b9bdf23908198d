"""The workspace's participation pages: the questions a person answers (their organisations', the contact point's
for the coordinators), answering one; the coordinators' consultations and their answers to proposals; the
moderators' queue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from algoscope.accounts.permissions import Actor, can
from algoscope.common import references
from algoscope.common.actions import perform_form
from algoscope.common.errors import NotFound
from algoscope.common.translation import page_language
from algoscope.participation import presentation as show
from algoscope.participation import selectors, services
from algoscope.participation.forms import AnswerForm, ConsultationForm, ModerateForm, ProposalAnswerForm
from algoscope.participation.models import Consultation, ModerationDecision, Proposal, Question
from algoscope.participation.services.moderation import KINDS, content_get
from algoscope.participation.services.questions import organisations_answered_by


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    actor = Actor.for_request(request)
    coordinator = can(actor, "question.answer_general")
    found = selectors.inbox(organisations_answered_by(actor), coordinator)
    state = request.GET.get("state", "open")
    if state in Question.State.values:
        found = found.filter(state=state)
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/inbox.html",
        {
            "page": page,
            "rows": [show.question_row(q) for q in page],
            "state": state,
            "coordinator": coordinator,
            "moderator": can(actor, "content.moderate"),
        },
    )


@login_required
def answer(request: HttpRequest, question_id: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("organisation", "algorithm"), pk=question_id)
    actor = Actor.for_request(request)
    if not services.may_answer(actor, question):
        raise Http404("no question you answer")
    error_report = question.kind == Question.Kind.ERROR and question.algorithm_id is not None
    initial = {"answer": question.answer, "language": question.answer_language or question.language}
    form = AnswerForm(request.POST or None, error_report=error_report, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if error_report and data.get("accepted") in ("yes", "no"):

            def run() -> object:
                return services.error_report_decide(
                    actor=actor,
                    question=question,
                    accepted=data["accepted"] == "yes",
                    reason=data["answer"],
                    language=data["language"],
                    open_correction=bool(data.get("open_correction")),
                )

        else:

            def run() -> object:
                return services.question_answer(
                    actor=actor, question=question, answer=data["answer"], language=data["language"]
                )

        if perform_form(request, form, run, success=_("The answer is published.")):
            return redirect("editor:question", question_id=question.pk)
    return render(
        request,
        "participation/answer.html",
        {
            "question": question,
            "row": show.question_row(question),
            "form": form,
            "error_report": error_report,
            "record_name": show.record_name(question.algorithm, page_language()) if question.algorithm else None,
        },
        status=422 if form.errors else 200,
    )


def _targets(language: str) -> list[tuple[str, str]]:
    return [
        (t.reference, f"{t.reference.partition(':')[2]} · {t.title}"[:160])
        for t in references.choices("plan-item", language)
    ]


@login_required
def consultations(request: HttpRequest) -> HttpResponse:
    if not can(Actor.for_request(request), "consultation.manage"):
        raise Http404("the coordinators' page")
    language = page_language()
    return render(
        request,
        "participation/consultations_editor.html",
        {"rows": [show.consultation_row(c, language) for c in selectors.consultations()]},
    )


@login_required
def consultation_edit(request: HttpRequest, key: str | None = None) -> HttpResponse:
    actor = Actor.for_request(request)
    if not can(actor, "consultation.manage"):
        raise Http404("the coordinators' page")
    existing = get_object_or_404(Consultation, key=key) if key else None
    language = page_language()
    initial = {}
    if existing is not None:
        initial = {
            "original_language": existing.original_language,
            "languages": existing.languages,
            "opens_on": existing.opens_on,
            "closes_on": existing.closes_on,
            "links": existing.links,
            **{f"title_{code}": text for code, text in existing.title.items()},
            **{f"description_{code}": text for code, text in existing.description.items()},
        }
    form = ConsultationForm(
        request.POST or None, targets=_targets(language), editing=existing is not None, initial=initial
    )
    made: list[Consultation] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def run() -> None:
            made.append(
                services.consultation_save(
                    actor=actor,
                    key=data.get("key", "") or "",
                    title=form.texts("title"),
                    description=form.texts("description"),
                    original_language=data["original_language"],
                    languages=data["languages"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    links=data["links"],
                    existing=existing,
                )
            )

        if perform_form(request, form, run, success=_("The consultation is saved.")):
            return redirect("editor:consultation", key=made[0].key)
    proposals = []
    if existing is not None:
        proposals = [show.proposal_row(p, language) for p in selectors.proposals_of(existing, "oldest")]
    return render(
        request,
        "participation/consultation_edit.html",
        {"form": form, "consultation": existing, "proposals": proposals},
        status=422 if form.errors else 200,
    )


@login_required
def proposal_answer(request: HttpRequest, key: str, number: int) -> HttpResponse:
    actor = Actor.for_request(request)
    if not can(actor, "consultation.manage"):
        raise Http404("the coordinators' page")
    proposal = get_object_or_404(Proposal.objects.select_related("consultation"), consultation__key=key, number=number)
    language = page_language()
    initial = {
        "state": proposal.state if proposal.state != Proposal.State.SUBMITTED else Proposal.State.EVALUATING,
        "reason": proposal.reason,
        "language": proposal.reason_language or language,
        "result": proposal.result,
        "merged_into": proposal.merged_into.number if proposal.merged_into else None,
    }
    form = ProposalAnswerForm(request.POST or None, results=_targets(language), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        merged = None
        if data.get("merged_into"):
            merged = Proposal.objects.filter(consultation=proposal.consultation, number=data["merged_into"]).first()
            if merged is None:
                form.add_error("merged_into", _("No proposal of this consultation has this number."))
        if not form.errors and perform_form(
            request,
            form,
            lambda: services.proposal_answer(
                actor=actor,
                proposal=proposal,
                state=data["state"],
                reason=data["reason"],
                language=data["language"],
                result=data.get("result") or "",
                merged_into=merged,
            ),
            success=_("The answer is published."),
        ):
            return redirect("editor:consultation", key=key)
    return render(
        request,
        "participation/proposal_answer.html",
        {"proposal": proposal, "p": show.proposal_row(proposal, language), "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    if not can(Actor.for_request(request), "content.moderate"):
        raise Http404("the moderators' page")
    return render(
        request,
        "participation/moderation.html",
        {"rows": selectors.moderation_queue(), "decisions": ModerationDecision.objects.all()[:30]},
    )


@login_required
def moderate(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    actor = Actor.for_request(request)
    if not can(actor, "content.moderate") or kind not in KINDS:
        raise Http404("the moderators' page")
    try:
        post = content_get(kind, pk)
    except NotFound as exc:
        raise Http404("no such post") from exc
    form = ModerateForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform_form(
            request,
            form,
            lambda: services.content_moderate(
                actor=actor,
                kind=kind,
                pk=pk,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            ),
            success=_("The decision is recorded."),
        )
    ):
        return redirect("editor:moderation")
    return render(
        request,
        "participation/moderate.html",
        {
            "form": form,
            "kind": kind,
            "post": post,
            "url": show.post_url(kind, post),
            "decisions": ModerationDecision.objects.filter(content_kind=kind, content_id=pk),
        },
        status=422 if form.errors else 200,
    )
