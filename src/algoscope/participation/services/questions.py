"""Questions and error reports: a resident asks about a published record, an organisation, or AI policy (the
contact point); the organisation's people (the coordinators for the contact point) answer in public; an accepted
error report can open a correction of the record."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from algoscope.accounts.models import Membership, Organisation, SiteRole
from algoscope.accounts.permissions import EDITING_ROLES, Actor, can, require
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import InvalidInput, InvalidTransition, NotFound
from algoscope.common.messages import gettext_noop as _
from algoscope.common.public_cache import public_changed
from algoscope.participation.engine.posts import ANSWER_MAX, BODY_MAX, REASON_MAX, TITLE_MAX, clean_text
from algoscope.participation.models import AnswerRevision, Question
from algoscope.participation.notifications import queue_mail, subscribers
from algoscope.participation.services.base import post_fields, post_language, require_resident
from algoscope.register.models import Algorithm
from algoscope.register.services import algorithm_open_correction

CONTACT_POINT = "the AI contact point"


def _answerers(question: Question) -> list[tuple[str, str]]:
    """Who is told of a new question: the organisation's people with an editing role, or the coordinators."""
    people = get_user_model().objects.filter(is_active=True)
    if question.organisation_id is None:
        people = people.filter(site_roles__role=SiteRole.Role.COORDINATOR)
    else:
        people = people.filter(
            memberships__organisation_id=question.organisation_id, memberships__role__in=EDITING_ROLES
        )
    language = question.organisation.original_language if question.organisation is not None else question.language
    return [(address, language) for address in people.distinct().values_list("email", flat=True)]


@transaction.atomic
def question_ask(
    *,
    actor: Actor,
    channel: str,
    title: Any,
    body: Any,
    language: Any,
    public_name: Any = "",
    kind: str = Question.Kind.QUESTION,
    category: str = "",
    algorithm: Algorithm | None = None,
    organisation: Organisation | None = None,
) -> Question:
    require_resident(actor)
    if kind not in Question.Kind.values:
        raise InvalidInput.single(("kind",), "invalid", _("a question or an error report"))
    fields = post_fields(actor, body=body, language=language, name=public_name, maximum=BODY_MAX)
    fields["title"] = clean_text(title, "title", maximum=TITLE_MAX, one_line=True)
    if channel == Question.Channel.RECORD:
        if algorithm is None or algorithm.published_version_id is None:
            raise NotFound(_("no published record to ask about"))
        if algorithm.state == Algorithm.State.RETIRED or algorithm.retired_at is not None:
            raise InvalidTransition(
                _("this record is retired: ask the organisation instead ({organisation})"),
                params={"organisation": algorithm.organisation.slug},
            )
        fields.update(
            algorithm=algorithm,
            organisation_id=algorithm.organisation_id,
            version_number=algorithm.published_version.number if algorithm.published_version else None,
            category=Question.Category.RECORD,
        )
    elif channel == Question.Channel.ORGANISATION:
        if organisation is None:
            raise NotFound(_("no organisation to ask"))
        if kind == Question.Kind.ERROR:
            raise InvalidInput.single(("kind",), "invalid", _("an error report is about one record: ask it there"))
        fields.update(organisation=organisation, category=_category(category or Question.Category.OTHER))
    elif channel == Question.Channel.CONTACT:
        if kind == Question.Kind.ERROR:
            raise InvalidInput.single(("kind",), "invalid", _("an error report is about one record: ask it there"))
        fields.update(category=_category(category))
    else:
        raise InvalidInput.single(("channel",), "invalid", _("a record, an organisation or the contact point"))
    question = Question.objects.create(channel=channel, kind=kind, **fields)
    audit_log_write(
        actor=actor,
        action="participation.question.ask",
        object_type="question",
        object_id=str(question.pk),
        organisation_id=question.organisation_id,
        data={"channel": channel, "kind": kind, "record": algorithm.public_id if algorithm else None},
    )
    queue_mail(
        _answerers(question),
        reason="new-question",
        subject=_("A new question to answer on Algoscope"),
        body=_(
            "A resident asked a question (or reported an error) that your organisation answers in public:\n\n"
            "{link}\n\nAnswer it from your workspace; the answer is published under the question."
        ),
        target=question,
    )
    public_changed()
    return question


def _category(value: str) -> str:
    if value not in Question.Category.values:
        raise InvalidInput.single(("category",), "required", _("choose what the question is about"))
    return value


