"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import gettext

from algoscope.common.translation import HasMessage, Located
from algoscope.common.translation import localized as translated_message

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


@register.filter
def localized(item: HasMessage) -> str:
    """A problem's, finding's or note's message in the page's language: ``{{ finding|localized }}``."""
    return translated_message(item)


@register.filter
def located(finding: Located) -> str:
    """An import finding with where it is (file, line or record, field), in the page's language."""
    return f"{finding.where(gettext)}: {translated_message(finding)}"
