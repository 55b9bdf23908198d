"""Errors of the AI Act engine: every problem names the fact it is about."""

from __future__ import annotations

from algoscope.common.errors import InvalidInput, Problem


class FactsError(InvalidInput):
    """Unknown, malformed or contradictory facts; ``problems`` lists every one, located at ``("facts", key)``."""

    code = "invalid-facts"
    body_prefix = ("body",)


class MissingFacts(InvalidInput):
    """The facts do not settle the classification; ``problems`` lists the facts still needed, in asking order."""

    code = "missing-facts"
    body_prefix = ("body",)

    def __init__(self, keys: list[str], questions: dict[str, str]) -> None:
        self.keys = tuple(keys)
        super().__init__(
            [Problem(("facts", key), "missing", f"needed: {questions[key]}") for key in keys],
            message="facts still needed: " + ", ".join(keys),
        )


class UnknownLegalText(InvalidInput):
    code = "unknown-legal-text"
    body_prefix = ("body",)


class FriaError(InvalidInput):
    """A FRIA that cannot be stored: unknown elements, empty ones on completion, over-long texts, a bad date."""

    code = "invalid-fria"
    body_prefix = ("body",)