def _answer_rule(question: Question) -> tuple[str, int | None]:
    """The permission that answers the question: its organisation's, or the contact point's (the coordinators)."""
    if question.organisation_id is None:
        return "question.answer_general", None
    return "question.answer", question.organisation_id


def may_answer(actor: Actor, question: Question) -> bool:
    return can(actor, *_answer_rule(question))


@transaction.atomic
def question_answer(*, actor: Actor, question: Question, answer: Any, language: Any) -> Question:
    """Publish the answer (or correct a published one: the first answer's time stays, for the response figures,
    and the audit log keeps each wording)."""
    require(actor, *_answer_rule(question))
    question = Question.objects.select_for_update().get(pk=question.pk)
    text = clean_text(answer, "answer", maximum=ANSWER_MAX)
    language = post_language(language)
    before = question.answer
    first = question.answered_at is None
    if not first and (text, language) == (question.answer, question.answer_language):
        return question  # the same answer again: nothing to correct
    if not first:  # a correction: the earlier wording stays public, dated
        AnswerRevision.objects.create(
            question=question,
            answer=question.answer,
            language=question.answer_language,
            published_at=question.answer_corrected_at or question.answered_at or timezone.now(),
        )
        question.answer_corrected_at = timezone.now()
    question.answer = text
    question.answer_language = language
    question.answered_by = actor.db_user
    question.answered_for = (
        question.organisation.display_name("en") if question.organisation is not None else CONTACT_POINT
    )
    question.state = Question.State.ANSWERED
    question.answered_at = question.answered_at or timezone.now()
    question.save()
    audit_log_write(
        actor=actor,
        action="participation.question.answer",
        object_type="question",
        object_id=str(question.pk),
        organisation_id=question.organisation_id,
        before={"answer": before} if before else None,
        after={"answer": text, "language": question.answer_language},
    )
    asker = [(question.author.email, question.language)] if question.author and question.author.email else []
    queue_mail(
        asker,
        reason="answer" if first else "answer-corrected",
        subject=_("Your question on Algoscope has been answered")
        if first
        else _("The answer to your question on Algoscope was corrected"),
        body=_("The answer to your question is published:\n\n{link}")
        if first
        else _(
            "The organisation corrected its answer to your question; the earlier wording stays on the page:\n\n{link}"
        ),
        target=question,
    )
    if first:
        targets = [f"organisation:{question.organisation.slug}"] if question.organisation else ["contact-point"]
        if question.algorithm is not None:
            targets.append(f"record:{question.algorithm.public_id}")
        queue_mail(
            subscribers(targets, except_person=question.author_id),
            reason="subscription",
            subject=_("A new public answer on Algoscope"),
            body=_("A question you follow has a public answer:\n\n{link}"),
            target=question,
        )
    public_changed()
    return question


@transaction.atomic
def error_report_decide(
    *, actor: Actor, question: Question, accepted: bool, reason: Any, language: Any, open_correction: bool = False
) -> Question:
    """Decide an error report: accepted or not, with the public reason (the answer). An accepted one may open a
    correction of the record (``register.services.algorithm_open_correction``)."""
    if question.kind != Question.Kind.ERROR or question.algorithm is None:
        raise InvalidTransition(_("only an error report about a record is accepted or not"))
    require(actor, *_answer_rule(question))
    text = clean_text(reason, "answer", maximum=REASON_MAX)
    question = question_answer(actor=actor, question=question, answer=text, language=language)
    question.error_accepted = accepted
    if accepted and open_correction and question.correction_opened_at is None:
        algorithm_open_correction(
            actor=actor,
            algorithm=question.algorithm,  # type: ignore[arg-type]
            reason=f"error report #{question.pk}: {question.title}"[:REASON_MAX],
            source=question.get_absolute_url(),
        )
        question.correction_opened_at = timezone.now()
    question.save(update_fields=["error_accepted", "correction_opened_at"])
    audit_log_write(
        actor=actor,
        action="participation.error_report.decide",
        object_type="question",
        object_id=str(question.pk),
        organisation_id=question.organisation_id,
        after={"accepted": accepted, "correction": question.correction_opened_at is not None},
    )
    return question


def organisations_answered_by(actor: Actor) -> list[int]:
    """The organisations whose questions the person answers."""
    if actor.person_id is None:
        return []
    return list(
        Membership.objects.filter(user_id=actor.person_id, role__in=EDITING_ROLES)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
