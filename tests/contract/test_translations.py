"""The interface is translated into Dutch, French and German, completely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import algoscope

SRC = Path(algoscope.__file__).parent
LANGUAGES = ("nl", "fr", "de")


def catalogue(language: str) -> dict[str, str]:
    text = (SRC / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:"[^\n]*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:"[^\n]*"\n?)+)', block, re.M)
        if msgid and msgstr and "#, fuzzy" not in block:
            key = "".join(re.findall(r'"(.*)"', msgid.group(1))).replace('\\"', '"')
            if key:
                entries[key] = "".join(re.findall(r'"(.*)"', msgstr.group(1)))
    return entries


def marked_strings() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.html"):
        found |= set(re.findall(r'{% translate "([^"]+)"', path.read_text()))
    for path in SRC.rglob("*.py"):
        if "migrations" not in path.parts:
            found |= set(
                re.findall(r'\b(?:_|gettext|gettext_lazy|gettext_noop)\(\s*"([^"\\]+)"\s*\)', path.read_text())
            )
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated(language: str) -> None:
    entries = catalogue(language)
    assert len(entries) > 200
    assert sorted(k for k, v in entries.items() if not v) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_in_the_catalogue(language: str) -> None:
    missing = sorted(marked_strings() - set(catalogue(language)))
    assert missing == [], "run `algoscope makemessages -l nl -l fr -l de` in src/algoscope and translate"


@pytest.mark.parametrize(
    ("language", "text"),
    [("nl", "Zoeken in het register"), ("fr", "Rechercher dans le registre"), ("de", "Im Register suchen")],
)
def test_pages_are_served_in_the_language_of_the_url(client: Client, db, language: str, text: str) -> None:
    assert text in client.get(f"/{language}/").content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language: str) -> None:
    """Message templates are filled in after translation: a translation must name exactly the same values."""
    placeholder = re.compile(r"\{\w+(?:![rs])?\}|%\(\w+\)[sd]|%\(\w+\)\.\df")
    wrong = {
        key: value
        for key, value in catalogue(language).items()
        if value and sorted(set(placeholder.findall(key))) != sorted(set(placeholder.findall(value)))
    }
    assert wrong == {}


def test_a_colon_after_a_translated_label_is_part_of_the_translation() -> None:
    """French puts a space before a colon ("Modifier :"): a colon written after a translated label in a template
    ("{% translate 'Edit' %}:") comes out as "Modifier:", so the colon belongs in the message."""
    glued = [
        f"{path.relative_to(SRC)}: {match}"
        for path in SRC.rglob("*.html")
        for match in re.findall(r'{% translate "[^"]+" %}:', path.read_text())
    ]
    assert glued == []
    french = catalogue("fr")
    assert french["Edit:"] == "Modifier :" and french["Progress report:"].endswith(" :")
