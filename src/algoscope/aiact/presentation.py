"""The engine's result in the reader's language: titles translated, for the API, the pages and exports."""

from __future__ import annotations

from typing import Any

from algoscope.aiact.engine.classify import Classification
from algoscope.aiact.engine.texts import texts_for
from algoscope.aiact.selectors import assessment_latest


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
    data["obligations_by_role"] = [
        {"role": role, "title": texts(f"roles.{role}"), "duties": duties}
        for role, duties in data["obligations"].items()
    ]
    data["registrations"] = [{**r, "title": texts(f"registrations.{r['id']}")} for r in data["registrations"]]
    return data


def ai_act_summary(algorithm: Any, language: str) -> dict[str, Any] | None:
    """The latest complete assessment of a record, localised for its public page, or ``None``."""
    latest = assessment_latest(algorithm)
    if latest is None or latest.result is None:
        return None
    return {"assessment": latest, "result": localised_result(latest.result, language)}
