from __future__ import annotations

import pytest

from algoscope.accounts import services as account_services
from algoscope.accounts.permissions import Actor
from algoscope.common.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied
from algoscope.common.models import AuditLogEntry
from algoscope.register import services
from algoscope.register.models import Algorithm, AlgorithmVersion, VersionImmutableError
from tests.conftest import content


def actions_of(algorithm: Algorithm) -> list[str]:
    return list(
        AuditLogEntry.objects.filter(object_type="algorithm", object_id=algorithm.public_id)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_full_lifecycle_writes_versions_and_audit_log(org, editor: Actor, reviewer: Actor) -> None:
    algorithm = services.algorithm_create(actor=editor, organisation=org, content=content())
    assert algorithm.state == "draft" and not algorithm.is_public
    algorithm = services.algorithm_submit(actor=editor, algorithm=algorithm)
    assert algorithm.state == "in_review"
    v1 = services.algorithm_publish(actor=reviewer, algorithm=algorithm, change_summary="First")
    algorithm.refresh_from_db()
    assert (algorithm.state, algorithm.published_version, v1.number) == ("published", v1, 1)
    assert set(algorithm.facet_values.values_list("facet", "value")) >= {
        ("policy_domain", "benefits_subsidies"),
        ("content_language", "nl"),
        ("content_language", "fr"),
        ("lifecycle_status", "operational"),
    }

    algorithm = services.algorithm_update(actor=editor, algorithm=algorithm, content=content(supplier="Intern"))
    assert algorithm.state == "draft"
    assert algorithm.published_version == v1  # the public still sees version 1
    algorithm = services.algorithm_submit(actor=editor, algorithm=algorithm)
    v2 = services.algorithm_publish(actor=reviewer, algorithm=algorithm)
    assert v2.number == 2 and v2.content["supplier"] == "Intern" and v1.content["supplier"] == ""

    algorithm.refresh_from_db()
    algorithm = services.algorithm_retire(actor=reviewer, algorithm=algorithm, reason="Replaced")
    assert algorithm.state == "retired" and algorithm.retired_at is not None and algorithm.is_public
    assert actions_of(algorithm) == [
        "register.algorithm.create",
        "register.algorithm.submit",
        "register.algorithm.publish",
        "register.algorithm.update",
        "register.algorithm.submit",
        "register.algorithm.publish",
        "register.algorithm.retire",
    ]
    update = AuditLogEntry.objects.get(object_id=algorithm.public_id, action="register.algorithm.update")
    assert update.before["supplier"] == "" and update.after["supplier"] == "Intern"
    assert update.data["fields"] == ["supplier"]
    assert update.actor == editor.user


def test_a_correction_of_a_retired_record_keeps_it_retired(make_record, editor: Actor, reviewer: Actor) -> None:
    algorithm = make_record("retired")
    retired_at, first_published_at = algorithm.retired_at, algorithm.first_published_at
    assert first_published_at == algorithm.published_version.published_at
    changed = {**algorithm.content, "supplier": "Intern"}
    algorithm = services.algorithm_update(actor=editor, algorithm=algorithm, content=changed)
    algorithm = services.algorithm_submit(actor=editor, algorithm=algorithm)
    version = services.algorithm_publish(actor=reviewer, algorithm=algorithm, change_summary="Corrected")
    algorithm.refresh_from_db()
    assert version.number == 2 and algorithm.published_version == version
    assert algorithm.first_published_at == first_published_at < version.published_at
    assert algorithm.state == "retired" and algorithm.retired_at == retired_at
    assert algorithm.retirement_reason == "No longer used"
    assert algorithm.facet_values.get(facet="retired").value == "yes"


def test_rejection_returns_to_draft_with_reason(org, editor: Actor, reviewer: Actor) -> None:
    algorithm = services.algorithm_create(actor=editor, organisation=org, content=content())
    algorithm = services.algorithm_submit(actor=editor, algorithm=algorithm)
    with pytest.raises(InvalidInput):
        services.algorithm_reject(actor=reviewer, algorithm=algorithm, reason="  ")
    algorithm = services.algorithm_reject(actor=reviewer, algorithm=algorithm, reason="Add the legal basis")
    assert (algorithm.state, algorithm.rejection_reason) == ("draft", "Add the legal basis")
    entry = AuditLogEntry.objects.get(action="register.algorithm.reject")
    assert entry.data["reason"] == "Add the legal basis"


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("draft", "publish"),
        ("draft", "reject"),
        ("draft", "retire"),
        ("in_review", "submit"),
        ("in_review", "retire"),
        ("published", "submit"),
        ("published", "publish"),
        ("published", "reject"),
        ("retired", "retire"),
        ("retired", "publish"),
    ],
)
def test_invalid_transitions_are_refused(make_record, reviewer: Actor, editor: Actor, state: str, action: str) -> None:
    algorithm = make_record(state)
    service = getattr(services, f"algorithm_{action}")
    kwargs = {"reason": "because"} if action in ("reject", "retire") else {}
    actor = reviewer if action in ("publish", "reject", "retire") else editor
    before = actions_of(algorithm)
    with pytest.raises(InvalidTransition):
        service(actor=actor, algorithm=algorithm, **kwargs)
    assert actions_of(algorithm) == before


