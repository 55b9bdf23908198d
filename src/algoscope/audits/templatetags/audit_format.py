"""Numbers in audit reports: rates as percentages, ratios with two decimals, p-values readable."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pct(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{number_format(float(value) * 100, decimal_pos=digits)} %"


@register.filter
def num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    return str(number_format(float(value), decimal_pos=digits, force_grouping=True))


@register.filter
def pvalue(value: Any) -> str:
    if value is None:
        return "–"
    return "< 0.001" if float(value) < 0.001 else str(number_format(float(value), decimal_pos=3))


@register.filter
def get(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None
