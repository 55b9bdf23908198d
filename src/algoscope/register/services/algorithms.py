"""The record workflow: draft → in review → published → retired, with rejection back to draft.

Every change bumps ``lock_version``; a caller that passes the version it read gets ``Conflict`` if somebody else
changed the record meanwhile, so no edit is silently lost. Publishing writes an immutable numbered version.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.utils import timezone

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor, require
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied, required_text
from algoscope.register.diff import diff_content
from algoscope.register.models import Algorithm, AlgorithmVersion
from algoscope.register.publication_parts import parts_snapshot
from algoscope.register.search.index import search_index_update
from algoscope.register.validation import validate_content

State = Algorithm.State
MAX_REASON = 2000


def _changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted({change.loc for change in diff_content(before, after)})


def _save_guarded(algorithm: Algorithm, expected_lock_version: int | None, **changes: Any) -> Algorithm:
    """Write ``changes`` only if the record is still at the version the caller read; bump the version."""
    current = algorithm.lock_version if expected_lock_version is None else expected_lock_version
    updated = Algorithm.objects.filter(pk=algorithm.pk, lock_version=current).update(
        lock_version=F("lock_version") + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise Conflict(
            f"{algorithm.public_id} was changed by someone else since you opened it "
            f"(you had version {current}); reload it and apply your change again"
        )
    algorithm.refresh_from_db()
    return algorithm


def first_publication_dates_fill() -> int:
    """Give every published record without one the date of its version 1 (rows restored from a backup made before
    the date was stored); how many were filled."""
    first = AlgorithmVersion.objects.filter(algorithm=OuterRef("pk"), number=1).values("published_at")[:1]
    missing = Algorithm.objects.filter(published_version__isnull=False, first_published_at__isnull=True)
    return missing.update(first_published_at=Subquery(first))


def _reason(value: str, loc: str) -> str:
    return required_text(value, loc, limit=MAX_REASON, missing="give a reason")


def _contributors_with(algorithm: Algorithm, actor: Actor) -> list[int]:
    people = set(algorithm.contributors or [])
    if actor.person_id is not None:
        people.add(actor.person_id)
    return sorted(people)


def working_copy_create(
    *, actor: Actor, organisation: Organisation, clean: dict[str, Any], action: str, data: dict[str, Any] | None = None
) -> Algorithm:
    """A new draft with validated content, logged as ``action``. The caller has checked the permission."""
    algorithm = Algorithm.objects.create(
        organisation=organisation,
        content=clean,
        contributors=[actor.person_id] if actor.person_id is not None else [],
    )
    audit_log_write(
        actor=actor,
        action=action,
        object_type="algorithm",
        object_id=algorithm.public_id,
        organisation_id=organisation.pk,
        after=clean,
        data=data,
    )
    return algorithm


def working_copy_replace(
    *,
    actor: Actor,
    algorithm: Algorithm,
    clean: dict[str, Any],
    expected_lock_version: int | None,
    action: str,
    data: dict[str, Any] | None = None,
) -> Algorithm:
    """Replace the working copy with validated content; the record becomes a draft. The caller has checked the
    permission; ``data`` is logged with the changed fields."""
    before = algorithm.content
    algorithm = _save_guarded(
        algorithm,
        expected_lock_version,
        content=clean,
        state=State.DRAFT,
        contributors=_contributors_with(algorithm, actor),
        submitted_by=None,
        submitted_at=None,
    )
    audit_log_write(
        actor=actor,
        action=action,
        object_type="algorithm",
        object_id=algorithm.public_id,
        organisation_id=algorithm.organisation_id,
        before=before,
        after=clean,
        data={**(data or {}), "fields": _changed_fields(before, clean)},
    )
    return algorithm


@transaction.atomic
def algorithm_create(*, actor: Actor, organisation: Organisation, content: dict[str, Any]) -> Algorithm:
    require(actor, "algorithm.create", organisation.pk)
    clean = validate_content(content)
    return working_copy_create(actor=actor, organisation=organisation, clean=clean, action="register.algorithm.create")


@transaction.atomic
def algorithm_update(
    *,
    actor: Actor,
    algorithm: Algorithm,
    content: dict[str, Any],
    expected_lock_version: int | None = None,
) -> Algorithm:
    """Replace the working copy. Editing a record in review or published makes it a draft again."""
    require(actor, "algorithm.edit", algorithm.organisation_id)
    clean = validate_content(content)
    if clean == algorithm.content:
        if expected_lock_version is not None and expected_lock_version != algorithm.lock_version:
            _save_guarded(algorithm, expected_lock_version)  # raises the conflict
        return algorithm
    return working_copy_replace(
        actor=actor,
        algorithm=algorithm,
        clean=clean,
        expected_lock_version=expected_lock_version,
        action="register.algorithm.update",
    )


def algorithm_part_changed(*, actor: Actor, algorithm: Algorithm) -> Algorithm:
    """Another app changed what it publishes about the record (a publication part): as with an edit of its fields,
    the record becomes a draft, and the change is public only once someone else has reviewed and published it.

    The caller checked the permission, logs its own change, and runs in its own transaction. The fields are not
    touched, so this never conflicts with an edit; the record is read afresh (locked) to keep every contributor."""
    current = Algorithm.objects.select_for_update().get(pk=algorithm.pk)
    _save_guarded(
        current,
        None,
        state=State.DRAFT,
        contributors=_contributors_with(current, actor),
        submitted_by=None,
        submitted_at=None,
    )
    algorithm.refresh_from_db()
    return algorithm


@transaction.atomic
def algorithm_open_correction(*, actor: Actor, algorithm: Algorithm, reason: str, source: str = "") -> Algorithm:
    """Open a correction of a published record because something outside the editors found an error (a resident's
    error report, accepted): the record becomes a draft of its published content, for the organisation's editors to
    correct and another reviewer to publish. A record already in draft or review keeps its work: the correction
    joins it. ``source`` (the report's address) is logged with the reason."""
    require(actor, "algorithm.edit", algorithm.organisation_id)
    if algorithm.published_version_id is None:
        raise InvalidTransition(f"only a published record can be corrected; {algorithm.public_id} was never published")
    reason = _reason(reason, "reason")
    before_state = algorithm.state
    if algorithm.state in (State.PUBLISHED, State.RETIRED):
        algorithm = _save_guarded(
            Algorithm.objects.select_for_update().get(pk=algorithm.pk),
            None,
            state=State.DRAFT,
            contributors=_contributors_with(algorithm, actor),
            submitted_by=None,
            submitted_at=None,
        )
    audit_log_write(
        actor=actor,
        action="register.algorithm.correction_opened",
        object_type="algorithm",
        object_id=algorithm.public_id,
        organisation_id=algorithm.organisation_id,
        before={"state": before_state},
        after={"state": algorithm.state},
        data={"reason": reason, "source": source},
    )
    return algorithm


@transaction.atomic
def algorithm_submit(*, actor: Actor, algorithm: Algorithm, expected_lock_version: int | None = None) -> Algorithm:
    require(actor, "algorithm.submit", algorithm.organisation_id)
    if algorithm.state != State.DRAFT:
        raise InvalidTransition(f"only a draft can be submitted for review; {algorithm.public_id} is {algorithm.state}")
    validate_content(algorithm.content, for_review=True)
    algorithm = _save_guarded(
        algorithm,
        expected_lock_version,
        state=State.IN_REVIEW,
        submitted_by=actor.db_user,
        submitted_at=timezone.now(),
        rejection_reason="",
        contributors=_contributors_with(algorithm, actor),
    )
    audit_log_write(
        actor=actor,
        action="register.algorithm.submit",
        object_type="algorithm",
        object_id=algorithm.public_id,
        organisation_id=algorithm.organisation_id,
        before={"state": State.DRAFT},
        after={"state": State.IN_REVIEW},
    )
    return algorithm


@transaction.atomic
def algorithm_publish(
    *,
    actor: Actor,
    algorithm: Algorithm,
    change_summary: str = "",
    expected_lock_version: int | None = None,
) -> AlgorithmVersion:
    """Approve the record in review: write version n+1 and make it what the public sees. A retired record stays
    retired (a correction, or its AI Act assessment made afterwards, does not put it back in use)."""
    require(actor, "algorithm.publish", algorithm.organisation_id)
    if algorithm.state != State.IN_REVIEW:
        raise InvalidTransition(f"only a record in review can be published; {algorithm.public_id} is {algorithm.state}")
    if actor.person_id is not None and actor.person_id in (algorithm.contributors or []):
        raise PermissionDenied(
            "you changed or submitted this version yourself; another reviewer of the organisation must approve it"
        )
    summary = (change_summary or "").strip()
    if len(summary) > MAX_REASON:
        raise InvalidInput.single(("change_summary",), "too-long", f"at most {MAX_REASON} characters")
    content = validate_content(algorithm.content, for_review=True)
    previous = algorithm.published_version
    number = (AlgorithmVersion.objects.filter(algorithm=algorithm).aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    version = AlgorithmVersion.objects.create(
        algorithm=algorithm,
        number=number,
        content=content,
        organisation_id=algorithm.organisation_id,
        published_at=now,
        published_by=actor.db_user,
        published_by_label=actor.label,
        submitted_by_label=algorithm.submitted_by.get_username() if algorithm.submitted_by else "",
        change_summary=summary,
        parts=parts_snapshot(algorithm),
    )
    original = content["original_language"]
    algorithm = _save_guarded(
        algorithm,
        expected_lock_version,
        state=State.RETIRED if algorithm.retired_at is not None else State.PUBLISHED,
        published_version=version,
        published_at=now,
        first_published_at=algorithm.first_published_at or now,
        contributors=[],
        rejection_reason="",
        pub_sort_name=content["name"][original].casefold()[:200],
    )
    search_index_update(algorithm)
    audit_log_write(
        actor=actor,
        action="register.algorithm.publish",
        object_type="algorithm",
        object_id=algorithm.public_id,
        organisation_id=algorithm.organisation_id,
        before=previous.content if previous else None,
        after=content,
        data={"version": number, "change_summary": summary},
    )
    return version


@transaction.atomic
def algorithm_reject(
    *, actor: Actor, algorithm: Algorithm, reason: str, expected_lock_version: int | None = None
) -> Algorithm:
    require(actor, "algorithm.reject", algorithm.organisation_id)
    if algorithm.state != State.IN_REVIEW:
        raise InvalidTransition(f"only a record in review can be rejected; {algorithm.public_id} is {algorithm.state}")
    reason = _reason(reason, "reason")
    algorithm = _save_guarded(
        algorithm, expected_lock_version, state=State.DRAFT, rejection_reason=reason, submitted_at=None
    )
    audit_log_write(
        actor=actor,
        action="register.algorithm.reject",
        object_type="algorithm",
        object_id=algorithm.public_id,
        organisation_id=algorithm.organisation_id,
        before={"state": State.IN_REVIEW},
        after={"state": State.DRAFT},
        data={"reason": reason},
    )
    return algorithm


@transaction.atomic
def algorithm_retire(
    *, actor: Actor, algorithm: Algorithm, reason: str, expected_lock_version: int | None = None
) -> Algorithm:
    """Take a published record out of use. It stays public, marked retired, with its whole history."""
    require(actor, "algorithm.retire", algorithm.organisation_id)
    if algorithm.published_version_id is None or algorithm.state == State.RETIRED:
        raise InvalidTransition(
            f"only a published record can be retired; {algorithm.public_id} is {algorithm.state}"
            + ("" if algorithm.published_version_id else " and was never published")
        )
    reason = _reason(reason, "reason")
    before_state = algorithm.state
    algorithm = _save_guarded(
        algorithm,
        expected_lock_version,
        state=State.RETIRED,
        retired_at=timezone.now(),
        retirement_reason=reason,
    )
    search_index_update(algorithm)
    audit_log_write(
        actor=actor,
        action="register.algorithm.retire",
        object_type="algorithm",
        object_id=algorithm.public_id,
        organisation_id=algorithm.organisation_id,
        before={"state": before_state},
        after={"state": State.RETIRED},
        data={"reason": reason},
    )
    return algorithm
