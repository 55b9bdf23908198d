"""Consultations: a coordinator opens one (linked to the plan's objectives or actions); residents post proposals,
comment on them and support them (one support per verified person); a coordinator answers each proposal with a
public reason: accepted (and what it became), not accepted, or merged into another."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify

from algoscope.accounts.permissions import Actor, require
from algoscope.common import references
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import Conflict, InvalidInput, InvalidTransition, Problem
from algoscope.common.messages import gettext_noop as _
from algoscope.common.public_cache import public_changed
from algoscope.participation.engine.posts import BODY_MAX, REASON_MAX, TITLE_MAX, clean_text
from algoscope.participation.models import Comment, Consultation, Proposal, Support
from algoscope.participation.notifications import queue_mail, subscribers
from algoscope.participation.services.base import LANGUAGES, post_fields, post_language, require_resident

DESCRIPTION_MAX = 10_000
COMMENT_MAX = 2_000
LINK_KINDS = ("plan-item",)


def _texts(value: Any, field: str, *, maximum: int, original: str, one_line: bool) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InvalidInput.single((field,), "invalid", _("a text per language"))
    texts = {}
    for language, text in value.items():
        if language not in LANGUAGES:
            raise InvalidInput.single((field, str(language)), "invalid", _("not one of the site's languages"))
        cleaned = clean_text(text, field, maximum=maximum, required=False, one_line=one_line)
        if cleaned:
            texts[language] = cleaned
    if original not in texts:
        raise InvalidInput.single((field, original), "required", _("the text in the original language is missing"))
    return texts


def _links(values: list[str], language: str) -> list[str]:
    problems = []
    links: list[str] = []
    for position, value in enumerate(values):
        reference = value.strip()
        kind, _key = references.split(reference)
        if kind not in LINK_KINDS or references.resolve(reference, language) is None:
            problems.append(
                Problem(
                    ("links", position),
                    "unknown",
                    _("no plan action or objective {reference}"),
                    {"reference": reference},
                )
            )
        elif reference not in links:
            links.append(reference)
    if problems:
        raise InvalidInput(problems)
    return links


@transaction.atomic
def consultation_save(
    *,
    actor: Actor,
    key: str,
    title: Any,
    description: Any,
    original_language: Any,
    languages: list[str],
    opens_on: dt.date,
    closes_on: dt.date,
    links: list[str],
    existing: Consultation | None = None,
) -> Consultation:
    """Open a consultation, or change one (its key stays)."""
    require(actor, "consultation.manage")
    original = post_language(original_language)
    chosen = [language for language in LANGUAGES if language in set(languages)]
    if not chosen:
        raise InvalidInput.single(("languages",), "required", _("at least one language for the proposals"))
    if closes_on < opens_on:
        raise InvalidInput.single(("closes_on",), "invalid", _("it closes before it opens"))
    values = {
        "title": _texts(title, "title", maximum=TITLE_MAX, original=original, one_line=True),
        "description": _texts(description, "description", maximum=DESCRIPTION_MAX, original=original, one_line=False),
        "original_language": original,
        "languages": chosen,
        "opens_on": opens_on,
        "closes_on": closes_on,
        "links": _links(links, original),
    }
    if existing is None:
        slug = slugify(key)[:80]
        if not slug:
            raise InvalidInput.single(("key",), "required", _("a short key for the address, such as ai-plan-2027"))
        if Consultation.objects.filter(key=slug).exists():
            raise InvalidInput.single(("key",), "taken", _("another consultation has this key"))
        consultation = Consultation.objects.create(key=slug, created_by=actor.db_user, **values)  # type: ignore[misc]
        action = "participation.consultation.open"
    else:
        consultation = existing
        for name, value in values.items():
            setattr(consultation, name, value)
        consultation.save()
        action = "participation.consultation.update"
    audit_log_write(
        actor=actor,
        action=action,
        object_type="consultation",
        object_id=consultation.key,
        after={k: str(v) if isinstance(v, dt.date) else v for k, v in values.items()},
    )
    public_changed()
    return consultation


def _require_open(consultation: Consultation) -> None:
    if consultation.phase() != "open":
        raise InvalidTransition(
            _("this consultation is not open (from {opens} to {closes})"),
            params={"opens": consultation.opens_on.isoformat(), "closes": consultation.closes_on.isoformat()},
        )


@transaction.atomic
def proposal_post(
    *, actor: Actor, consultation: Consultation, title: Any, body: Any, language: Any, public_name: Any = ""
) -> Proposal:
    require_resident(actor)
    _require_open(consultation)
    fields = post_fields(
        actor, body=body, language=language, name=public_name, maximum=BODY_MAX, allowed=consultation.languages
    )
    fields["title"] = clean_text(title, "title", maximum=TITLE_MAX, one_line=True)
    Consultation.objects.select_for_update().filter(pk=consultation.pk).first()  # numbers in order, one at a time
    number = (Proposal.objects.filter(consultation=consultation).aggregate(n=Max("number"))["n"] or 0) + 1
    proposal = Proposal.objects.create(consultation=consultation, number=number, **fields)
    audit_log_write(
        actor=actor,
        action="participation.proposal.post",
        object_type="proposal",
        object_id=f"{consultation.key}/{number}",
    )
    queue_mail(
        subscribers([f"consultation:{consultation.key}"], except_person=actor.person_id),
        reason="subscription",
        subject=_("A new proposal in a consultation you follow"),
        body=_("A resident posted a new proposal:\n\n{link}"),
        target=proposal,
    )
    public_changed()
    return proposal


@transaction.atomic
def comment_post(*, actor: Actor, proposal: Proposal, body: Any, language: Any, public_name: Any = "") -> Comment:
    require_resident(actor)
    _require_open(proposal.consultation)
    if proposal.is_hidden:
        raise InvalidTransition(_("this proposal is hidden pending moderation"))
    fields = post_fields(actor, body=body, language=language, name=public_name, maximum=COMMENT_MAX, allowed=LANGUAGES)
    comment = Comment.objects.create(proposal=proposal, **fields)
    audit_log_write(
        actor=actor,
        action="participation.comment.post",
        object_type="comment",
        object_id=str(comment.pk),
        data={"proposal": f"{proposal.consultation.key}/{proposal.number}"},
    )
    public_changed()
    return comment


@transaction.atomic
def proposal_support(*, actor: Actor, proposal: Proposal, support: bool = True) -> Proposal:
    """Support a proposal (once per verified person), or withdraw one's support."""
    require_resident(actor)
    _require_open(proposal.consultation)
    if proposal.is_hidden or proposal.state in (Proposal.State.MERGED, Proposal.State.REJECTED):
        raise InvalidTransition(_("this proposal cannot be supported any more"))
    if support:
        try:
            with transaction.atomic():
                Support.objects.create(proposal=proposal, person=actor.db_user)
        except IntegrityError as exc:
            raise Conflict(_("you already support this proposal")) from exc
        Proposal.objects.filter(pk=proposal.pk).update(supports_count=F("supports_count") + 1)
    else:
        if not Support.objects.filter(proposal=proposal, person_id=actor.person_id).delete()[0]:
            raise Conflict(_("you do not support this proposal"))
        Proposal.objects.filter(pk=proposal.pk).update(supports_count=F("supports_count") - 1)
    public_changed()
    proposal.refresh_from_db()
    return proposal


