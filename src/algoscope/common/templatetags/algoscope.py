"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def alternate_languages(context: Any) -> list[tuple[str, str, str]]:
    """(language, name, absolute URL) of the current page in every language, for hreflang links."""
    request = context.get("request")
    if request is None:
        return []
    path = request.get_full_path()
    return [
        (code, str(name), request.build_absolute_uri(translate_url(path, code))) for code, name in settings.LANGUAGES
    ]
