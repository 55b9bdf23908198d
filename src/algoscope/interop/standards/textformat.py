"""Converting texts between the register (Markdown) and the standards (HTML, plain text), and dates. Pure Python.

The Dutch register stores its long texts as HTML limited to ``div, br, p, ul, ol, li``. ``html_to_markdown`` and
``markdown_to_html`` convert both ways so that exporting, importing and exporting again gives the same HTML: the
conversion is a fixed point after one round.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

from algoscope.common.markdown import markdown_html
from algoscope.common.messages import Text
from algoscope.common.messages import gettext_noop as _

NL_TAGS = frozenset({"div", "br", "p", "ul", "ol", "li"})
_BLOCKS = {"p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr"}
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_LINE_START_SPECIAL = re.compile(r"^(\s*)([-+*#>]|\d+[.)])(\s)")


def _escape_inline(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<])", r"\\\1", text)


class _ToMarkdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.lists: list[list[int | None]] = []  # per open list: [counter] (None for a bulleted list)
        self.prefix = ""
        self.link: str | None = None
        self.link_text: list[str] = []
        self.hidden = 0  # inside <script> or <style>: their content is code, never text

    def _flush(self) -> None:
        text = "".join(self.current)
        lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            text = "\n".join(_LINE_START_SPECIAL.sub(r"\1\\\2\3", line) for line in text.split("\n"))
            self.blocks.append(self.prefix + text.replace("\n", "\n" + " " * len(self.prefix)))
        self.current = []
        self.prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append([0 if tag == "ol" else None])
        elif tag == "li":
            self._flush()
            depth = max(len(self.lists) - 1, 0)
            counter = self.lists[-1] if self.lists else [None]
            if counter[0] is None:
                marker = "- "
            else:
                counter[0] += 1
                marker = f"{counter[0]}. "
            self.prefix = "    " * depth + marker
        elif tag in _BLOCKS:
            self._flush()
        elif tag == "br":
            self.current.append("\n")
        elif tag in ("strong", "b"):
            self.current.append("**")
        elif tag in ("em", "i"):
            self.current.append("*")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith(("http://", "https://", "mailto:")):
                self.link, self.link_text = href, []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag in _BLOCKS:
            self._flush()
        elif tag in ("strong", "b"):
            self.current.append("**")
        elif tag in ("em", "i"):
            self.current.append("*")
        elif tag == "a" and self.link is not None:
            text = "".join(self.link_text).strip()
            self.current.append(f"[{text}]({self.link})" if text else self.link)
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.link is not None:
            self.link_text.append(_escape_inline(data))
        else:
            self.current.append(_escape_inline(data))

    def markdown(self) -> str:
        self._flush()
        out: list[str] = []
        for block in self.blocks:
            # List items of one list stay together; other blocks are separated by a blank line.
            is_item = bool(re.match(r"^\s*(-|\d+\.) ", block))
            if out and not (is_item and re.match(r"^\s*(-|\d+\.) ", out[-1].rsplit("\n", 1)[-1])):
                out.append("")
            out.append(block)
        return "\n".join(out).replace("****", "").strip()


def html_to_markdown(value: str) -> str:
    """HTML (as the Dutch register stores it) → Markdown; unknown tags are dropped, their text kept."""
    if "<" not in value and "&" not in value:
        paragraphs = re.split(r"\n\s*\n", value.strip())
        lines = ("\n".join(" ".join(line.split()) for line in p.split("\n") if line.strip()) for p in paragraphs)
        return "\n\n".join(p for p in lines if p)
    parser = _ToMarkdown()
    parser.feed(value)
    parser.close()
    return parser.markdown()


def html_to_text(value: str) -> str:
    """One line of text from a value that may hold HTML (names, short descriptions, tags)."""
    if "<" in value or "&" in value:
        value = re.sub(r"<(script|style)\b[^>]*>.*?</\1\s*>", " ", value, flags=re.S | re.I)  # code, not text
        value = re.sub(r"<[^>]*>", " ", value)
        value = html.unescape(value)
    return _SPACE.sub(" ", value).strip()


_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.S)


def markdown_to_html(text: str) -> str:
    """Markdown → HTML with only the Dutch register's tags; a link becomes "text (address)"."""
    if not text.strip():
        return ""
    rendered = markdown_html(text)

    def link(match: re.Match[str]) -> str:
        href, label = html.unescape(match.group(1)), match.group(2)
        return html.escape(href) if html.unescape(re.sub("<[^>]*>", "", label)) == href else f"{label} ({href})"

    rendered = _LINK.sub(link, rendered)
    rendered = re.sub(
        r"</?(strong|em|b|i|code|pre|blockquote|h[1-6]|hr|table|thead|tbody|tr|th|td)\b[^>]*>", "", rendered
    )
    rendered = re.sub(r">\s+<", "><", rendered.strip())
    return rendered


