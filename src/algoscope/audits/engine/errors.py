"""Errors with the file, column and row they are about."""

from __future__ import annotations

from collections.abc import Iterable

from algoscope.common.errors import InvalidInput, Problem


class AuditInputError(InvalidInput):
    """The decisions file or the audit settings cannot be used; each problem names file, column and row."""

    code = "invalid-audit-input"
    body_prefix = ()

    def __init__(self, problems: Iterable[Problem]) -> None:
        problems = tuple(problems)
        super().__init__(problems, message="; ".join(p.message for p in problems))  # messages name the file

    @classmethod
    def at(cls, file: str, message: str, column: str | None = None, row: int | None = None) -> AuditInputError:
        loc: tuple[str | int, ...] = (file,) + ((column,) if column else ()) + ((row,) if row is not None else ())
        where = file + (f", column {column!r}" if column else "") + (f", row {row}" if row is not None else "")
        return cls([Problem(loc, "invalid", f"{where}: {message}")])