def _move_supports(proposal: Proposal, target: Proposal) -> int:
    """A merged proposal's supports count for the proposal it joins (each person once: one who supported both
    keeps a single support there)."""
    already = set(Support.objects.filter(proposal=target).values_list("person_id", flat=True))
    moved = 0
    for support in Support.objects.filter(proposal=proposal).exclude(person_id__in=already - {None}):
        support.proposal = target
        support.save(update_fields=["proposal"])
        moved += 1
    Support.objects.filter(proposal=proposal).delete()  # the rest supported both: counted once, on the target
    for row in (proposal, target):
        Proposal.objects.filter(pk=row.pk).update(supports_count=Support.objects.filter(proposal=row).count())
    target.refresh_from_db(fields=["supports_count"])
    proposal.supports_count = 0
    return moved


ANSWERS = (Proposal.State.EVALUATING, Proposal.State.ACCEPTED, Proposal.State.REJECTED, Proposal.State.MERGED)


@transaction.atomic
def proposal_answer(
    *,
    actor: Actor,
    proposal: Proposal,
    state: str,
    reason: Any,
    language: Any,
    result: str = "",
    merged_into: Proposal | None = None,
) -> Proposal:
    """The coordinators' public answer to a proposal; it may be changed later (evaluating → accepted, say), each
    answer kept in the audit log. An accepted proposal may name what it became (a plan's action); a merged one the
    proposal it joins, in the same consultation."""
    require(actor, "consultation.manage")
    if state not in ANSWERS:
        raise InvalidInput.single(("state",), "invalid", _("evaluating, accepted, not accepted or merged"))
    text = clean_text(reason, "reason", maximum=REASON_MAX)
    chosen_language = post_language(language)
    result = (result or "").strip()
    if result and (state != Proposal.State.ACCEPTED or references.resolve(result, chosen_language) is None):
        raise InvalidInput.single(
            ("result",), "unknown", _("an accepted proposal's result is one of the plan's actions")
        )
    if state == Proposal.State.MERGED:
        if (
            merged_into is None
            or merged_into.consultation_id != proposal.consultation_id
            or merged_into.pk == proposal.pk
        ):
            raise InvalidInput.single(("merged_into",), "invalid", _("another proposal of the same consultation"))
        if merged_into.state == Proposal.State.MERGED:
            raise InvalidInput.single(
                ("merged_into",), "invalid", _("that proposal was itself merged: choose the one it joined")
            )
    elif merged_into is not None:
        raise InvalidInput.single(("merged_into",), "invalid", _("only a merged proposal names another one"))
    before = {"state": proposal.state, "reason": proposal.reason, "result": proposal.result}
    moved = _move_supports(proposal, merged_into) if merged_into is not None and proposal.merged_into_id is None else 0
    proposal.state = state
    proposal.reason = text
    proposal.reason_language = chosen_language
    proposal.result = result
    proposal.merged_into = merged_into
    proposal.answered_at = timezone.now()
    proposal.answered_by = actor.db_user
    proposal.save(
        update_fields=["state", "reason", "reason_language", "result", "merged_into", "answered_at", "answered_by"]
    )
    audit_log_write(
        actor=actor,
        action="participation.proposal.answer",
        object_type="proposal",
        object_id=f"{proposal.consultation.key}/{proposal.number}",
        before=before,
        after={
            "state": state,
            "reason": text,
            "result": result,
            "merged_into": merged_into.number if merged_into else None,
        },
        data={"supports_moved": moved} if moved else None,
    )
    author = [(proposal.author.email, proposal.language)] if proposal.author and proposal.author.email else []
    queue_mail(
        author,
        reason="answer",
        subject=_("Your proposal on Algoscope has an answer"),
        body=_("The coordinators answered your proposal in public:\n\n{link}"),
        target=proposal,
    )
    public_changed()
    return proposal
