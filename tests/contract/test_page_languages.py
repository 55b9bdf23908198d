"""Every page type in Dutch, French and German shows no interface text left in English: each page's visible text
(outside record content, which keeps its own language and says so with ``lang``) is searched for every English
message of the catalogue whose translation differs. The whole demo; public pages and the people's pages."""

from __future__ import annotations

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

LOCALE = Path(__file__).resolve().parents[2] / "src/algoscope/locale"
# <title> too: it names the page's subject (a record's or panel's own title), and HTML cannot mark a part of it
# with its language; the interface words of a title are the page's heading, which is checked.
SKIPPED = {"script", "style", "code", "pre", "textarea", "option", "title"}


class VisibleText(HTMLParser):
    """The text a reader sees in the page's language: not inside scripts, code, or an element in another
    language (``lang``), nor attribute values."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language, self.stack, self.parts = language, [], []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        hidden = tag in SKIPPED or (lang is not None and not lang.startswith(self.language))
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def english_messages(language: str) -> list[str]:
    """Interface messages of at least two words, without placeholders or markup, that the language translates
    differently (from the compiled catalogue the site uses)."""
    with (LOCALE / language / "LC_MESSAGES/django.mo").open("rb") as handle:
        catalogue: dict[Any, str] = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    out = []
    for key, translated in catalogue.items():
        if not isinstance(key, str) or not key or "\x04" in key or re.search(r"[{}%<>]", key):
            continue  # plural forms, the header, messages with a context, templates with values or markup
        text = " ".join(key.split())
        if len(text.split()) >= 2 and translated and translated != key:
            out.append(text)
    return out


def _pages() -> tuple[list[str], dict[str, list[str]]]:
    from tests.e2e.test_layout import _pages as layout_pages

    return layout_pages()


@pytest.mark.slow
@pytest.mark.django_db
def test_no_interface_text_is_left_in_english(settings: Any) -> None:
    from django.contrib.auth import get_user_model

    settings.DEBUG = True  # the demo loads only in development
    call_command("load_demo", verbosity=0)
    public, signed_in = _pages()
    left: list[tuple[str, str]] = []
    for language in ("nl", "fr", "de"):
        messages = english_messages(language)
        pages = [(None, url.format(l=language)) for url in public] + [
            (user, url.format(l=language) if "{l}" in url else f"{url}?language={language}")
            for user, urls in signed_in.items()
            for url in urls
        ]
        found = 0
        for username, url in pages:
            client = Client()
            if username:
                client.force_login(get_user_model().objects.get(username=username))
            response = client.get(url)
            assert response.status_code == 200, url
            parser = VisibleText(language)
            parser.feed(response.content.decode())
            text = parser.text()
            seen = [(url, message) for message in messages if message in text]
            found += len(seen)
            left += seen
        print(f"{language}: {len(pages)} pages, {len(messages)} messages looked for, {found} left in English")
    assert not left, left
