"""Reading questionnaire answers from a form post, and carrying half-answered facts in a signed token."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.http import QueryDict
from django.utils.translation import gettext as _

from algoscope.aiact.engine.questionnaire import Question
from algoscope.common.errors import InvalidInput, Problem

SALT = "algoscope.aiact.questionnaire"
NONE_OF_THESE = "__none__"  # the form's "None of these" for a multiple choice whose answer may be empty


KEPT = "__kept__"  # answers of sections left with "Previous section", offered again when shown


def facts_from_token(token: str) -> dict[str, Any]:
    """The facts in a signed state token; an altered or foreign token gives an empty start."""
    return state_from_token(token)[0]


def state_from_token(token: str) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """The facts, the answers kept from sections gone back over, and whether the token was damaged (altered,
    cut short, or from another site): then both are empty and the page says so."""
    if not token:
        return {}, {}, False
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return {}, {}, True
    if not isinstance(data, dict):
        return {}, {}, True
    kept = data.pop(KEPT, {})
    return data, kept if isinstance(kept, dict) else {}, False


def facts_token(facts: dict[str, Any], kept: dict[str, Any] | None = None) -> str:
    return signing.dumps({**facts, **({KEPT: kept} if kept else {})}, salt=SALT, compress=True)


def answers_from_post(post: QueryDict, questions: tuple[Question, ...], *, partial: bool = False) -> dict[str, Any]:
    """Typed answers to the questions on the page; an unanswered question is a problem, or skipped if ``partial``."""
    answers: dict[str, Any] = {}
    problems: list[Problem] = []
    for q in questions:
        name = f"fact-{q.key}"
        raw = post.get(name, "").strip()
        if partial and name not in post:
            continue
        if q.type == "choices":
            chosen = post.getlist(name)
            explicit_none = NONE_OF_THESE in chosen or "none" in chosen
            values = [v for v in chosen if v != NONE_OF_THESE]
            if explicit_none and len(chosen) > 1:
                problems.append(
                    Problem(("facts", q.key), "invalid", _("“None of these” cannot be chosen with another answer."))
                )
            elif not chosen and not partial and q.min > 0:  # with no minimum, nothing ticked is "none of these"
                message = (
                    _("Choose every answer that applies, or “None of these”.")
                    if q.has_none
                    else _("Choose at least one answer.")
                )
                problems.append(Problem(("facts", q.key), "required", message))
            answers[q.key] = values
        elif q.type == "date":
            answers[q.key] = raw or None
        elif not raw:
            problems.append(Problem(("facts", q.key), "required", _("Please answer this question.")))
        elif q.type == "bool":
            answers[q.key] = raw == "yes"
        elif q.type == "number":
            answers[q.key] = raw.replace(",", ".").replace(" ", "")
        else:
            answers[q.key] = raw
    if problems:
        raise InvalidInput(problems)
    return answers


def evidence_from_text(text: str) -> list[dict[str, str]]:
    """Evidence links typed one per line, as ``title | https://…`` or a bare address."""
    links = []
    for line in text.splitlines():
        if not line.strip():
            continue
        title, sep, url = line.rpartition("|")
        links.append({"title": title.strip() if sep else "", "url": url.strip()})
    return links


def evidence_as_text(evidence: Any) -> str:
    return "\n".join(f"{e['title']} | {e['url']}" if e["title"] != e["url"] else e["url"] for e in evidence)
