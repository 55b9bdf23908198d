"""Writing assessments: permission check → validation → change → audit log (same transaction).

A complete assessment, a complete FRIA and a checklist row are public (``aiact.publication``): changing one makes
the record a draft (``register.services.algorithm_part_changed``), and the public sees the change once another
person has reviewed and published the record's next version. Drafts of an assessment or a FRIA are not public."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from algoscope.accounts.permissions import Actor, can
from algoscope.aiact.checklist import obligation_checklist
from algoscope.aiact.engine.classify import classify, evaluate
from algoscope.aiact.engine.fria import fria_clean, fria_form
from algoscope.aiact.engine.ruleset import load_ruleset
from algoscope.aiact.models import Assessment, Fria, ObligationProgress
from algoscope.aiact.selectors import assessment_draft, assessment_latest, fria_draft
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import InvalidInput, NotFound, PermissionDenied, Problem
from algoscope.common.messages import gettext_noop as _
from algoscope.common.multilingual import LANGUAGES
from algoscope.register.models import Algorithm
from algoscope.register.services import algorithm_part_changed
from algoscope.register.validation import is_url


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
    """Classify and store a complete assessment on the current published version; the draft is removed. It is
    public once the record's next version is reviewed and published."""
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
    algorithm_part_changed(actor=actor, algorithm=algorithm)
    return assessment


MAX_EVIDENCE = 20


class ProgressError(InvalidInput):
    """A checklist row that cannot be stored; problems are located in the request body (status, reason, evidence)."""

    code = "invalid-progress"
    body_prefix = ("body",)


def _evidence(evidence: list[dict[str, str]]) -> list[dict[str, str]]:
    problems: list[Problem] = []
    if len(evidence) > MAX_EVIDENCE:
        problems.append(Problem(("evidence",), "too-many", f"at most {MAX_EVIDENCE} evidence links"))
    clean = []
    for i, item in enumerate(evidence[:MAX_EVIDENCE]):
        url = str(item.get("url", "")).strip()
        title = str(item.get("title", "")).strip()[:200]
        if not is_url(url):
            message = f"not a web address (http or https): {url!r}"
            problems.append(Problem(("evidence", i, "url"), "invalid-url", message))
        clean.append({"title": title or url, "url": url})
    if problems:
        raise ProgressError(problems)
    return clean


@transaction.atomic
def obligation_progress_set(
    *,
    actor: Actor,
    algorithm: Algorithm,
    obligation: str,
    role: str,
    status: str,
    reason: str = "",
    evidence: list[dict[str, str]] | None = None,
) -> ObligationProgress:
    """Record the status of one checklist row; ``not_applicable`` needs a reason, evidence links are web addresses.
    Setting a row to the state it has changes nothing (no log, the record stays as it is)."""
    _check(actor, algorithm)
    if obligation_checklist(algorithm).item(obligation, role) is None:
        raise NotFound(f"{role}:{obligation} is not an obligation of this record's latest AI Act assessment")
    problems = []
    if status not in ObligationProgress.Status.values:
        allowed = ", ".join(ObligationProgress.Status.values)
        problems.append(Problem(("status",), "invalid-choice", f"unknown status {status!r}; allowed: {allowed}"))
    reason = reason.strip()
    if status == ObligationProgress.Status.NOT_APPLICABLE and not reason:
        problems.append(Problem(("reason",), "required", "say why the obligation does not apply"))
    if len(reason) > 2000:
        problems.append(Problem(("reason",), "too-long", "at most 2000 characters"))
    if problems:
        raise ProgressError(problems)
    links = _evidence(evidence or [])
    progress, created = ObligationProgress.objects.select_for_update().get_or_create(
        algorithm=algorithm, obligation=obligation, role=role, defaults={"updated_by_label": actor.label}
    )
    before = {"status": progress.status, "reason": progress.reason, "evidence": progress.evidence}
    if not created and before == {"status": status, "reason": reason, "evidence": links}:
        return progress
    progress.status, progress.reason, progress.evidence = status, reason, links
    progress.updated_by, progress.updated_by_label = actor.db_user, actor.label
    progress.save()
    audit_log_write(
        actor=actor,
        action="aiact.obligation.update",
        object_type="algorithm",
        object_id=algorithm.public_id,
        organisation_id=algorithm.organisation_id,
        before=before,
        after={"status": status, "reason": reason, "evidence": links},
        data={"obligation": obligation, "role": role},
    )
    algorithm_part_changed(actor=actor, algorithm=algorithm)
    return progress


@transaction.atomic
def fria_save(
    *,
    actor: Actor,
    algorithm: Algorithm,
    answers: dict[str, Any],
    summary: str = "",
    notified_on: str | dt.date | None = None,
    dpia_reference: str = "",
    publish_full: bool = False,
    texts_language: str = "",
    complete: bool = False,
    today: dt.date | None = None,
) -> Fria:
    """Save the record's FRIA draft, or (``complete``) store it as a complete FRIA on the current version.

    Completing needs every element answered and a summary, and is tied to the latest complete AI Act
    assessment; the draft is then removed. A complete FRIA is public once the record's next version is reviewed
    and published.
    """
    _check(actor, algorithm)
    if texts_language not in ("", *LANGUAGES):
        raise InvalidInput(
            [
                Problem(
                    ("texts_language",),
                    "unknown-code",
                    _("unknown language {value!r} (nl, fr, de or en)"),
                    {"value": texts_language},
                )
            ]
        )
    clean = fria_clean(
        answers, summary=summary, notified_on=notified_on, dpia_reference=dpia_reference, complete=complete
    )
    draft = fria_draft(algorithm)
    if complete:
        fria = Fria(algorithm=algorithm, status=Fria.Status.COMPLETE)
        fria.assessment = assessment_latest(algorithm)
        fria.version = algorithm.published_version
        fria.completed_on = today or dt.date.today()
    else:
        fria = draft or Fria(algorithm=algorithm, status=Fria.Status.DRAFT)
    fria.answers, fria.summary = clean.answers, clean.summary
    fria.notified_on, fria.dpia_reference = clean.notified_on, clean.dpia_reference
    fria.publish_full, fria.form_version = publish_full, fria_form().version
    fria.texts_language = texts_language
    fria.created_by, fria.created_by_label = actor.db_user, actor.label
    fria.save()
    if complete and draft is not None:
        draft.delete()
    audit_log_write(
        actor=actor,
        action="aiact.fria.complete" if complete else "aiact.fria.save_draft",
        object_type="algorithm",
        object_id=algorithm.public_id,
        organisation_id=algorithm.organisation_id,
        after={"summary": clean.summary, "elements": sorted(k for k, v in clean.answers.items() if v)},
    )
    if complete:
        algorithm_part_changed(actor=actor, algorithm=algorithm)
    return fria
