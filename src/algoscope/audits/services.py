"""Writing audits: permission check → validation → change → audit log. The job stores its result whole or not at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from algoscope.accounts.permissions import Actor, can, require, require_listed
from algoscope.audits.engine.spec import AuditSpec, spec_from_mapping
from algoscope.audits.jobs import QUEUE, enqueue
from algoscope.audits.models import Audit, AuditAction
from algoscope.audits.storage import upload_name
from algoscope.common import storage
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import Conflict, InvalidInput, PermissionDenied, Problem
from algoscope.common.messages import gettext_noop as _
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.public_cache import public_changed
from algoscope.register.models import Algorithm
from algoscope.register.search.index import search_index_update

TEXT_FIELDS = ("scope", "system_description", "findings", "recommendations")


def _log(actor: Actor, audit: Audit, verb: str, **data: Any) -> None:
    audit_log_write(
        actor=actor,
        action=f"audits.audit.{verb}",
        object_type="audit",
        object_id=str(audit.pk),
        organisation_id=audit.algorithm.organisation_id,
        data={"algorithm": audit.algorithm.public_id, **data},
    )


def _own(actor: Actor, audit: Audit) -> None:
    require_listed(actor, "audit.edit", [audit.auditor_id] if audit.auditor_id else [])


@transaction.atomic
def audit_create(*, actor: Actor, algorithm: Algorithm, title: str, intervention: str = "punitive") -> Audit:
    """An auditor (site role) opens an audit of a published record."""
    require(actor, "audit.create")
    problems = []
    if algorithm.published_version_id is None:
        problems.append(Problem(("algorithm",), "not-published", _("only published records can be audited")))
    if not title.strip():
        problems.append(Problem(("title",), "required", _("give the audit a title")))
    if intervention not in Audit.Intervention.values:
        problems.append(
            Problem(
                ("intervention",),
                "invalid-choice",
                _("one of {choices}"),
                {"choices": ", ".join(Audit.Intervention.values)},
            )
        )
    if problems:
        raise InvalidInput(problems)
    assert actor.db_user is not None
    audit = Audit.objects.create(
        algorithm=algorithm,
        title=title.strip()[:200],
        auditor=actor.db_user,
        auditor_label=actor.label,
        intervention=intervention,
    )
    _log(actor, audit, "create", title=audit.title)
    return audit


def _may_compute(actor: Actor, audit: Audit) -> None:
    _own(actor, audit)
    if audit.busy and QUEUE.fail_stale():  # a job a dead process left "running" fails, with its reason
        audit.refresh_from_db()
    if audit.busy:
        raise Conflict(_("the audit is being computed; wait until it has finished"))
    if audit.status == Audit.Status.PUBLISHED:
        raise Conflict(_("the audit is published; its result can no longer change (start a new audit)"))


def _queue(actor: Actor, audit: Audit, parameters: dict[str, Any], spec: AuditSpec, verb: str, **log: Any) -> None:
    """Store the settings and queue the computation (the caller's transaction)."""
    audit.parameters = {**parameters, "protected": list(spec.protected), "reference": spec.reference}
    audit.status, audit.progress, audit.progress_stage, audit.errors = Audit.Status.QUEUED, 0.0, "", []
    audit.result = None  # a result belongs to its file and settings: a new run, failed or not, replaces it
    audit.save()
    _log(actor, audit, verb, **log)


def audit_set_data(
    *,
    actor: Actor,
    audit: Audit,
    upload: UploadedFile[bytes],
    parameters: dict[str, Any],
    keep_raw: bool = False,
    start: bool = True,
) -> Audit:
    """Store the decisions file (streamed to disk in chunks) and the settings, and queue the computation.

    The settings are checked first, so a bad form stores no file. The file itself is checked by the job.
    """
    _may_compute(actor, audit)
    spec = spec_from_mapping(parameters)
    previous = audit.upload
    name = storage.save(upload_name(audit, upload.name or ""), upload)
    with transaction.atomic():
        audit.input_name = Path(upload.name or "decisions").name[:255]
        audit.input_size = upload.size or 0
        audit.upload = name
        audit.keep_raw = keep_raw
        _queue(actor, audit, parameters, spec, "upload", file=audit.input_name, bytes=audit.input_size)
        if start:  # the demo loader runs the job itself
            enqueue(audit)
    if previous and previous != name:  # the earlier file (a new upload replaces it)
        storage.delete(previous)
    return audit


def audit_rerun(*, actor: Actor, audit: Audit, parameters: dict[str, Any]) -> Audit:
    """Compute again on the kept file with new settings (after a failed run, or with ``keep_raw``)."""
    _may_compute(actor, audit)
    if not storage.exists(audit.upload):
        raise Conflict(_("the decisions file is no longer kept: upload it again"))
    spec = spec_from_mapping(parameters)
    with transaction.atomic():
        _queue(actor, audit, parameters, spec, "rerun")
        enqueue(audit)
    return audit


@transaction.atomic
def audit_update_texts(*, actor: Actor, audit: Audit, texts_language: str | None = None, **texts: str) -> Audit:
    """The auditor's texts (and the language they are written in); fixed once published, so that the public report
    does not change under its readers."""
    _own(actor, audit)
    if audit.status == Audit.Status.PUBLISHED:
        raise Conflict(_("the audit is published; its texts can no longer change"))
    if texts_language is not None:
        if texts_language not in ("", *LANGUAGES):
            unknown_language = _("unknown language {language!r}; use nl, fr, de or en")
            raise InvalidInput(
                [Problem(("texts_language",), "unknown-code", unknown_language, {"language": texts_language})]
            )
        audit.texts_language = texts_language
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise InvalidInput(
            [Problem((k,), "unknown", _("unknown field {name!r}"), {"name": k}) for k in sorted(unknown)]
        )
    for key, value in texts.items():
        if len(value) > 20_000:
            raise InvalidInput.single((key,), "too-long", _("at most 20,000 characters"))
        setattr(audit, key, value.strip())
    audit.save()
    _log(actor, audit, "update_texts", fields=sorted(texts))
    return audit


@transaction.atomic
def audit_action_add(*, actor: Actor, audit: Audit, description: str, owner: str, due_on: dt.date | str) -> AuditAction:
    _own(actor, audit)
    problems = []
    if not description.strip():
        problems.append(Problem(("description",), "required", _("describe the action")))
    if not owner.strip():
        problems.append(Problem(("owner",), "required", _("say who owns the action")))
    day = due_on
    if isinstance(due_on, str):
        try:
            day = dt.date.fromisoformat(due_on)
        except ValueError:
            problems.append(
                Problem(
                    ("due_on",), "invalid-date", _("{value!r} is not a date; write it as YYYY-MM-DD"), {"value": due_on}
                )
            )
    if problems:
        raise InvalidInput(problems)
    assert isinstance(day, dt.date)
    action = AuditAction.objects.create(
        audit=audit, description=description.strip(), owner=owner.strip()[:200], due_on=day
    )
    _log(actor, audit, "add_action", action_id=action.pk)
    return action


@transaction.atomic
def audit_action_set_status(*, actor: Actor, action: AuditAction, status: str) -> AuditAction:
    audit = action.audit
    if not (can(actor, "audit.respond", audit.algorithm.organisation_id) or actor.person_id == audit.auditor_id):
        raise PermissionDenied(_("only the auditor or the audited organisation may close an action"))
    if status not in AuditAction.Status.values:
        raise InvalidInput.single(("status",), "invalid-choice", _("open or done"))
    action.status = status
    action.save()
    _log(actor, audit, "set_action_status", action_id=action.pk, status=status)
    return action


@transaction.atomic
def audit_respond(*, actor: Actor, audit: Audit, response: str) -> Audit:
    """The audited organisation's response, shown with the report."""
    if not can(actor, "audit.respond", audit.algorithm.organisation_id):
        raise PermissionDenied(_("only the audited organisation may respond"))
    if audit.status not in (Audit.Status.READY, Audit.Status.PUBLISHED):
        raise Conflict(_("respond once the audit has been computed"))
    if len(response) > 20_000:
        raise InvalidInput.single(("response",), "too-long", _("at most 20,000 characters"))
    audit.response, audit.responded_by_label, audit.responded_at = response.strip(), actor.label, timezone.now()
    audit.save()
    _log(actor, audit, "respond")
    if audit.status == Audit.Status.PUBLISHED:
        public_changed()
    return audit


@transaction.atomic
def audit_publish(*, actor: Actor, audit: Audit) -> Audit:
    """Put the audit on the public record page; the record's "has an audit" facet follows in the same transaction."""
    _own(actor, audit)
    if audit.status != Audit.Status.READY:
        raise Conflict(_("only a computed audit can be published"))
    problems = [
        Problem((k,), "required", _("write the {part} before publishing"), {"part": k.replace("_", " ")})
        for k in ("findings", "recommendations")
        if not getattr(audit, k).strip()
    ]
    if problems:
        raise InvalidInput(problems)
    audit.status, audit.published_at = Audit.Status.PUBLISHED, timezone.now()
    audit.save()
    _log(actor, audit, "publish")
    search_index_update(audit.algorithm)
    return audit
