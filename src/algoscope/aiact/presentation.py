"""The engine's result in the reader's language: titles translated, for the API, the pages and exports."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from typing import Any

from algoscope.aiact.checklist import obligation_checklist
from algoscope.aiact.engine.classify import Classification, classify
from algoscope.aiact.engine.errors import FactsError, MissingFacts
from algoscope.aiact.engine.fria import fria_form, fria_required
from algoscope.aiact.engine.texts import texts_for
from algoscope.aiact.publication import published_ai_act

FIRST_PUBLISHED = "2024/1689"  # the text as published in the Official Journal, which the others amend


def localised_result(
    result: Classification | dict[str, Any],
    language: str,
    *,
    today: dt.date | None = None,
    facts: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """``Classification.as_dict()`` (or a stored one) with every title in ``language``.

    ``today``: which duties are in force is said for that day (a stored result was evaluated on its own day).
    ``facts``: the same answers under the text as first published, for comparison, where the result is under an
    amended text: each duty gets the date it would apply from there ("" where it is no duty there), and the duties
    that only the first text has are listed.
    """
    data = result.as_dict() if isinstance(result, Classification) else dict(result)
    texts = texts_for(language)
    data["category_titles"] = [texts(f"categories.{c}") for c in data["categories"]]
    data["trace"] = [{**step, "title": texts(f"rules.{step['rule']}")} for step in data["trace"]]
    if today is not None:
        data["as_of"] = today.isoformat()
    data["obligations"] = {
        role: [
            {
                **o,
                "title": texts(f"obligations.{o['id']}"),
                "in_force": o["in_force"]
                if today is None
                else o["status"] == "applies" and dt.date.fromisoformat(o["applies_from"]) <= today,
            }
            for o in duties
        ]
        for role, duties in data["obligations"].items()
    }
    compare = facts is not None and data["legal_text"] != FIRST_PUBLISHED
    first = _first_published(json.dumps(facts, sort_keys=True, default=str)) if compare else None
    only_first: dict[str, list[dict[str, Any]]] = {}
    if first is not None:
        data["compare_title"] = texts(f"legal_texts.{FIRST_PUBLISHED}")
        data["compare_category_titles"] = [texts(f"categories.{c}") for c in first["categories"]]
        for role, duties in data["obligations"].items():
            then = {o["id"]: o for o in first["obligations"].get(role, [])}
            for duty in duties:
                duty["first_published_from"] = then[duty["id"]]["applies_from"] if duty["id"] in then else ""
            ours = {duty["id"] for duty in duties}
            only_first[role] = [
                {**o, "title": texts(f"obligations.{o['id']}")} for o in then.values() if o["id"] not in ours
            ]
    data["obligations_by_role"] = [  # roles without a duty (a system outside the Act) get no empty table
        {
            "role": role,
            "title": texts(f"roles.{role}"),
            "duties": duties,
            "first_published_only": only_first.get(role, []),
        }
        for role, duties in data["obligations"].items()
        if duties
    ]
    then = {(r["id"], r["role"]): r["applies_from"] for r in first["registrations"]} if first is not None else {}
    data["registrations"] = [
        {**r, "title": texts(f"registrations.{r['id']}"), "first_published_from": then.get((r["id"], r["role"]), "")}
        for r in data["registrations"]
    ]
    data["legal_text_title"] = texts(f"legal_texts.{data['legal_text']}")
    return data


@functools.lru_cache(maxsize=256)
def _first_published(facts_json: str) -> dict[str, Any] | None:
    """The same answers under the text as first published (read only: categories, dates; never "in force", so it
    does not depend on the day). Cached per answers: a record page is read far more often than it is assessed."""
    try:
        return classify(json.loads(facts_json), legal_text=FIRST_PUBLISHED).as_dict()
    except (FactsError, MissingFacts):  # answers stored under a rule set that asked other questions
        return None


def ai_act_summary(algorithm: Any, language: str, version: Any = None) -> dict[str, Any] | None:
    """The assessment ``version`` (the published one by default) made public, localised for the record page, or
    ``None``."""
    published = published_ai_act(algorithm, version)
    latest = published.assessment
    if latest is None or latest.result is None:
        return None
    today = dt.date.today()
    checklist = obligation_checklist(
        algorithm, language=language, assessment=latest, progress=published.progress, today=today
    )
    return {
        "assessment": latest,
        "result": localised_result(latest.result, language, today=today, facts=latest.facts),
        "fria_required": fria_required(latest.result),
        "fria": published.fria,
        "progress": checklist.summary() if checklist.items else None,
    }


def record_section_context(algorithm: Any, version: Any, language: str) -> dict[str, Any]:
    """The AI Act part of a public record page: as the version shown published it (a record section). The links to
    the FRIA's page and the Annex VIII data, which show the current version's, are only on the current version."""
    current = version is None or version.pk == algorithm.published_version_id
    return {"ai_act": ai_act_summary(algorithm, language, version), "current": current}


def fria_elements(answers: dict[str, str], language: str) -> list[dict[str, Any]]:
    """The FRIA's elements in ``language`` with the answers given and the IAMA questions each one covers."""
    elements = []
    for element in fria_form().elements:
        iama = []
        for question in element.iama:
            topic, text = question.text(language)
            iama.append({"id": question.id, "topic": topic, "question": text, "language": question.language(language)})
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
