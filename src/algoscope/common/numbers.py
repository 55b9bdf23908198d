"""Numbers as the reader's language writes them: ``99,8 %`` in French, Dutch and German, ``99.8 %`` in English."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

UNDEFINED = "–"


def percent(value: float | None, digits: int = 1) -> str:
    """A proportion as a percentage in the active language (a no-break space before ``%``); "–" for none."""
    if value is None or not math.isfinite(value):
        return UNDEFINED
    return f"{rounded(value * 100, digits)}\u00a0%"


def rounded(value: float, digits: int, grouping: bool = False) -> str:
    """``value`` rounded (half away from zero, as people round) to ``digits`` decimals in the active language.
    Django's ``number_format`` cuts extra decimals off instead of rounding (1.2508 → "1.250"), so round first."""
    exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return str(number_format(exact, decimal_pos=digits, force_grouping=grouping))
