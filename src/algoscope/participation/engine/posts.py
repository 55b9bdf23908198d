"""What a resident's post must be before it is stored: pure checks, each refusal naming the field and the reason.

A post is plain text: it is never read as HTML or Markdown, and the pages escape it; these checks refuse what no
honest post contains (control characters, an empty text, a text longer than the page can show) so that nothing
half-usable is stored."""

from __future__ import annotations

import unicodedata

from algoscope.common.errors import InvalidInput, Problem
from algoscope.common.messages import gettext_noop as _

TITLE_MAX = 200
BODY_MAX = 5_000
ANSWER_MAX = 10_000
REASON_MAX = 2_000
NAME_MAX = 80
ALLOWED_CONTROLS = {"\n", "\t"}


def clean_text(value: object, field: str, *, maximum: int, required: bool = True, one_line: bool = False) -> str:
    """The text as it will be stored: line ends made ``\\n``, spaces around trimmed, Unicode in NFC form (one line:
    runs of white space made one space). ``InvalidInput`` at ``field`` when it is empty, too long, or holds an
    invisible control character."""
    if value is not None and not isinstance(value, str):
        raise InvalidInput([Problem((field,), "invalid", _("a text"))])
    text = value or ""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if one_line:
        text = " ".join(text.split())
    if not text:
        if required:
            raise InvalidInput([Problem((field,), "required", _("this cannot be empty"))])
        return ""
    if len(text) > maximum:
        template = _("at most {limit} characters (got {length})")
        raise InvalidInput([Problem((field,), "too-long", template, {"limit": maximum, "length": len(text)})])
    for position, char in enumerate(text):
        if char not in ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs", "Co"):
            template = _("an invisible control character ({code}) at position {position}")
            raise InvalidInput(
                [
                    Problem(
                        (field,),
                        "control-character",
                        template,
                        {"code": f"U+{ord(char):04X}", "position": position + 1},
                    )
                ]
            )
    return text
