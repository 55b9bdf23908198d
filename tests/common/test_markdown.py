"""Markdown through the sanitiser, with one converter per thread reused between texts and a cache of results."""

from __future__ import annotations

from algoscope.common.markdown import markdown_html, render_markdown


def test_a_reused_converter_carries_nothing_from_one_text_to_the_next() -> None:
    first = render_markdown("See [the rules][r].\n\n[r]: https://example.be/rules\n\nA footnote-like line.")
    assert '<a href="https://example.be/rules"' in first
    second = render_markdown("Now [the rules][r] without a definition.")
    assert "<a " not in second and "[the rules][r]" in second


def test_cached_results_keep_page_and_export_attributes_apart() -> None:
    text = "[x](https://example.be) <script>alert(1)</script>"
    page, export = render_markdown(text), markdown_html(text)
    assert 'rel="noopener noreferrer nofollow"' in page and "rel=" not in export
    assert "<script>" not in page and "<script>" not in export
    assert render_markdown(text) == page and markdown_html(text) == export
    assert render_markdown("") == "" and render_markdown(None) == ""  # type: ignore[arg-type]
