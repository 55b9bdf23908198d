"""Reading assessments."""

from __future__ import annotations

from algoscope.aiact.models import Assessment, Fria
from algoscope.register.models import Algorithm


def assessment_latest(algorithm: Algorithm) -> Assessment | None:
    """The newest complete assessment of a record, or ``None``."""
    return algorithm.ai_act_assessments.filter(status=Assessment.Status.COMPLETE).first()


def assessment_draft(algorithm: Algorithm) -> Assessment | None:
    return algorithm.ai_act_assessments.filter(status=Assessment.Status.DRAFT).first()


def assessment_history(algorithm: Algorithm) -> list[Assessment]:
    return list(algorithm.ai_act_assessments.filter(status=Assessment.Status.COMPLETE).select_related("version"))


def fria_latest(algorithm: Algorithm) -> Fria | None:
    """The newest complete FRIA of a record, or ``None``."""
    return algorithm.frias.filter(status=Fria.Status.COMPLETE).first()


def fria_draft(algorithm: Algorithm) -> Fria | None:
    return algorithm.frias.filter(status=Fria.Status.DRAFT).first()
