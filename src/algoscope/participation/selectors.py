"""What the public and the workspaces read: questions and answers with their figures, consultations and proposals,
the moderation queue, and the figures reports use."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from algoscope.accounts.models import Organisation
from algoscope.common.multilingual import resolve_text
from algoscope.common.references import Backlink
from algoscope.participation.engine.figures import AnswerFigures, answer_figures, answer_lateness
from algoscope.participation.models import Comment, Consultation, ContentReport, Proposal, Question


def figures_of(questions: QuerySet[Question], *, now: dt.datetime | None = None) -> AnswerFigures:
    """Received, answered, open, overdue, the median days to an answer: hidden questions count too (they were
    received), and the deadline is ``ANSWER_DEADLINE_DAYS``."""
    return answer_figures(
        questions.values_list("created_at", "answered_at"),
        now=now or timezone.now(),
        deadline_days=settings.ANSWER_DEADLINE_DAYS,
    )


def lateness(question: Question, now: dt.datetime | None = None) -> str:
    """ "overdue" (open past the deadline), "late" (answered after it) or ""."""
    return answer_lateness(
        question.created_at,
        question.answered_at,
        now=now or timezone.now(),
        deadline_days=settings.ANSWER_DEADLINE_DAYS,
    )


def record_questions(public_id: str) -> QuerySet[Question]:
    return Question.objects.filter(algorithm__public_id=public_id).select_related("organisation", "algorithm")


def organisation_questions(organisation: Organisation) -> QuerySet[Question]:
    return Question.objects.filter(organisation=organisation).select_related("organisation", "algorithm")


def search_questions(questions: QuerySet[Question], text: str, category: str, state: str) -> QuerySet[Question]:
    """The public Q&A's search: words in the title, the question or the answer (each word must appear)."""
    for word in text.split()[:8]:
        questions = questions.filter(Q(title__icontains=word) | Q(body__icontains=word) | Q(answer__icontains=word))
    if category in Question.Category.values:
        questions = questions.filter(category=category)
    if state in Question.State.values:
        questions = questions.filter(state=state)
    return questions


def inbox(organisation_ids: list[int], coordinator: bool) -> QuerySet[Question]:
    """The questions a person answers: their organisations', and the contact point's for a coordinator; the oldest
    open ones first."""
    where = Q(organisation_id__in=organisation_ids)
    if coordinator:
        where |= Q(channel=Question.Channel.CONTACT)
    return Question.objects.filter(where).select_related("organisation", "algorithm").order_by("-state", "created_at")


def consultations() -> QuerySet[Consultation]:
    return Consultation.objects.annotate(
        proposal_count=Count("proposals", filter=Q(proposals__hidden_at__isnull=True))
    ).order_by("-opens_on", "key")


def proposals_of(consultation: Consultation, order: str) -> QuerySet[Proposal]:
    rows = consultation.proposals.select_related("merged_into").annotate(
        comment_count=Count("comments", filter=Q(comments__hidden_at__isnull=True))
    )
    if order == "supports":
        return rows.order_by("-supports_count", "number")
    if order == "oldest":
        return rows.order_by("number")
    return rows.order_by("-number")


def comments_of(proposal: Proposal) -> QuerySet[Comment]:
    return proposal.comments.order_by("created_at", "pk")


def moderation_queue() -> list[dict[str, Any]]:
    """Posts with reports waiting for a decision, or hidden by reports: most reported first."""
    reports: dict[tuple[str, int], list[ContentReport]] = defaultdict(list)
    for report in ContentReport.objects.filter(decided_at__isnull=True):
        reports[(report.content_kind, report.content_id)].append(report)
    rows = []
    for model, kind in ((Question, "question"), (Proposal, "proposal"), (Comment, "comment")):
        for post in model.objects.filter(Q(reports_open__gt=0) | Q(hidden_reason="reports")):
            rows.append({"kind": kind, "post": post, "reports": reports[(kind, post.pk)]})
    return sorted(rows, key=lambda row: (-row["post"].reports_open, row["post"].created_at))


