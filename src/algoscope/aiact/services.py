"""Writing assessments: permission check → validation → change → audit log → re-index (same transaction)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from algoscope.aiact.engine.classify import classify, evaluate
from algoscope.aiact.engine.ruleset import load_ruleset
from algoscope.aiact.models import Assessment
from algoscope.aiact.selectors import assessment_draft
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import PermissionDenied
from algoscope.register.models import Algorithm
from algoscope.register.permissions import Actor, can
from algoscope.register.search.index import search_index_update


def _check(actor: Actor, algorithm: Algorithm) -> None:
    if not can(actor, "algorithm.edit", algorithm.organisation_id):
        raise PermissionDenied("you may not assess records of this organisation")


@transaction.atomic
def assessment_save_draft(
    *, actor: Actor, algorithm: Algorithm, facts: dict[str, Any], legal_text: str | None = None
) -> Assessment:
    """Keep half-answered facts (checked: unknown keys and contradictions are refused) to finish later."""
    _check(actor, algorithm)
    version = legal_text or load_ruleset().default_legal_text
    evaluate(facts, legal_text=version)
    draft = assessment_draft(algorithm) or Assessment(algorithm=algorithm, status=Assessment.Status.DRAFT)
    draft.facts = facts
    draft.legal_text = version
    draft.created_by = actor.db_user
    draft.created_by_label = actor.label
    draft.save()
    audit_log_write(
        actor=actor,
        action="aiact.assessment.save_draft",
        object_type="algorithm",
        object_id=algorithm.public_id,
        organisation_id=algorithm.organisation_id,
        after={"facts": facts},
    )
    return draft


@transaction.atomic
def assessment_complete(
    *,
    actor: Actor,
    algorithm: Algorithm,
    facts: dict[str, Any],
    as_of: dt.date | None = None,
    legal_text: str | None = None,
) -> Assessment:
    """Classify and store a complete assessment on the current published version; the draft is removed."""
    _check(actor, algorithm)
    day = as_of or dt.date.today()
    result = classify(facts, as_of=day, legal_text=legal_text)
    assessment = Assessment.objects.create(
        algorithm=algorithm,
        version=algorithm.published_version,
        status=Assessment.Status.COMPLETE,
        facts=facts,
        result=result.as_dict(),
        categories=list(result.categories),
        legal_text=result.legal_text,
        ruleset_version=result.ruleset_version,
        assessed_on=day,
        created_by=actor.db_user,
        created_by_label=actor.label,
    )
    Assessment.objects.filter(algorithm=algorithm, status=Assessment.Status.DRAFT).delete()
    audit_log_write(
        actor=actor,
        action="aiact.assessment.complete",
        object_type="algorithm",
        object_id=algorithm.public_id,
        organisation_id=algorithm.organisation_id,
        after={"categories": list(result.categories), "ruleset_version": result.ruleset_version},
    )
    if algorithm.published_version_id is not None:
        search_index_update(algorithm)  # in the same transaction, like publication: facet and record never disagree
    return assessment
