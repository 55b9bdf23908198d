"""Template helpers shared by every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import translate_url
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info, gettext

from algoscope.common.messages import stored_text
from algoscope.common.translation import HasMessage, Located
from algoscope.common.translation import localized as translated_message

register = template.Library()


def _translated_paths(request: Any) -> dict[str, str]:
    """The current page's address in every language, worked out once per request (the head's hreflang links and
    the language switch both need it)."""
    paths: dict[str, str] | None = getattr(request, "_algoscope_translated_paths", None)
    if paths is None:
        path = request.get_full_path()
        paths = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
        request._algoscope_translated_paths = paths
    return paths


@register.simple_tag(takes_context=True)
def path_without_language(context: Any) -> str:
    """The current address without a ``language`` parameter: where the language form sends the reader back (the
    parameter would override the choice just made)."""
    request = context.get("request")
    if request is None:
        return "/"
    params = request.GET.copy()
    params.pop("language", None)
    return str(request.path) + (f"?{params.urlencode()}" if params else "")


@register.simple_tag(takes_context=True)
def alternate_languages(context: Any) -> list[tuple[str, str, str]]:
    """(language, name, absolute URL) of the current page in every language, for hreflang links."""
    request = context.get("request")
    if request is None:
        return []
    paths = _translated_paths(request)
    return [(code, str(name), request.build_absolute_uri(paths[code])) for code, name in settings.LANGUAGES]


@register.simple_tag(takes_context=True)
def language_links(context: Any) -> list[tuple[str, str, str, bool]]:
    """(language, its own name, this page in it, whether it is this page's) for a page whose address names its
    language (``/fr/…``); empty elsewhere, where the language is chosen with a form (it is kept in a cookie).
    Links, not a form: a public page then carries no visitor's CSRF token and can be served from the cache."""
    request = context.get("request")
    current = context.get("LANGUAGE_CODE", "")
    if request is None or not request.path.startswith(f"/{current}/"):
        return []
    paths = _translated_paths(request)
    return [
        (code, get_language_info(code)["name_local"], paths[code], code == current)
        for code, _name in settings.LANGUAGES
    ]


@register.filter
def kept_message(message: Any) -> str:
    """A message kept in the database (a failed job's reason, ``common.messages.stored_message``), translated."""
    return stored_text(message, gettext)


@register.filter
def localized(item: HasMessage) -> str:
    """A problem's, finding's or note's message in the page's language: ``{{ finding|localized }}``."""
    return translated_message(item)


@register.filter
def located(finding: Located) -> str:
    """An import finding with where it is (file, line or record, field), in the page's language."""
    return f"{finding.where(gettext)}: {translated_message(finding)}"


# The design system's status badge has a few tones; each state or status any app shows maps onto one. A state
# not listed is shown neutral.
_STATUS_TONES = {
    "published": "safe",
    "done": "safe",
    "ready": "safe",
    "computed": "safe",
    "drawn": "safe",
    "in_review": "warning",
    "in_progress": "warning",
    "queued": "warning",
    "running": "warning",
    "open": "warning",
    "failed": "danger",
    "retired": "inactive",
    "not_applicable": "inactive",
    # plans: statuses, RAG grades, review states
    "on_track": "safe",
    "completed": "safe",
    "green": "safe",
    "amber_green": "warning",
    "amber": "warning",
    "amber_red": "danger",
    "red": "danger",
    "at_risk": "warning",
    "delayed": "danger",
    "submitted": "warning",
    "declined": "danger",
    "cancelled": "inactive",
    "superseded": "inactive",
    "closed": "inactive",
}


@register.filter
def status_tone(status: str) -> str:
    """The NL Design System status-badge tone (``utrecht-status-badge--<tone>``) for a state or status value."""
    return _STATUS_TONES.get(str(status), "neutral")


@register.filter
def alert_type(level_tag: str) -> str:
    """The alert type (``utrecht-alert--<type>``) for a Django message's level tag."""
    return {"success": "ok", "warning": "warning", "error": "error"}.get(str(level_tag), "info")


@register.simple_tag
def inline_static(path: str) -> SafeString:
    """The text of one of the site's own static files (a stylesheet), for a document that must stand alone (a
    downloaded report, a PDF) and so cannot link to it."""
    found = finders.find(path)
    if not found or isinstance(found, list):
        raise template.TemplateSyntaxError(f"inline_static: no static file {path!r}")
    return mark_safe(Path(found).read_text(encoding="utf-8"))  # noqa: S308 - the project's own file
