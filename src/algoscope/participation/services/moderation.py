"""Moderation: anyone with a confirmed address reports an abusive post; once ``REPORTS_BEFORE_HIDING`` people have
(since the last decision), the post is hidden pending review; a moderator hides it, shows it again or dismisses the
reports, always with a reason, kept (``ModerationDecision`` and the audit log)."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from algoscope.accounts.permissions import Actor, require
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import Conflict, InvalidInput, NotFound
from algoscope.common.messages import gettext_noop as _
from algoscope.common.public_cache import public_changed
from algoscope.participation.engine.posts import REASON_MAX, clean_text
from algoscope.participation.models import Comment, ContentReport, ModerationDecision, Post, Proposal, Question
from algoscope.participation.services.base import require_resident

KINDS: dict[str, type[Post]] = {"question": Question, "proposal": Proposal, "comment": Comment}


def content_get(kind: str, pk: int, *, lock: bool = False) -> Post:
    """The post of ``kind`` (locked for the transaction with ``lock``)."""
    model: Any = KINDS.get(kind)
    if model is None:
        raise NotFound(_("no such post"))
    rows = model.objects.select_for_update() if lock else model.objects
    found = rows.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("no such post"))
    return cast(Post, found)


@transaction.atomic
def content_report(*, actor: Actor, kind: str, pk: int, reason: str, note: Any = "") -> Post:
    require_resident(actor)
    post = content_get(kind, pk, lock=True)
    if reason not in ContentReport.Reason.values:
        raise InvalidInput.single(("reason",), "required", _("choose why the post is abusive"))
    text = clean_text(note, "note", maximum=500, required=False)
    if post.author_id is not None and post.author_id == actor.person_id:
        raise Conflict(_("this is your own post"))
    try:
        with transaction.atomic():
            ContentReport.objects.create(
                content_kind=kind, content_id=pk, reporter=actor.db_user, reason=reason, note=text
            )
    except IntegrityError as exc:
        raise Conflict(_("you have already reported this post")) from exc
    post.reports_open += 1
    fields = ["reports_open"]
    if post.hidden_at is None and post.reports_open >= settings.REPORTS_BEFORE_HIDING:
        post.hidden_at, post.hidden_reason = timezone.now(), "reports"
        fields += ["hidden_at", "hidden_reason"]
    post.save(update_fields=fields)
    if "hidden_at" in fields:
        public_changed()
    return post


@transaction.atomic
def content_moderate(*, actor: Actor, kind: str, pk: int, decision: str, reason: Any) -> ModerationDecision:
    require(actor, "content.moderate")
    if decision not in ModerationDecision.Decision.values:
        raise InvalidInput.single(("decision",), "invalid", _("hide, show again or dismiss the reports"))
    text = clean_text(reason, "reason", maximum=REASON_MAX)
    post = content_get(kind, pk, lock=True)
    before = {"hidden": post.hidden_at is not None, "reports": post.reports_open}
    if decision == ModerationDecision.Decision.HIDE:
        post.hidden_at, post.hidden_reason = post.hidden_at or timezone.now(), "moderator"
    else:  # shown again, or the reports dismissed: either way it is visible and the count starts again
        post.hidden_at, post.hidden_reason = None, ""
    post.reports_open = 0
    post.save(update_fields=["hidden_at", "hidden_reason", "reports_open"])
    ContentReport.objects.filter(content_kind=kind, content_id=pk, decided_at__isnull=True).update(
        decided_at=timezone.now()
    )
    made = ModerationDecision.objects.create(
        content_kind=kind,
        content_id=pk,
        decision=decision,
        reason=text,
        moderator=actor.db_user,
        moderator_label=actor.label,
    )
    audit_log_write(
        actor=actor,
        action="participation.post.moderate",
        object_type=kind,
        object_id=str(pk),
        before=before,
        after={"decision": decision, "hidden": post.hidden_at is not None},
        data={"reason": text},
    )
    public_changed()
    return made
