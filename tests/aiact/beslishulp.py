"""The Dutch government's AI Act decision aid (MinBZK beslishulp) as a path enumerator, for the differential test.

The decision tree (``shared/data/aiact/minbzk-beslishulp/decision-tree.yaml``) is a graph of yes/no and choice
questions; answers add labels, and redirects choose the next step with JEXL conditions over those labels. This
module evaluates the JEXL subset the tree uses (string ``in labels``, ``&&``, ``||``, ``!``, parentheses) and walks
every path from the first question to a conclusion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

TOKEN = re.compile(r'\s*(?:(?P<str>"[^"]*")|(?P<op>&&|\|\||!|\(|\))|(?P<word>[A-Za-z_]+))')


def _tokens(expression: str) -> list[str]:
    tokens, pos = [], 0
    while pos < len(expression.rstrip()):
        match = TOKEN.match(expression, pos)
        if match is None:
            raise ValueError(f"unsupported JEXL at {pos}: {expression!r}")
        tokens.append(match.group(match.lastgroup or "word"))
        pos = match.end()
    return tokens


def jexl(expression: str, labels: frozenset[str]) -> bool:
    """Evaluate ``expression`` (the tree's subset of JEXL) against the labels collected so far."""
    tokens = _tokens(expression)
    pos = 0

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def take(expected: str | None = None) -> str:
        nonlocal pos
        token = tokens[pos]
        if expected is not None and token != expected:
            raise ValueError(f"expected {expected!r}, got {token!r} in {expression!r}")
        pos += 1
        return token

    def disjunction() -> bool:
        value = conjunction()
        while peek() == "||":
            take()
            value = conjunction() or value
        return value

    def conjunction() -> bool:
        value = unary()
        while peek() == "&&":
            take()
            value = unary() and value
        return value

    def unary() -> bool:
        if peek() == "!":
            take()
            return not unary()
        if peek() == "(":
            take()
            value = disjunction()
            take(")")
            return value
        literal = take()
        if not literal.startswith('"'):
            raise ValueError(f"expected a string in {expression!r}")
        take("in")
        take("labels")
        return literal.strip('"') in labels

    result = disjunction()
    if pos != len(tokens):
        raise ValueError(f"trailing tokens in {expression!r}")
    return result


@dataclass(frozen=True)
class Path:
    answers: tuple[tuple[str, str], ...]  # (question id, answer text)
    labels: frozenset[str]
    conclusion: str


def paths(tree: dict[str, Any]) -> Iterator[Path]:
    """Every path through the tree, depth first, in the order the questions list their answers."""
    questions = {q["questionId"]: q for q in tree["questions"]}

    def walk(qid: str, answers: tuple[tuple[str, str], ...], labels: frozenset[str]) -> Iterator[Path]:
        for answer in questions[qid]["answers"]:
            now = labels | frozenset(answer.get("labels", []))
            taken = (*answers, (qid, answer["answer"]))
            target = _target(answer, now)
            if target is None:
                continue  # no redirect holds: the tree has no way on (a dead end in the source)
            kind, next_id = target
            if kind == "question":
                yield from walk(next_id, taken, now)
            else:
                yield Path(taken, now, next_id)

    yield from walk(tree["questions"][0]["questionId"], (), frozenset())


def _target(answer: dict[str, Any], labels: frozenset[str]) -> tuple[str, str] | None:
    if "nextQuestionId" in answer:
        return ("question", answer["nextQuestionId"])
    if "nextConclusionId" in answer:
        return ("conclusion", answer["nextConclusionId"])
    for redirect in answer.get("redirects", []):
        if jexl(redirect["if"], labels):
            if "nextQuestionId" in redirect:
                return ("question", redirect["nextQuestionId"])
            return ("conclusion", redirect["nextConclusionId"])
    return None
