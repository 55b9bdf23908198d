"""``/api/v1/aiact/``: the questions, the next step of the questionnaire, and classification."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from algoscope.aiact.engine.classify import classify
from algoscope.aiact.engine.questionnaire import all_questions, next_step
from algoscope.aiact.presentation import localised_result
from algoscope.aiact.schemas import ClassificationOut, FactsIn, Lang, QuestionOut, StepOut

aiact = Router(tags=["AI Act"])


class LanguageQuery(Schema):
    language: Lang = "en"


@aiact.get("/questions", response=list[QuestionOut], operation_id="aiact_questions")
def questions(request: HttpRequest, query: Query[LanguageQuery]) -> list[dict[str, Any]]:
    """Every question the classifier may ask, in asking order, with its legal references and choices."""
    return [q.as_dict() for q in all_questions(query.language)]


@aiact.post("/questions/next", response=StepOut, operation_id="aiact_next_questions")
def questions_next(request: HttpRequest, body: FactsIn) -> dict[str, Any]:
    """The questions still needed given the facts so far (one section at a time), or the result when complete."""
    step = next_step(body.facts, lang=body.language, as_of=body.as_of, legal_text=body.legal_text)
    return {
        "complete": step.complete,
        "section": step.section,
        "questions": [q.as_dict() for q in step.questions],
        "needed": list(step.needed),
        "answered": list(step.answered),
        "result": localised_result(step.classification, body.language) if step.classification else None,
    }


@aiact.post("/classify", response=ClassificationOut, operation_id="aiact_classify")
def classify_facts(request: HttpRequest, body: FactsIn) -> dict[str, Any]:
    """Classify a complete set of facts: categories, reasoning, obligations per role, registration duties.

    Missing facts answer 422 with one problem per missing fact (code ``missing``); unknown keys, wrong values
    and contradictions answer 422 naming each fact.
    """
    result = classify(body.facts, as_of=body.as_of, legal_text=body.legal_text)
    return localised_result(result, body.language)
