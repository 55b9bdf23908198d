"""Numbers as the reader's language writes them: ``99,8 %`` in French, Dutch and German, ``99.8 %`` in English."""

from __future__ import annotations

import math

from django.utils.formats import number_format

UNDEFINED = "–"


def percent(value: float | None, digits: int = 1) -> str:
    """A proportion as a percentage in the active language (a no-break space before ``%``); "–" for none."""
    if value is None or not math.isfinite(value):
        return UNDEFINED
    return f"{number_format(value * 100, decimal_pos=digits)}\u00a0%"
