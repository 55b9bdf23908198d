"""Horizontal bar charts for counts (the public overview): one bar per row, its label and its number, drawn on the
server as SVG with a title and description for screen readers; a page shows the data table beside it. Pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from algoscope.common.svg import frame

WIDTH = 560
ROW = 22
LABEL_WIDTH = 236
TOP = 8
MAX_LABEL = 30  # characters; the table beside the chart has the whole label


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def bar_chart(
    title: str,
    description: str,
    rows: Sequence[tuple[str, int]],
    number: Callable[[int], str] = str,
    languages: Sequence[str] = (),
) -> str:
    """``rows`` (label, count) as bars scaled to the largest count; ``number`` writes a count in the page's
    language; ``languages``, where given for a row, is its label's language when not the page's (a title).
    An empty ``rows`` draws the frame alone."""
    height = TOP * 2 + ROW * max(1, len(rows))
    largest = max((count for _label, count in rows), default=0)
    room = WIDTH - LABEL_WIDTH - 70
    body = []
    for i, (label, count) in enumerate(rows):
        y = TOP + i * ROW
        length = 0 if largest == 0 else max(1 if count else 0, round(room * count / largest))
        language = languages[i] if i < len(languages) else ""
        lang = f' lang="{escape(language)}"' if language else ""
        body.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end"{lang}>{escape(_short(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="{ROW - 8}" fill="#0b4f8a"></rect>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 15}">{escape(number(count))}</text>'
        )
    return frame(title, description, WIDTH, height, body)