def test_submit_requires_the_fields_needed_for_review(org, editor: Actor) -> None:
    algorithm = services.algorithm_create(actor=editor, organisation=org, content=content(human_oversight={"nl": None}))
    with pytest.raises(InvalidInput) as info:
        services.algorithm_submit(actor=editor, algorithm=algorithm)
    assert [p.path for p in info.value.problems] == ["human_oversight.nl"]
    algorithm.refresh_from_db()
    assert algorithm.state == "draft"


def test_invalid_content_stores_nothing(org, editor: Actor) -> None:
    with pytest.raises(InvalidInput):
        services.algorithm_create(actor=editor, organisation=org, content=content(name={"nl": "x" * 500}))
    assert Algorithm.objects.count() == 0
    assert AuditLogEntry.objects.filter(action="register.algorithm.create").count() == 0


def test_published_versions_are_immutable(make_record) -> None:
    version = make_record("published").published_version
    version.change_summary = "rewritten history"
    with pytest.raises(VersionImmutableError):
        version.save()
    with pytest.raises(VersionImmutableError):
        version.delete()
    assert AlgorithmVersion.objects.get(pk=version.pk).change_summary == "First version"


def test_concurrent_edit_is_refused_with_a_conflict(make_record, editor: Actor, org, make_user) -> None:
    algorithm = make_record("draft")
    read_by_a = algorithm.lock_version
    colleague = Actor(user=make_user(org, "editor"))
    stale = Algorithm.objects.get(pk=algorithm.pk)
    services.algorithm_update(
        actor=colleague, algorithm=algorithm, content=content(supplier="A"), expected_lock_version=read_by_a
    )
    with pytest.raises(Conflict):
        services.algorithm_update(
            actor=editor, algorithm=stale, content=content(supplier="B"), expected_lock_version=read_by_a
        )
    algorithm.refresh_from_db()
    assert algorithm.content["supplier"] == "A"


def test_an_editor_may_not_approve_their_own_change(org, make_user) -> None:
    both = Actor(user=make_user(org, "editor", "reviewer"))
    other_reviewer = Actor(user=make_user(org, "reviewer"))
    algorithm = services.algorithm_create(actor=both, organisation=org, content=content())
    algorithm = services.algorithm_submit(actor=both, algorithm=algorithm)
    with pytest.raises(PermissionDenied):
        services.algorithm_publish(actor=both, algorithm=algorithm)
    assert services.algorithm_publish(actor=other_reviewer, algorithm=algorithm).number == 1


def test_a_reviewer_who_edited_in_the_cycle_may_not_approve(org, editor: Actor, make_user) -> None:
    reviewer = Actor(user=make_user(org, "reviewer"))
    algorithm = services.algorithm_create(actor=editor, organisation=org, content=content())
    algorithm = services.algorithm_update(actor=reviewer, algorithm=algorithm, content=content(supplier="X"))
    algorithm = services.algorithm_submit(actor=editor, algorithm=algorithm)
    with pytest.raises(PermissionDenied):
        services.algorithm_publish(actor=reviewer, algorithm=algorithm)


def test_a_token_counts_as_the_person_who_created_it(org, make_user) -> None:
    person = make_user(org, "reviewer", "org_admin")
    token, _secret = account_services.api_token_create(
        actor=Actor(user=person), organisation=org, name="sync", role="reviewer"
    )
    algorithm = services.algorithm_create(actor=Actor(user=person), organisation=org, content=content())
    algorithm = services.algorithm_submit(actor=Actor(user=person), algorithm=algorithm)
    with pytest.raises(PermissionDenied):
        services.algorithm_publish(actor=Actor.for_token(token), algorithm=algorithm)
