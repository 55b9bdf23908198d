"""``/api/v1/participation/``: the public questions and answers, the consultations with their proposals, and the
figures reports cite. Read-only: posting goes through the pages, with a confirmed e-mail address."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from algoscope.common.errors import InvalidInput, NotFound
from algoscope.participation import selectors
from algoscope.participation.models import Consultation, Question

participation = Router(tags=["Participation"])
MAX_ROWS = 100
MAX_OFFSET = 1_000_000


class ParticipationQuestionOut(Schema):
    id: int
    kind: str
    channel: str
    category: str
    record: str | None
    organisation: str | None
    title: str | None
    question: str | None
    language: str
    asked_at: str
    state: str
    answer: str | None
    answer_language: str | None
    answered_at: str | None
    answered_for: str | None
    overdue: bool
    hidden: bool


class ParticipationQuestionQuery(Schema):
    record: str | None = None
    organisation: str | None = None
    channel: str | None = None
    state: str | None = None
    limit: int = 50
    offset: int = 0


def _question(q: Question) -> dict[str, Any]:
    hidden = q.is_hidden
    return {
        "id": q.pk,
        "kind": q.kind,
        "channel": q.channel,
        "category": q.category,
        "record": q.algorithm.public_id if q.algorithm else None,
        "organisation": q.organisation.slug if q.organisation else None,
        "title": None if hidden else q.title,
        "question": None if hidden else q.body,
        "language": q.language,
        "asked_at": q.created_at.isoformat(),
        "state": q.state,
        "answer": None if hidden or not q.answer else q.answer,
        "answer_language": q.answer_language or None,
        "answered_at": q.answered_at.isoformat() if q.answered_at else None,
        "answered_for": q.answered_for or None,
        "overdue": selectors.lateness(q) == "overdue",
        "hidden": hidden,
    }


@participation.get(
    "/questions",
    response=list[ParticipationQuestionOut],
    operation_id="participation_questions",
    url_name="participation_questions",
)
def questions(request: HttpRequest, query: Query[ParticipationQuestionQuery]) -> list[dict[str, Any]]:
    """Questions and error reports with their public answers, newest first (a hidden post keeps its place, without
    its text)."""
    if not 1 <= query.limit <= MAX_ROWS:
        raise InvalidInput.single(("query", "limit"), "out-of-range", f"from 1 to {MAX_ROWS}")
    if not 0 <= query.offset <= MAX_OFFSET:
        raise InvalidInput.single(("query", "offset"), "out-of-range", f"from 0 to {MAX_OFFSET:,}")
    rows = Question.objects.select_related("algorithm", "organisation").order_by("-created_at", "-pk")
    if query.record:
        rows = rows.filter(algorithm__public_id=query.record)
    if query.organisation:
        rows = rows.filter(organisation__slug=query.organisation)
    if query.channel:
        rows = rows.filter(channel=query.channel)
    if query.state:
        rows = rows.filter(state=query.state)
    return [_question(q) for q in rows[query.offset : query.offset + query.limit]]


@participation.get(
    "/questions/{question_id}",
    response=ParticipationQuestionOut,
    operation_id="participation_question",
    url_name="participation_question",
)
def question(request: HttpRequest, question_id: int) -> dict[str, Any]:
    found = Question.objects.select_related("algorithm", "organisation").filter(pk=question_id).first()
    if found is None:
        raise NotFound(f"no question {question_id}")
    return _question(found)


class ParticipationProposalOut(Schema):
    number: int
    title: str | None
    proposal: str | None
    language: str
    posted_at: str
    state: str
    reason: str | None
    merged_into: int | None
    result: str | None
    supports: int
    hidden: bool


class ParticipationConsultationOut(Schema):
    id: str
    title: dict[str, str]
    description: dict[str, str]
    original_language: str
    languages: list[str]
    opens_on: str
    closes_on: str
    phase: str
    links: list[str]
    proposals: list[ParticipationProposalOut]


@participation.get(
    "/consultations",
    response=list[ParticipationConsultationOut],
    operation_id="participation_consultations",
    url_name="participation_consultations",
)
def consultations(request: HttpRequest) -> list[dict[str, Any]]:
    """Every consultation with its proposals, their supports and the public answers."""
    result = []
    for c in Consultation.objects.order_by("-opens_on", "key").prefetch_related("proposals__merged_into"):
        proposals = [
            {
                "number": p.number,
                "title": None if p.is_hidden else p.title,
                "proposal": None if p.is_hidden else p.body,
                "language": p.language,
                "posted_at": p.created_at.isoformat(),
                "state": p.state,
                "reason": p.reason or None,
                "merged_into": p.merged_into.number if p.merged_into else None,
                "result": p.result or None,
                "supports": p.supports_count,
                "hidden": p.is_hidden,
            }
            for p in sorted(c.proposals.all(), key=lambda p: p.number)
        ]
        result.append(
            {
                "id": c.key,
                "title": c.title,
                "description": c.description,
                "original_language": c.original_language,
                "languages": c.languages,
                "opens_on": c.opens_on.isoformat(),
                "closes_on": c.closes_on.isoformat(),
                "phase": c.phase(),
                "links": c.links,
                "proposals": proposals,
            }
        )
    return result


class ParticipationFiguresQuery(Schema):
    since: str | None = None  # YYYY-MM-DD
    until: str | None = None


def _day(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput.single(("query", name), "invalid", "a date as YYYY-MM-DD") from None


@participation.get("/figures", operation_id="participation_figures", url_name="participation_figures")
def figures(request: HttpRequest, query: Query[ParticipationFiguresQuery]) -> dict[str, Any]:
    """What reports cite: questions received, answered, overdue and the median days to an answer (per channel);
    proposals received, answered and adopted; supports and comments; for posts made in the period asked."""
    return selectors.participation_figures(_day(query.since, "since"), _day(query.until, "until"))