def participation_figures(since: dt.date | None = None, until: dt.date | None = None) -> dict[str, Any]:
    """What reports cite: questions received and answered and the median days to an answer (per channel), proposals
    received, answered and adopted (accepted), supports and comments, for posts made from ``since`` to ``until``
    (inclusive; open-ended without them)."""

    def window(rows: Any) -> Any:
        if since is not None:
            rows = rows.filter(created_at__date__gte=since)
        if until is not None:
            rows = rows.filter(created_at__date__lte=until)
        return rows

    questions = window(Question.objects.all())
    channels = {}
    for channel in Question.Channel.values:
        found = figures_of(questions.filter(channel=channel))
        channels[channel] = {
            "received": found.received,
            "answered": found.answered,
            "open": found.open,
            "overdue": found.overdue,
            "median_days_to_answer": round(found.median_days, 2) if found.median_days is not None else None,
            "answered_within_deadline": found.answered_within_deadline,
        }
    total = figures_of(questions)
    proposals = window(Proposal.objects.all())
    by_state = dict(proposals.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return {
        "period": {"from": since.isoformat() if since else None, "to": until.isoformat() if until else None},
        "answer_deadline_days": settings.ANSWER_DEADLINE_DAYS,
        "questions": {
            "received": total.received,
            "answered": total.answered,
            "open": total.open,
            "overdue": total.overdue,
            "median_days_to_answer": round(total.median_days, 2) if total.median_days is not None else None,
            "error_reports": questions.filter(kind=Question.Kind.ERROR).count(),
            "error_reports_accepted": questions.filter(kind=Question.Kind.ERROR, error_accepted=True).count(),
            "by_channel": channels,
        },
        "proposals": {
            "received": proposals.count(),
            "answered": proposals.filter(
                state__in=[Proposal.State.ACCEPTED, Proposal.State.REJECTED, Proposal.State.MERGED]
            ).count(),  # a final answer; "evaluating" is counted by state
            "adopted": by_state.get(Proposal.State.ACCEPTED, 0),
            "by_state": {state: by_state.get(state, 0) for state in Proposal.State.values},
            "supports": sum(proposals.values_list("supports_count", flat=True)),
            "comments": window(Comment.objects.all()).count(),
        },
        "consultations": _open_during(since, until).count(),
    }


def _open_during(since: dt.date | None, until: dt.date | None) -> QuerySet[Consultation]:
    """The consultations open on at least one day from ``since`` to ``until``."""
    found = Consultation.objects.all()
    if until is not None:
        found = found.filter(opens_on__lte=until)
    if since is not None:
        found = found.filter(closes_on__gte=since)
    return found


def plan_item_backlinks(key: str, language: str) -> list[Backlink]:
    """On a plan's action page: the proposals that became it, and the consultations about it."""
    reference = f"plan-item:{key}"
    links = []
    accepted = Proposal.objects.filter(result=reference, state=Proposal.State.ACCEPTED, hidden_at__isnull=True)
    for proposal in accepted.select_related("consultation"):
        title = resolve_text(proposal.consultation.title, language, proposal.consultation.original_language).text
        links.append(
            Backlink(
                title=proposal.title,
                url=proposal.get_absolute_url(),
                note=gettext("A proposal of the consultation “%(title)s”, accepted") % {"title": title},
                language=proposal.language,
            )
        )
    for consultation in Consultation.objects.order_by("-opens_on"):
        if reference in consultation.links:
            resolved = resolve_text(consultation.title, language, consultation.original_language)
            links.append(
                Backlink(
                    title=resolved.text,
                    url=consultation.get_absolute_url(),
                    note=gettext("A consultation about it"),
                    language=resolved.language if resolved.fallback else "",
                )
            )
    return links
