"""Messages written in English with their parameters apart, translated where they are shown. Pure Python.

Engines, mappers and validators mark a message template with ``gettext_noop`` (often imported as ``_``), so that
``makemessages`` extracts it, and keep the values apart: the template ``unknown value {value!r}`` with the
parameters ``{"value": value}``. The English text is ``render(template, params)``; a page translates the template
first (``algoscope.common.translation.localize``) and then fills it in, so a translation never sees a value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Translate = Callable[[str], str]


def gettext_noop(text: str) -> str:
    """Marks a message template for translation; the text is translated where it is shown."""
    return text


def render(template: str, params: Mapping[str, Any], translate: Translate | None = None) -> str:
    """``template`` (translated by ``translate`` when given) with ``params`` filled in.

    A template without parameters is returned as written (it may contain braces). A translation that names a
    parameter the template does not have falls back to the English template rather than failing. A parameter that
    is a :class:`Text` is rendered (and translated) first.
    """
    if not template:
        return ""
    if any(isinstance(value, Text) for value in params.values()):  # a message inside a message, translated too
        params = {k: render(v.template, v.params, translate) if isinstance(v, Text) else v for k, v in params.items()}
    if translate is not None:
        try:
            return _fill(translate(template), params)
        except (KeyError, IndexError, ValueError, AttributeError):
            pass
    return _fill(template, params)


def _fill(template: str, params: Mapping[str, Any]) -> str:
    return template.format(**params) if params else template


class Text:
    """A message template with its parameters, for functions that return or raise a message."""

    __slots__ = ("params", "template")

    def __init__(self, template: str, **params: Any) -> None:
        self.template, self.params = template, params

    def __str__(self) -> str:
        return render(self.template, self.params)

    def __repr__(self) -> str:
        return f"Text({self.template!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.template, self.params) == (other.template, other.params)

    __hash__ = None  # type: ignore[assignment]


def stored_value(value: Any) -> Any:
    """A parameter as JSON: a :class:`Text` keeps its template (translated where it is shown)."""
    if isinstance(value, Text):
        return {"$text": value.template, "params": stored_params(value.params)}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [stored_value(v) for v in value]
    return str(value)


def stored_params(params: Mapping[str, Any]) -> dict[str, Any]:
    return {key: stored_value(value) for key, value in params.items()}


def params_from_stored(params: Mapping[str, Any]) -> dict[str, Any]:
    def back(value: Any) -> Any:
        if isinstance(value, dict) and "$text" in value:
            return Text(value["$text"], **params_from_stored(value.get("params", {})))
        return value

    return {key: back(value) for key, value in params.items()}


def stored_message(template: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A message kept in the database (a failed job's reason): its template and parameters, so that each reader
    sees it in their own language."""
    return {"template": template, "params": stored_params(params or {})}


def stored_text(message: Any, translate: Translate | None = None) -> str:
    """A kept message in English or through ``translate``; a plain string (kept by an older version) as it is."""
    if isinstance(message, dict) and "template" in message:
        return render(message["template"], params_from_stored(message.get("params", {})), translate)
    return str(message)
