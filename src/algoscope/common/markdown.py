"""Markdown for long texts, always through a sanitiser: what an editor types can never run in a reader's page."""

from __future__ import annotations

import markdown as md
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def _render(text: str, attributes: dict[str, set[str]], link_rel: str | None) -> str:
    html = md.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=attributes, url_schemes={"http", "https", "mailto"}, link_rel=link_rel
    )


def render_markdown(text: str) -> str:
    """Markdown → sanitised HTML. Raw HTML in the input is escaped or stripped, links get ``rel=noopener``."""
    return _render(text, ALLOWED_ATTRIBUTES, "noopener noreferrer nofollow")


def markdown_html(text: str) -> str:
    """Markdown → sanitised HTML without link attributes other than the address: for exports to other registers."""
    return _render(text, {"a": {"href"}}, None)
