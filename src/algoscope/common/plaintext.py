"""Plain text that people type and the site publishes (questions, proposals, names, a panel's recommendations):
what it must be before it is stored. Pure; each refusal names the field and the reason.

Such text is never read as HTML or Markdown and the pages escape it; these checks refuse what no honest text
contains (control characters, an empty text, more than the page can show) and, in one-line texts shown as names
and titles, the invisible formatting characters that make a text look like another (a right-to-left override turns
"gnp.exe" around; a zero-width space hides inside a name)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from algoscope.common.errors import InvalidInput, Problem
from algoscope.common.messages import gettext_noop as _
from algoscope.common.multilingual import LANGUAGES

ALLOWED_CONTROLS = {"\n", "\t"}
BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


def language_code(value: object, field: str = "language", allowed: Sequence[str] = LANGUAGES) -> str:
    """The language a text is written in: one of ``allowed`` (the site's four by default)."""
    if value not in allowed:
        template = _("the language must be one of {allowed}")
        raise InvalidInput([Problem((field,), "invalid", template, {"allowed": ", ".join(allowed)})])
    return str(value)


def clean_text(value: object, field: str, *, maximum: int, required: bool = True, one_line: bool = False) -> str:
    """The text as it will be stored: line ends made ``\\n``, spaces around trimmed, Unicode in NFC form (one line:
    runs of white space made one space). ``InvalidInput`` at ``field`` when it is not text, empty, too long, or holds
    a control character, a direction override, or (one line) any invisible formatting character."""
    if value is not None and not isinstance(value, str):
        raise InvalidInput([Problem((field,), "invalid", _("a text"))])
    text = unicodedata.normalize("NFC", (value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
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
        category = unicodedata.category(char)
        hidden = char in BIDI_CONTROLS or (one_line and category == "Cf")
        if (char not in ALLOWED_CONTROLS and category in ("Cc", "Cs", "Co")) or hidden:
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


# Letters and symbols that show nothing: Hangul fillers, the blank Braille pattern, Khmer's inherent vowels.
BLANK_GRAPHICS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5")


def visible(text: str) -> bool:
    """Whether ``text`` shows anything: at least one letter, digit, punctuation mark or symbol that is not blank.
    Spaces, invisible formatting characters (a zero-width space, a word joiner, a soft hyphen), combining marks
    alone, variation selectors, fillers, private-use and unassigned code points do not count."""
    return any(unicodedata.category(char)[0] in "LNPS" and char not in BLANK_GRAPHICS for char in text)