# Dates ------------------------------------------------------------------------------------------------------------

_MONTHS = {
    **{
        m: i
        for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
    },
    **{
        m: i
        for i, m in enumerate(["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"], 1)
    },
    **{
        m: i
        for i, m in enumerate(
            ["janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"], 1
        )
    },
    "maa": 3,
    "mär": 3,
    "okt": 10,
    "dez": 12,
    "sept": 9,
}
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class DateProblem(ValueError):
    """A value that is not a date or month; ``text`` says why (translatable)."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


def _is_day(year: int, month: int, day: str | None) -> bool:
    """Whether a full date's day exists (31 February does not: such a value is not read as a month)."""
    if day is None:
        return True
    try:
        dt.date(year, month, int(day))
    except ValueError:
        return False
    return True


def parse_month(value: str) -> tuple[str, Text | None]:
    """``YYYY-MM`` from what people and spreadsheets write; returns (month, a notice of how it was read or None)."""
    value = value.strip()
    if not value:
        return "", None
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        return value, None
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ][\d:.]+Z?)?", value):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and _is_day(year, month, m.group(3)):
            month_text = f"{year:04d}-{month:02d}"
            return month_text, Text(
                _("{value!r} read as {month} (a full date; the month is kept)"), value=value, month=month_text
            )
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= month <= 12 and _is_day(year, month, str(day)):
            month_text = f"{year:04d}-{month:02d}"
            return month_text, Text(_("{value!r} read day first, as {month}"), value=value, month=month_text)
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{4})", value):
        month, year = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            month_text = f"{year:04d}-{month:02d}"
            return month_text, Text(_("{value!r} read as {month}"), value=value, month=month_text)
    if m := re.fullmatch(r"([A-Za-zéèû]{3,5})\.?[ -/](\d{2}|\d{4})", value):
        named = _MONTHS.get(m.group(1).casefold().rstrip("."))
        year = int(m.group(2))
        year = year + 2000 if year < 100 else year
        if named:
            month_text = f"{year:04d}-{named:02d}"
            return month_text, Text(
                _("{value!r} (a spreadsheet's month format) read as {month}"), value=value, month=month_text
            )
    if re.fullmatch(r"\d{5}(\.0+)?", value):
        serial = _EXCEL_EPOCH + dt.timedelta(days=int(float(value)))
        if 1990 <= serial.year <= 2100:
            notice = _("{value!r} is a spreadsheet's day number: {date}, month {month}")
            return f"{serial:%Y-%m}", Text(notice, value=value, date=serial.isoformat(), month=f"{serial:%Y-%m}")
    raise DateProblem(Text(_("{value!r} is not a month; write it as YYYY-MM, e.g. 2024-03"), value=value))


def parse_date(value: str) -> str:
    """``YYYY-MM-DD`` from an ISO date or date-time; ``DateProblem`` otherwise."""
    value = value.strip()
    if not value:
        return ""
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ][\d:.+\-Z]*)?", value):
        try:
            return dt.date.fromisoformat(m.group(1)).isoformat()
        except ValueError:
            pass
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value):
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            pass
    raise DateProblem(Text(_("{value!r} is not a date; write it as YYYY-MM-DD"), value=value))
