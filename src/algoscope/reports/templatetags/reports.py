"""A report's texts and numbers on its pages and PDFs: ``{% rt value %}`` a snapshot text in the report's language
(marked with its own language when it has no translation), ``{% num value %}`` a number as the language writes it,
inside ``<data value="…">`` so that every language's rendering carries the same machine-readable figure, and
``value|label:"rag"`` the words for a code."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from algoscope.common.numbers import UNDEFINED, rounded
from algoscope.reports import presentation
from algoscope.reports.engine.texts import pick, pick_name

register = template.Library()


@register.simple_tag(takes_context=True)
def rt(context: template.Context, value: Any) -> SafeString:
    text, other = pick(value, str(context.get("report_language", "en")))
    if not text:
        return format_html("{}", "—")
    if other:
        return format_html('<span lang="{}">{}</span> <span class="lang-mark">({})</span>', other, text, other)
    return format_html("{}", text)


@register.simple_tag(takes_context=True)
def org(context: template.Context, value: Any) -> SafeString:
    """An organisation's name (a proper name: no mark when it is in another language, only its ``lang``)."""
    text, other = pick_name(value, str(context.get("report_language", "en")))
    if other:
        return format_html('<span lang="{}">{}</span>', other, text)
    return format_html("{}", text or "—")


@register.simple_tag
def num(value: Any, digits: int = 1) -> SafeString:
    """A whole number without decimals; any other with ``digits`` decimals (rounded half away from zero)."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return format_html("{}", UNDEFINED)
    whole = isinstance(value, int) or value.is_integer()
    shown = rounded(float(value), 0 if whole else digits, grouping=True)
    return format_html('<data value="{}">{}</data>', value, shown)


@register.filter
def label(value: Any, kind: str) -> str:
    return presentation.label(kind, value)


@register.filter
def period_name(value: Any) -> str:
    """``2026-Q3`` as the reader's language says it ("3e kwartaal 2026", "3e trimestre 2026")."""
    return presentation.period_name(str(value))
