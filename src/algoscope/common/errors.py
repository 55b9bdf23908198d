"""The domain error tree. Pure Python: services and engines raise these; the API and views map them.

Nothing here knows HTTP. Each problem carries a location (``loc``) so that a form, an API client or an
import report can point at the exact field, row or list item.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from algoscope.common.messages import gettext_noop as _
from algoscope.common.messages import render

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, at a location such as ``("name", "fr")`` or ``("risks", 2, "risk")``.

    ``template`` is the English message, marked for translation where its module can; ``params`` fill it in
    (``algoscope.common.messages``). ``message`` is the English text.
    """

    loc: Loc
    code: str
    template: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        return render(self.template, self.params)

    @property
    def path(self) -> str:
        return ".".join(str(part) for part in self.loc)


class DomainError(Exception):
    """Base of every error a service raises on purpose. ``message`` is English (the API and the CLI); a page shows
    ``template`` (marked for translation) filled with ``params`` in its own language (``common.translation``)."""

    code = "error"

    def __init__(self, message: str, *, params: Mapping[str, Any] | None = None) -> None:
        self.template, self.params = message, dict(params or {})
        self.message = render(message, self.params) if params else message
        super().__init__(self.message)


class NotFound(DomainError):
    code = "not-found"


class Conflict(DomainError):
    code = "conflict"


class PermissionDenied(DomainError):
    code = "permission-denied"


class InvalidTransition(Conflict):
    code = "invalid-transition"


class InvalidInput(DomainError):
    """One or more problems with an input; all of them, not only the first."""

    code = "invalid-input"
    problems: Sequence[Problem]
    body_prefix: tuple[str, ...] = ("body", "content")  # where the located input sits in an API request body

    def __init__(self, problems: Iterable[Problem], message: str | None = None) -> None:
        self.problems = tuple(problems)
        if message is None:
            message = "; ".join(f"{p.path or '(input)'}: {p.message}" for p in self.problems)
        super().__init__(message)

    @classmethod
    def single(cls, loc: Loc, code: str, message: str) -> InvalidInput:
        return cls([Problem(loc, code, message)])


def required_text(value: str | None, loc: str, *, limit: int, missing: str) -> str:
    """``value`` without surrounding whitespace; ``InvalidInput`` at ``loc`` when it is empty (``missing`` says what
    to give) or longer than ``limit`` characters."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput.single((loc,), "required", missing)
    if len(text) > limit:
        template = _("at most {limit} characters (got {length})")
        raise InvalidInput([Problem((loc,), "too-long", template, {"limit": limit, "length": len(text)})])
    return text
