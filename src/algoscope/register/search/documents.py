"""The search documents of a published version: one per language that has any text. Pure Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from algoscope.common.multilingual import LANGUAGES
from algoscope.register.content import FIELDS, Kind
from algoscope.register.search.text import join_texts


@dataclass(frozen=True)
class SearchDocument:
    language: str
    name: str
    summary: str
    body: str


def search_documents(content: Mapping[str, Any], organisation_names: Mapping[str, str]) -> list[SearchDocument]:
    """Name, short description and every other text of each language, with keywords, supplier and organisation."""
    titles = [
        item.get("title")
        for spec in FIELDS
        if spec.kind in (Kind.LINKS, Kind.ASSESSMENTS)
        for item in content.get(spec.key) or []
    ]
    shared = join_texts(
        [" ".join(content.get("keywords") or []), content.get("supplier"), content.get("source_id"), *titles]
    )
    documents = []
    for language in LANGUAGES:
        texts = []
        for spec in FIELDS:
            value = content.get(spec.key)
            if spec.key in ("name", "short_description") or not value:
                continue
            if spec.kind in (Kind.I18N_TEXT, Kind.I18N_MARKDOWN):
                texts.append(value.get(language))
            elif spec.kind is Kind.RISKS:
                for item in value:
                    texts += [item.get("risk", {}).get(language), item.get("mitigation", {}).get(language)]
        name = (content.get("name") or {}).get(language, "")
        summary = (content.get("short_description") or {}).get(language, "")
        body = join_texts(texts)
        if not (name or summary or body):  # no text of the record in this language
            continue
        org_name = organisation_names.get(language) or next(iter(organisation_names.values()), "")
        documents.append(SearchDocument(language, name, summary, join_texts([body, org_name, shared])))
    return documents
