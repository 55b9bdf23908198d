"""Translating the pure layers' messages (``algoscope.common.messages``) into the active language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from django.conf import settings
from django.utils.translation import get_language, get_language_info, gettext

from algoscope.common.errors import DomainError, InvalidInput, Problem
from algoscope.common.messages import Translate, render


class HasMessage(Protocol):
    @property
    def template(self) -> str: ...

    @property
    def params(self) -> Mapping[str, Any]: ...


class Located(HasMessage, Protocol):
    def where(self, translate: Translate | None = None) -> str: ...


def language_choices() -> list[tuple[str, str]]:
    """(code, the language's own name) for each of the site's languages: for a "language of these texts" field."""
    return [(code, str(get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES]


def page_language() -> str:
    """The language of the page being made: one of the site's languages (``nl``, ``fr``, ``de``, ``en``)."""
    language = (get_language() or "en")[:2]
    return language if language in {code for code, _name in settings.LANGUAGES} else "en"


def localize(template: str, params: Mapping[str, Any] | None = None) -> str:
    """``template`` in the active language with ``params`` filled in."""
    return render(template, params or {}, gettext)


def localized(item: HasMessage) -> str:
    """The message of a ``Problem``, a ``Finding`` or anything else with a template and parameters."""
    return localize(item.template, item.params)


def error_text(exc: DomainError) -> str:
    """A service error for a page: each located problem's message in the active language."""
    if isinstance(exc, InvalidInput) and exc.problems:
        return "; ".join(localized(problem) for problem in exc.problems)
    return localize(exc.template, exc.params)


def errors_by_path(problems: Sequence[Problem]) -> dict[str, list[str]]:
    """A form's messages per field (``problem.path``), each in the page's language."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.path, []).append(localized(problem))
    return errors
