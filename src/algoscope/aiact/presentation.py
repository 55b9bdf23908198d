"""The engine's result in the reader's language: titles translated, for the API, the pages and exports."""

from __future__ import annotations

from typing import Any

from algoscope.aiact.checklist import obligation_checklist
from algoscope.aiact.engine.classify import Classification
from algoscope.aiact.engine.fria import fria_form, fria_required
from algoscope.aiact.engine.texts import texts_for
from algoscope.aiact.selectors import assessment_latest, fria_latest


def localised_result(result: Classification | dict[str, Any], language: str) -> dict[str, Any]:
    """``Classification.as_dict()`` (or a stored one) with every title in ``language``."""
    data = result.as_dict() if isinstance(result, Classification) else dict(result)
    texts = texts_for(language)
    data["category_titles"] = [texts(f"categories.{c}") for c in data["categories"]]
    data["trace"] = [{**step, "title": texts(f"rules.{step['rule']}")} for step in data["trace"]]
    data["obligations"] = {
        role: [{**o, "title": texts(f"obligations.{o['id']}")} for o in duties]
        for role, duties in data["obligations"].items()
    }
    data["obligations_by_role"] = [  # roles without a duty (a system outside the Act) get no empty table
        {"role": role, "title": texts(f"roles.{role}"), "duties": duties}
        for role, duties in data["obligations"].items()
        if duties
    ]
    data["registrations"] = [{**r, "title": texts(f"registrations.{r['id']}")} for r in data["registrations"]]
    data["legal_text_title"] = texts(f"legal_texts.{data['legal_text']}")
    return data


def ai_act_summary(algorithm: Any, language: str) -> dict[str, Any] | None:
    """The latest complete assessment of a record, localised for its public page, or ``None``."""
    latest = assessment_latest(algorithm)
    if latest is None or latest.result is None:
        return None
    checklist = obligation_checklist(algorithm, language=language, assessment=latest)
    return {
        "assessment": latest,
        "result": localised_result(latest.result, language),
        "fria_required": fria_required(latest.result),
        "fria": fria_latest(algorithm),
        "progress": checklist.summary() if checklist.items else None,
    }


def fria_elements(answers: dict[str, str], language: str) -> list[dict[str, Any]]:
    """The FRIA's elements in ``language`` with the answers given and the IAMA questions each one covers."""
    elements = []
    for element in fria_form().elements:
        iama = []
        for question in element.iama:
            topic, text = question.text(language)
            iama.append({"id": question.id, "topic": topic, "question": text})
        elements.append(
            {
                "key": element.key,
                "refs": element.refs,
                "title": element.title.get(language, element.title["en"]),
                "prompt": element.prompt.get(language, element.prompt["en"]),
                "answer": answers.get(element.key, ""),
                "iama": iama,
            }
        )
    return elements
