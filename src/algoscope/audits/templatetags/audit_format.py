"""Numbers in audit reports, in the reader's language: rates as percentages, differences in percentage points,
ratios with the digits their flag needs, p-values readable. "–" marks a number that does not exist."""

from __future__ import annotations

from typing import Any

from django import template

from algoscope.audits import report
from algoscope.common import numbers

register = template.Library()


@register.filter
def pct(value: Any, digits: int = 1) -> str:
    return report.percent(None if value is None else float(value), digits)


@register.filter
def pp(value: Any) -> str:
    return str(report.points(None if value is None else float(value)))


@register.filter
def ratio(value: Any) -> str:
    return report.ratio(None if value is None else float(value))


@register.filter
def num(value: Any, digits: int = 2) -> str:
    if value is None:
        return report.UNDEFINED_MARK
    return numbers.rounded(float(value), digits, grouping=True)


@register.filter
def pvalue(value: Any) -> str:
    if value is None:
        return report.UNDEFINED_MARK
    if float(value) < 0.001:
        return f"< {numbers.rounded(0.001, 3)}"
    return numbers.rounded(float(value), 3)


@register.filter
def get(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None
