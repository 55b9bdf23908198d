"""The public participation pages: the contact point's questions and answers, one question, asking one (about a
record, an organisation or AI policy), the consultations and their proposals, reporting abuse, and a resident's
own page (their posts, what they follow, their data)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.common.actions import perform, perform_form
from algoscope.common.ratelimits import too_many
from algoscope.common.translation import page_language
from algoscope.participation import presentation as show
from algoscope.participation import selectors, services
from algoscope.participation.accounts import has_confirmed_email
from algoscope.participation.forms import (
    CommentForm,
    DeleteAccountForm,
    ProposalForm,
    QuestionForm,
    ReportForm,
    ResidentForm,
)
from algoscope.participation.models import Comment, Consultation, Proposal, Question, Subscription
from algoscope.participation.posting import over_post_limit
from algoscope.participation.services.moderation import KINDS
from algoscope.register.models import Algorithm

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PAGE_SIZE = 20


def _refuse_robot(request: HttpRequest) -> HttpResponse:
    return render(
        request, "participation/refused.html", {"reason": _("The form was filled in by a robot.")}, status=400
    )


def _unconfirmed(request: HttpRequest) -> HttpResponse:
    return render(
        request, "participation/refused.html", {"reason": _("Confirm your e-mail address before you post.")}, status=403
    )


def _refusal(request: HttpRequest, form: ResidentForm, may_post: bool) -> HttpResponse | None:
    """Why a post is not taken before it is read: a robot (the honeypot: 400), too many posts (429), or no confirmed
    address: then the form comes back with what was typed and says why (``form.refused``, answered 403)."""
    if form.is_robot:
        return _refuse_robot(request)
    if not may_post:
        form.is_valid()
        form.add_error(None, _("Confirm your e-mail address before you post."))
        form.refused = True
        return None
    if over_post_limit(request):
        return too_many(request)
    return None


def questions(request: HttpRequest) -> HttpResponse:
    """The contact point: general questions about AI policy, with their public answers, searchable."""
    text = request.GET.get("q", "")[:200]
    category = request.GET.get("category", "")
    state = request.GET.get("state", "")
    channel = request.GET.get("channel", "")
    scope = Question.objects.filter(channel=channel) if channel in Question.Channel.values else Question.objects.all()
    found = selectors.search_questions(scope.select_related("organisation", "algorithm"), text, category, state)
    page = Paginator(found.filter(hidden_at__isnull=True).order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "participation/questions.html",
        {
            "page": page,
            "rows": [show.question_row(q) for q in page],
            "q": text,
            "category": category,
            "state": state,
            "categories": Question.Category.choices,
            "states": Question.State.choices,
            "figures": selectors.figures_of(scope),
            "channel": channel,
            "channels": Question.Channel.choices,
            "deadline": show.deadline_days(),
            "following": _follows(request, "contact-point"),
        },
    )


def question_detail(request: HttpRequest, question_id: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("organisation", "algorithm"), pk=question_id)
    actor = Actor.for_request(request)
    return render(
        request,
        "participation/question.html",
        {
            "question": question,
            "row": show.question_row(question),
            "may_answer": services.may_answer(actor, question),
            "record_name": show.record_name(question.algorithm, page_language()) if question.algorithm else None,
            "revisions": question.revisions.all(),
        },
    )


def _ask_target(request: HttpRequest) -> tuple[str, Algorithm | None, Organisation | None]:
    record = request.GET.get("record") or request.POST.get("record")
    organisation = request.GET.get("organisation") or request.POST.get("organisation")
    if record:
        algorithm = (
            Algorithm.objects.select_related("organisation", "published_version").filter(public_id=record).first()
        )
        if algorithm is None or algorithm.published_version_id is None:
            raise Http404("no published record by that id")
        return Question.Channel.RECORD, algorithm, algorithm.organisation
    if organisation:
        return Question.Channel.ORGANISATION, None, get_object_or_404(Organisation, slug=organisation)
    return Question.Channel.CONTACT, None, None


def ask(request: HttpRequest) -> HttpResponse:
    """Ask a question or report an error: about a record (``?record=``), an organisation (``?organisation=``), or
    the contact point. Reading the form needs no account; sending it needs a confirmed e-mail address."""
    channel, algorithm, organisation = _ask_target(request)
    language = page_language()
    form = QuestionForm(request.POST or None, channel=channel, page_language=language)
    may_post = has_confirmed_email(request.user)
    if request.method == "POST":
        refused = _refusal(request, form, may_post)
        if refused is not None:
            return refused
        made: list[Question] = []
        if form.is_valid():
            data = form.cleaned_data

            def run() -> None:
                made.append(
                    services.question_ask(
                        actor=Actor.for_request(request),
                        channel=channel,
                        kind=data.get("kind") or Question.Kind.QUESTION,
                        category=data.get("category", ""),
                        title=data["title"],
                        body=data["body"],
                        language=data["language"],
                        public_name=data["public_name"],
                        algorithm=algorithm,
                        organisation=organisation,
                    )
                )

            if perform_form(
                request,
                form,
                run,
                success=_("Your question is published. You will get an e-mail when it is answered."),
                forbidden_is_not_found=False,
            ):
                return redirect(made[0].get_absolute_url())
    return render(
        request,
        "participation/ask.html",
        {
            "form": form,
            "channel": channel,
            "algorithm": algorithm,
            "record_name": show.record_name(algorithm, language) if algorithm else None,
            "organisation": organisation,
            "retired": algorithm is not None and algorithm.retired_at is not None,
            "may_post": may_post,
            "deadline": show.deadline_days(),
        },
        status=403 if form.refused else 422 if form.errors else 200,
    )


def consultation_list(request: HttpRequest) -> HttpResponse:
    language = page_language()
    rows = [show.consultation_row(c, language) for c in selectors.consultations()]
    return render(request, "participation/consultations.html", {"rows": rows})


def consultation_detail(request: HttpRequest, key: str) -> HttpResponse:
    consultation = get_object_or_404(Consultation, key=key)
    language = page_language()
    order = request.GET.get("order", "supports")
    page = Paginator(selectors.proposals_of(consultation, order), PAGE_SIZE).get_page(request.GET.get("page"))
    form = ProposalForm(languages=consultation.languages, page_language=language)
    return render(
        request,
        "participation/consultation.html",
        {
            "consultation": consultation,
            "c": show.consultation_row(consultation, language),
            "page": page,
            "proposals": [show.proposal_row(p, language) for p in page],
            "order": order,
            "form": form,
            "may_post": has_confirmed_email(request.user),
            "following": _follows(request, f"consultation:{consultation.key}"),
        },
    )


def propose(request: HttpRequest, key: str) -> HttpResponse:
    consultation = get_object_or_404(Consultation, key=key)
    language = page_language()
    form = ProposalForm(request.POST or None, languages=consultation.languages, page_language=language)
    if request.method == "POST":
        refused = _refusal(request, form, has_confirmed_email(request.user))
        if refused is not None:
            return refused
        made: list[Proposal] = []
        if form.is_valid():
            data = form.cleaned_data

            def run() -> None:
                made.append(
                    services.proposal_post(
                        actor=Actor.for_request(request),
                        consultation=consultation,
                        title=data["title"],
                        body=data["body"],
                        language=data["language"],
                        public_name=data["public_name"],
                    )
                )

            if perform_form(request, form, run, success=_("Your proposal is published."), forbidden_is_not_found=False):
                return redirect(made[0].get_absolute_url())
    return render(
        request,
        "participation/propose.html",
        {
            "consultation": consultation,
            "c": show.consultation_row(consultation, language),
            "form": form,
            "may_post": has_confirmed_email(request.user),
        },
        status=403 if form.refused else 422 if form.errors else 200,
    )


def _proposal(key: str, number: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("consultation", "merged_into"), consultation__key=key, number=number
    )


def proposal_detail(request: HttpRequest, key: str, number: int) -> HttpResponse:
    proposal = _proposal(key, number)
    language = page_language()
    supported = request.user.is_authenticated and proposal.supports.filter(person_id=request.user.pk).exists()
    return render(
        request,
        "participation/proposal.html",
        {
            "proposal": proposal,
            "p": show.proposal_row(proposal, language),
            "c": show.consultation_row(proposal.consultation, language),
            "comments": [show.post_row(comment) for comment in selectors.comments_of(proposal)],
            "form": CommentForm(page_language=language),
            "may_post": has_confirmed_email(request.user),
            "supported": supported,
            "merged": [show.proposal_row(p, language) for p in proposal.merged.all()],
        },
    )


@require_POST
def comment(request: HttpRequest, key: str, number: int) -> HttpResponse:
    proposal = _proposal(key, number)
    if not has_confirmed_email(request.user):
        return _unconfirmed(request)
    form = CommentForm(request.POST, page_language=page_language())
    refused = _refusal(request, form, may_post=True)
    if refused is not None:
        return refused
    if form.is_valid():
        data = form.cleaned_data
        errors = perform(
            request,
            lambda: services.comment_post(
                actor=Actor.for_request(request),
                proposal=proposal,
                body=data["body"],
                language=data["language"],
                public_name=data["public_name"],
            ),
            success=_("Your comment is published."),
            forbidden_is_not_found=False,
        )
        for error in errors:
            messages.error(request, error)
    return redirect(proposal.get_absolute_url() + "#comments")


@require_POST
def support(request: HttpRequest, key: str, number: int) -> HttpResponse:
    proposal = _proposal(key, number)
    if not has_confirmed_email(request.user):
        return _unconfirmed(request)
    withdraw = request.POST.get("withdraw") == "1"
    errors = perform(
        request,
        lambda: services.proposal_support(actor=Actor.for_request(request), proposal=proposal, support=not withdraw),
        success=_("Your support is withdrawn.") if withdraw else _("You support this proposal."),
        forbidden_is_not_found=False,
    )
    for error in errors:
        messages.error(request, error)
    return redirect(proposal.get_absolute_url())


def report(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Report a post as abusive (a confirmed address: one report per person and post)."""
    if kind not in KINDS:
        raise Http404("no such kind of post")
    post = get_object_or_404(KINDS[kind].objects.all(), pk=pk)  # type: ignore[attr-defined]
    form = ReportForm(request.POST or None)
    may_post = has_confirmed_email(request.user)
    if request.method == "POST":
        if not may_post:
            return _unconfirmed(request)
        if form.is_valid() and perform_form(
            request,
            form,
            lambda: services.content_report(
                actor=Actor.for_request(request),
                kind=kind,
                pk=pk,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            ),
            success=_("Thank you: the moderators will look at it."),
            forbidden_is_not_found=False,
        ):
            return redirect(show.post_url(kind, post))
    return render(
        request,
        "participation/report.html",
        {"form": form, "kind": kind, "post": post, "back": show.post_url(kind, post), "may_post": may_post},
        status=422 if form.errors else 200,
    )


