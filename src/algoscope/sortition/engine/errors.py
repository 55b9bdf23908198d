"""Errors of the selection engine. Every problem names the file, row and column it is about; all are collected."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from algoscope.common.errors import InvalidInput, Problem
from algoscope.common.messages import gettext_noop as _


class PanelInputError(InvalidInput):
    """The respondents, the quotas or the settings cannot be used; ``problems`` lists every one."""

    code = "invalid-panel-input"
    body_prefix = ()

    def __init__(self, problems: Iterable[Problem]) -> None:
        problems = tuple(problems)
        super().__init__(problems, message="\n".join(where(p) + p.message for p in problems))


def problem(file: str, template: str, *, row: int | None = None, column: str = "", **params: Any) -> Problem:
    """A problem at ``file`` (and a row, a column); ``row`` is the line in the file, the header being line 1."""
    loc: tuple[str | int, ...] = (file,)
    if row is not None:
        loc += (row,)
    if column:
        loc += (column,)
    return Problem(loc, "invalid", template, params)


def where(p: Problem, translate: Callable[[str], str] = lambda text: text) -> str:
    """``file, row 3, column 'gender': `` for a problem made by ``problem`` (``translate``: a gettext, for pages)."""
    if not p.loc:
        return ""
    parts = [str(p.loc[0])]
    for part in p.loc[1:]:
        if isinstance(part, int):
            parts.append(translate(_("row %(row)s")) % {"row": part})
        else:
            parts.append(translate(_("column %(name)s")) % {"name": repr(part)})
    return ", ".join(parts) + ": "


class Infeasible(Exception):
    """No panel meets every quota (and household rule); ``diagnosis`` says what to relax."""

    def __init__(self, diagnosis: Any) -> None:
        super().__init__(str(diagnosis))
        self.diagnosis = diagnosis
