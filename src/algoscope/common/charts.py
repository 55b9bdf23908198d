"""Horizontal bar charts for counts (the public overview): one bar per row, its label and its number, drawn on the
server as SVG with a title and description for screen readers; a page shows the data table beside it. Pure."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from html import escape

from algoscope.common.svg import frame

WIDTH = 560
ROW = 22
LABEL_WIDTH = 236
TOP = 8
MAX_LABEL = 30  # characters; the table beside the chart has the whole label
NARROW_WIDTH = 280  # a phone's chart: each label on its own line above its bar, at a readable size
NARROW_ROW = 36
NARROW_LABEL = 42


def _fill(colours: Sequence[str], index: int) -> str:
    return escape(colours[index]) if index < len(colours) and colours[index] else "#0b4f8a"


def _short(label: str, limit: int = MAX_LABEL) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _bars(
    rows: Sequence[tuple[str, int]], room: int, languages: Sequence[str], limit: int
) -> Iterator[tuple[int, str, int, int, str]]:
    """Each row's index, shortened and escaped label, count, bar length (scaled to the largest count, at least a
    pixel for a count above zero) and ``lang`` attribute, for either layout."""
    largest = max((count for _label, count in rows), default=0)
    for i, (label, count) in enumerate(rows):
        length = 0 if largest == 0 else max(1 if count else 0, round(room * count / largest))
        language = languages[i] if i < len(languages) else ""
        yield i, escape(_short(label, limit)), count, length, f' lang="{escape(language)}"' if language else ""


def bar_chart(
    title: str,
    description: str,
    rows: Sequence[tuple[str, int]],
    number: Callable[[int], str] = str,
    languages: Sequence[str] = (),
    colours: Sequence[str] = (),
) -> str:
    """``rows`` (label, count) as bars scaled to the largest count; ``number`` writes a count in the page's
    language; ``languages``, where given for a row, is its label's language when not the page's (a title);
    ``colours``, where given for a row, its bar's colour (a RAG grade's, at 3:1 or more against white).
    An empty ``rows`` draws the frame alone."""
    height = TOP * 2 + ROW * max(1, len(rows))
    body = []
    for i, label, count, length, lang in _bars(rows, WIDTH - LABEL_WIDTH - 70, languages, MAX_LABEL):
        y = TOP + i * ROW
        body.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end"{lang}>{label}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="{ROW - 8}" '
            f'fill="{_fill(colours, i)}"></rect>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 15}">{escape(number(count))}</text>'
        )
    return frame(title, description, WIDTH, height, body)


def narrow_bar_chart(
    title: str,
    description: str,
    rows: Sequence[tuple[str, int]],
    number: Callable[[int], str] = str,
    languages: Sequence[str] = (),
    colours: Sequence[str] = (),
) -> str:
    """The same bars for a phone: each label on its own line, its bar and number below, so that a 320-pixel screen
    shows the text at its size instead of shrinking a wide chart."""
    height = TOP * 2 + NARROW_ROW * max(1, len(rows))
    body = []
    for i, label, count, length, lang in _bars(rows, NARROW_WIDTH - 60, languages, NARROW_LABEL):
        y = TOP + i * NARROW_ROW
        body.append(
            f'<text x="0" y="{y + 12}"{lang}>{label}</text>'
            f'<rect x="0" y="{y + 17}" width="{length}" height="12" fill="{_fill(colours, i)}"></rect>'
            f'<text x="{length + 6}" y="{y + 27}">{escape(number(count))}</text>'
        )
    return frame(title, description, NARROW_WIDTH, height, body)