def _follows(request: HttpRequest, target: str) -> bool | None:
    """Whether the signed-in person follows ``target``; None for a visitor (the page offers to sign in)."""
    if not request.user.is_authenticated:
        return None
    return Subscription.objects.filter(person_id=request.user.pk, target=target).exists()


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("target", "")
    follow = request.POST.get("follow") != "0"
    errors = perform(
        request,
        lambda: services.subscribe(
            actor=Actor.for_request(request), target=target, language=page_language(), follow=follow
        ),
        success=_("You will get an e-mail on news.") if follow else _("You no longer get e-mails about it."),
        forbidden_is_not_found=False,
    )
    for error in errors:
        messages.error(request, error)
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return redirect(back if safe else "public:participation_me")


@login_required
def me(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)  # signed in
    language = page_language()
    return render(
        request,
        "participation/me.html",
        {
            "confirmed": has_confirmed_email(user),
            "questions": [
                show.question_row(q) for q in Question.objects.filter(author=user).order_by("-created_at")[:50]
            ],
            "proposals": [
                show.proposal_row(p, language)
                for p in Proposal.objects.filter(author=user)
                .select_related("consultation")
                .order_by("-created_at")[:50]
            ],
            "comments": Comment.objects.filter(author=user)
            .select_related("proposal__consultation")
            .order_by("-created_at")[:50],
            "subscriptions": [
                show.subscription_row(s, language) for s in Subscription.objects.filter(person=user).order_by("target")
            ],
            "delete_form": DeleteAccountForm(),
        },
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        json.dumps(services.my_data(request.user), ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="algoscope-my-data.json"'
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform_form(
            request,
            form,
            lambda: services.account_delete(actor=Actor.for_request(request), confirm=form.cleaned_data["confirm"]),
            success=_("Your account is deleted. What you posted stays public, without your name."),
            forbidden_is_not_found=False,
        )
    ):
        return redirect("public:home")
    return render(request, "participation/delete_account.html", {"form": form}, status=422 if form.errors else 200)
