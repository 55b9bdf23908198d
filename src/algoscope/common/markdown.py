"""Markdown for long texts, always through a sanitiser: what an editor types can never run in a reader's page."""

from __future__ import annotations

import functools
import threading

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


EXPORT_ATTRIBUTES = {"a": {"href"}}
_converters = threading.local()


def _to_html(text: str) -> str:
    """One converter per thread, reset before each text: building one (its extensions) costs a third of a text."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = md.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    return converter.reset().convert(text)


KEPT_CHARS = 64 * 1024  # longer texts are rendered each time: the cache stays a few tens of megabytes at most


def _render_kept(text: str, for_export: bool) -> str:
    return _render_cached(text, for_export) if len(text) <= KEPT_CHARS else _render(text, for_export)


def _render(text: str, for_export: bool) -> str:
    """Markdown to sanitised HTML. Kept (``_render_kept``): a record's pages in several languages often show the same
    text, in its original language."""
    attributes, link_rel = (
        (EXPORT_ATTRIBUTES, None) if for_export else (ALLOWED_ATTRIBUTES, "noopener noreferrer nofollow")
    )
    return nh3.clean(
        _to_html(text),
        tags=ALLOWED_TAGS,
        attributes=attributes,
        url_schemes={"http", "https", "mailto"},
        link_rel=link_rel,
    )


_render_cached = functools.lru_cache(maxsize=1024)(_render)


def render_markdown(text: str) -> str:
    """Markdown → sanitised HTML. Raw HTML in the input is escaped or stripped, links get ``rel=noopener``."""
    return _render_kept(text or "", False)


def markdown_html(text: str) -> str:
    """Markdown → sanitised HTML without link attributes other than the address: for exports to other registers."""
    return _render_kept(text or "", True)
