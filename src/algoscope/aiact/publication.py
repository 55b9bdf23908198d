"""The AI Act's publication part: what the public reads about a record's assessment, FRIA and obligations is what
a reviewer published with one of its versions (``register.extensions.PublicationPart``), never the working state.

A version keeps ``{"assessment": id, "fria": id, "progress": [rows]}``: complete assessments and FRIAs are
immutable, so their ids are enough; the checklist rows change in place, so their state is copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from algoscope.aiact.engine.texts import texts_for
from algoscope.aiact.models import Assessment, Fria, ObligationProgress
from algoscope.aiact.selectors import assessment_latest, fria_latest
from algoscope.register.extensions import PartChange
from algoscope.register.models import Algorithm, AlgorithmVersion

KEY = "ai_act"
NOT_ASSESSED = "not_assessed"


@dataclass(frozen=True)
class ProgressRow:
    """One checklist row as it was published (or as it stands, for the organisation's own pages)."""

    obligation: str
    role: str
    status: str
    reason: str = ""
    evidence: tuple[dict[str, str], ...] = ()
    updated_by: str = ""
    updated_at: str = ""  # ISO 8601, "" when unknown

    @classmethod
    def from_model(cls, progress: ObligationProgress) -> ProgressRow:
        return cls(
            obligation=progress.obligation,
            role=progress.role,
            status=progress.status,
            reason=progress.reason,
            evidence=tuple(progress.evidence),
            updated_by=progress.updated_by_label,
            updated_at=progress.updated_at.isoformat() if progress.updated_at else "",
        )

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "evidence": list(self.evidence)}


@dataclass(frozen=True)
class PublishedAiAct:
    """The AI Act part of one published version."""

    assessment: Assessment | None = None
    fria: Fria | None = None
    progress: dict[tuple[str, str], ProgressRow] = field(default_factory=dict)


def working_progress(algorithm: Algorithm) -> dict[tuple[str, str], ProgressRow]:
    rows = (ProgressRow.from_model(p) for p in algorithm.ai_act_progress.all())
    return {(row.obligation, row.role): row for row in rows}


def snapshot(algorithm: Algorithm) -> dict[str, Any] | None:
    """The part as the organisation has it now: what the next publication makes public."""
    assessment, fria = assessment_latest(algorithm), fria_latest(algorithm)
    progress = sorted(working_progress(algorithm).values(), key=lambda row: (row.role, row.obligation))
    if assessment is None and fria is None and not progress:
        return None
    return {
        "assessment": assessment.pk if assessment else None,
        "fria": fria.pk if fria else None,
        "progress": [row.as_dict() for row in progress],
    }


def published_ai_act(algorithm: Algorithm, version: AlgorithmVersion | None = None) -> PublishedAiAct:
    """What ``version`` (the published one by default) made public; empty for a record never published."""
    shown = version if version is not None else algorithm.published_version
    data = (shown.parts or {}).get(KEY) if shown is not None else None
    if not data:
        return PublishedAiAct()
    assessment = (
        algorithm.ai_act_assessments.filter(pk=data.get("assessment")).first() if data.get("assessment") else None
    )
    fria = algorithm.frias.filter(pk=data.get("fria")).first() if data.get("fria") else None
    rows = (ProgressRow(**{**row, "evidence": tuple(row.get("evidence", ()))}) for row in data.get("progress", []))
    return PublishedAiAct(assessment, fria, {(row.obligation, row.role): row for row in rows})


def ai_act_facet_values(algorithm: Algorithm) -> list[tuple[str, str]]:
    """The "AI Act class" facet: every category of the published assessment, or ``not_assessed``."""
    latest = published_ai_act(algorithm).assessment
    categories = latest.categories if latest is not None else [NOT_ASSESSED]
    return [("ai_act_class", category) for category in categories]


def _assessment(assessment_id: int | None, language: str) -> str:
    """What a reviewer needs to see of a complete assessment: its class, roles, obligations, text and date."""
    assessment = Assessment.objects.filter(pk=assessment_id).first() if assessment_id else None
    if assessment is None or assessment.result is None:
        return ""
    texts = texts_for(language)
    result = assessment.result
    duties = sum(len(d) for d in result.get("obligations", {}).values())
    parts = [
        ", ".join(texts(f"categories.{c}") for c in assessment.categories),
        _("roles: %(roles)s") % {"roles": ", ".join(texts(f"roles.{r}") for r in result.get("roles", [])) or "—"},
        _("%(n)s obligations") % {"n": duties},
        texts(f"legal_texts.{assessment.legal_text}"),
    ]
    if assessment.assessed_on:
        parts.append(_("assessed on %(day)s") % {"day": f"{assessment.assessed_on:%Y-%m-%d}"})
    return "; ".join(parts)


def _fria(fria_id: int | None) -> str:
    """A complete FRIA as a reviewer needs to see it: when, how much becomes public, and its summary."""
    fria = Fria.objects.filter(pk=fria_id).first() if fria_id else None
    if fria is None:
        return ""
    parts = [
        _("completed on %(day)s") % {"day": f"{fria.completed_on:%Y-%m-%d}"} if fria.completed_on else _("complete")
    ]
    parts.append(_("every answer public") if fria.publish_full else _("summary only"))
    summary = fria.summary if len(fria.summary) <= 300 else fria.summary[:299] + "…"
    return "; ".join(parts) + (f": {summary}" if summary else "")


def _progress_text(row: dict[str, Any] | None) -> str:
    if row is None:
        return str(_("not set (to do, or not applicable where the rules except it)"))
    text = str(ObligationProgress.Status(row["status"]).label)
    if row.get("reason"):
        text += f": {row['reason']}"
    if row.get("evidence"):
        text += " · " + ", ".join(e.get("title") or e.get("url", "") for e in row["evidence"])
    return text


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None, language: str) -> list[PartChange]:
    """What differs between two snapshots: the classification, the FRIA, each checklist row whose state changed."""
    old, new = before or {}, after or {}
    rows: list[PartChange] = []
    if old.get("assessment") != new.get("assessment"):
        label = _("AI Act classification")
        rows.append(
            PartChange(
                label, _assessment(old.get("assessment"), language), _assessment(new.get("assessment"), language)
            )
        )
    if old.get("fria") != new.get("fria"):
        rows.append(
            PartChange(_("Fundamental-rights impact assessment"), _fria(old.get("fria")), _fria(new.get("fria")))
        )
    texts = texts_for(language)

    def by_duty(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
        return {(row["role"], row["obligation"]): row for row in data.get("progress", [])}

    then, now = by_duty(old), by_duty(new)
    state = ("status", "reason", "evidence")
    for role, obligation in sorted(then.keys() | now.keys()):
        a, b = then.get((role, obligation)), now.get((role, obligation))
        if a is not None and b is not None and all(a.get(k) == b.get(k) for k in state):
            continue
        label = _("Obligation: %(obligation)s (%(role)s)") % {
            "obligation": texts(f"obligations.{obligation}"),
            "role": texts(f"roles.{role}"),
        }
        rows.append(PartChange(label, _progress_text(a), _progress_text(b)))
    return rows
