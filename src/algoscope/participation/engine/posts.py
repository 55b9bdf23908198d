"""How long a resident's post may be; the checks themselves are the site's plain-text rules (``common.plaintext``)."""

from __future__ import annotations

from algoscope.common.plaintext import clean_text

TITLE_MAX = 200
BODY_MAX = 5_000
ANSWER_MAX = 10_000
REASON_MAX = 2_000
NAME_MAX = 80

__all__ = ["ANSWER_MAX", "BODY_MAX", "NAME_MAX", "REASON_MAX", "TITLE_MAX", "clean_text"]
