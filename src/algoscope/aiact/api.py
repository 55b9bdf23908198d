"""``/api/v1/aiact/``: questions, the questionnaire's next step, classification; a record's Annex VIII data,
obligations checklist and FRIA."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from algoscope.accounts.api_auth import token_actor, token_auth
from algoscope.aiact import services
from algoscope.aiact.annex_viii import annex_viii
from algoscope.aiact.checklist import obligation_checklist, published_checklist
from algoscope.aiact.engine.classify import classify
from algoscope.aiact.engine.questionnaire import all_questions, next_step
from algoscope.aiact.presentation import fria_elements, localised_result
from algoscope.aiact.publication import published_ai_act
from algoscope.aiact.schemas import (
    AnnexViiiOut,
    ChecklistItemOut,
    ChecklistOut,
    ClassificationOut,
    FactsIn,
    FriaOut,
    Lang,
    ProgressIn,
    QuestionOut,
    StepOut,
)
from algoscope.common.errors import NotFound
from algoscope.common.ratelimits import check_anonymous_limit
from algoscope.register import selectors as register_selectors
from algoscope.register.models import Algorithm

aiact = Router(tags=["AI Act"])


class LanguageQuery(Schema):
    language: Lang = "en"


@aiact.get("/questions", response=list[QuestionOut], operation_id="aiact_questions")
def questions(request: HttpRequest, query: Query[LanguageQuery]) -> list[dict[str, Any]]:
    """Every question the classifier may ask, in asking order, with its legal references and choices."""
    return [q.as_dict() for q in all_questions(query.language)]


@aiact.post("/questions/next", response=StepOut, operation_id="aiact_next_questions")
def questions_next(request: HttpRequest, body: FactsIn) -> dict[str, Any]:
    """The questions still needed given the facts so far (one section at a time), or the result when complete.
    Anonymous callers: counted with the classification (429 beyond the limit)."""
    check_anonymous_limit(request, "classify")
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

    Missing facts answer 422 with one problem per missing fact (code ``missing``); unknown keys and wrong values
    answer 422 naming each fact; answers to questions that do not arise are listed in ``ignored_facts``.
    Anonymous callers: at most a few a minute per address (429 beyond).
    """
    check_anonymous_limit(request, "classify")
    result = classify(body.facts, as_of=body.as_of, legal_text=body.legal_text)
    return localised_result(result, body.language)


@aiact.get(
    "/records/{algorithm_id}/annex-viii",
    response=AnnexViiiOut,
    operation_id="aiact_annex_viii",
    url_name="aiact_annex_viii",
)
def annex_viii_get(request: HttpRequest, algorithm_id: str, query: Query[LanguageQuery]) -> dict[str, Any]:
    """A published record's registration data for the EU database (Annex VIII Sections A, B, C).

    Only the sections its latest AI Act assessment requires; each point says where its value comes from, or that
    it is missing (to supply before registering) or not applicable. 404 when there is no complete assessment.
    """
    algorithm = register_selectors.algorithm_get_public(algorithm_id)
    url = request.build_absolute_uri(algorithm.get_absolute_url())
    return annex_viii(algorithm, language=query.language, record_url=url)


def _checklist_out(algorithm: Algorithm, language: str) -> dict[str, Any]:
    checklist = published_checklist(algorithm, language=language)
    return {
        "algorithm": algorithm.public_id,
        "assessed_on": checklist.assessment.assessed_on if checklist.assessment else None,
        "summary": checklist.summary(),
        "items": [item.as_dict() for item in checklist.items],
    }


@aiact.get("/records/{algorithm_id}/obligations", response=ChecklistOut, operation_id="aiact_obligations")
def obligations_list(request: HttpRequest, algorithm_id: str, query: Query[LanguageQuery]) -> dict[str, Any]:
    """A published record's obligations checklist, as its published version shows it: each obligation per role,
    its status and evidence, and whether it is overdue (its date has come and it is neither done nor marked not
    applicable)."""
    return _checklist_out(register_selectors.algorithm_get_public(algorithm_id), query.language)


@aiact.put(
    "/records/{algorithm_id}/obligations/{role}/{obligation}",
    response=ChecklistItemOut,
    auth=token_auth,
    operation_id="aiact_obligation_update",
)
def obligation_update(
    request: HttpRequest, algorithm_id: str, role: str, obligation: str, body: ProgressIn
) -> dict[str, Any]:
    """Set the status of one obligation (an editor's API token of the owning organisation)."""
    actor = token_actor(request)
    algorithm = register_selectors.algorithm_get_for_editing(actor=actor, public_id=algorithm_id)
    services.obligation_progress_set(
        actor=actor,
        algorithm=algorithm,
        obligation=obligation,
        role=role,
        status=body.status,
        reason=body.reason,
        evidence=[e.dict() for e in body.evidence],
    )
    item = obligation_checklist(algorithm).item(obligation, role)
    assert item is not None
    return item.as_dict()


@aiact.get("/records/{algorithm_id}/fria", response=FriaOut, operation_id="aiact_fria")
def fria_get(request: HttpRequest, algorithm_id: str, query: Query[LanguageQuery]) -> dict[str, Any]:
    """The FRIA a published record's current version made public: the summary, and every answer when published in
    full."""
    algorithm = register_selectors.algorithm_get_public(algorithm_id)
    fria = published_ai_act(algorithm).fria
    if fria is None:
        raise NotFound(f"{algorithm.public_id} has no complete fundamental-rights impact assessment")
    elements = fria_elements(fria.answers, query.language)
    return {
        "algorithm": algorithm.public_id,
        "completed_on": fria.completed_on,
        "summary": fria.summary,
        "notified_on": fria.notified_on,
        "dpia_reference": fria.dpia_reference,
        "texts_language": fria.texts_language,
        "published_in_full": fria.publish_full,
        "form_version": fria.form_version,
        "elements": [
            {
                "key": e["key"],
                "refs": list(e["refs"]),
                "title": e["title"],
                "answer": e["answer"] if fria.publish_full else None,
                "iama": [q["id"] for q in e["iama"]],
            }
            for e in elements
        ],
    }
