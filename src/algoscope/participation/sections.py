"""Participation's parts of the register's pages: under a record, its questions and error reports with their
answers and a way to ask; on an organisation's page, how it answers (received, answered, median time, overdue)."""

from __future__ import annotations

from typing import Any

from algoscope.accounts.models import Organisation
from algoscope.participation import presentation as show
from algoscope.participation import selectors
from algoscope.register.models import Algorithm, AlgorithmVersion

SHOWN = 10


def record_section(algorithm: Algorithm, version: AlgorithmVersion | None, language: str) -> dict[str, Any] | None:
    if version is None:
        return None
    questions = selectors.record_questions(algorithm.public_id)
    latest = list(questions.order_by("-created_at")[: SHOWN + 1])  # counted apart only when there are more
    return {
        "algorithm": algorithm,
        "rows": [show.question_row(q) for q in latest[:SHOWN]],
        "count": len(latest) if len(latest) <= SHOWN else questions.count(),
        "retired": algorithm.retired_at is not None,
        "latest": version.pk == algorithm.published_version_id,
    }


def organisation_section(organisation: Organisation, language: str) -> dict[str, Any] | None:
    questions = selectors.organisation_questions(organisation)
    return {
        "organisation": organisation,
        "figures": selectors.figures_of(questions),
        "rows": [show.question_row(q) for q in questions.order_by("-created_at")[:SHOWN]],
        "deadline": show.deadline_days(),
    }
