"""The rule set's words in nl, fr and de: ``data/locale/<lang>.yaml``, keyed like ``facts.<key>.question``.

English lives in the rule files themselves; a test checks that every English text has its three translations.
"""

from __future__ import annotations

from functools import cache

import yaml

from .ruleset import DATA, Ruleset, load_ruleset

LANGUAGES = ("en", "nl", "fr", "de")
SECTION_TITLES = {
    "system": "Is it an AI system?",
    "roles": "Your role",
    "scope": "Scope of the AI Act",
    "prohibited": "Prohibited practices",
    "high_risk": "High-risk uses",
    "transparency": "Transparency",
    "gpai": "General-purpose AI models",
    "context": "Use and dates",
}
ROLE_TITLES = {
    "provider": "provider",
    "deployer": "deployer",
    "importer": "importer",
    "distributor": "distributor",
    "authorised_representative": "authorised representative",
}
CATEGORY_TITLES = {
    "not_ai_system": "Not an AI system",
    "excluded": "Outside the AI Act",
    "prohibited": "Prohibited practice",
    "high_risk_annex_i": "High-risk (Annex I product)",
    "high_risk_annex_iii": "High-risk (Annex III use)",
    "not_high_risk_art6_3": "Not high-risk under Article 6(3)",
    "transparency": "Transparency obligations",
    "minimal": "Minimal risk",
    "gpai_model": "General-purpose AI model",
    "gpai_model_systemic_risk": "General-purpose AI model with systemic risk",
}


def english(ruleset: Ruleset) -> dict[str, str]:
    """Every translatable text of the rule set, by key."""
    texts: dict[str, str] = {}
    for fact in ruleset.facts:
        texts[f"facts.{fact.key}.question"] = fact.question
        if fact.help:
            texts[f"facts.{fact.key}.help"] = fact.help
        for choice in fact.choices:
            texts[f"facts.{fact.key}.choices.{choice.value}"] = choice.label
    texts.update({f"rules.{r.id}": r.title for r in ruleset.rules if r.show or r.category})
    texts.update({f"obligations.{o.id}": o.title for o in ruleset.obligations})
    texts.update({f"registrations.{r.id}": r.title for r in ruleset.registrations})
    texts.update({f"dates.{d.key}": d.title for d in ruleset.dates})
    texts.update({f"legal_texts.{t.id}": t.title for t in ruleset.legal_texts})
    texts.update({f"sections.{k}": v for k, v in SECTION_TITLES.items()})
    texts.update({f"categories.{k}": v for k, v in CATEGORY_TITLES.items()})
    texts.update({f"roles.{k}": v for k, v in ROLE_TITLES.items()})
    return texts


@cache
def catalogue(lang: str) -> dict[str, str]:
    if lang == "en" or lang not in LANGUAGES:
        return {}
    path = DATA / "locale" / f"{lang}.yaml"
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return {str(k): str(v) for k, v in (loaded or {}).items()}


class Texts:
    """Look up a text in one language, falling back to English."""

    def __init__(self, ruleset: Ruleset, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "en"
        self._english = english(ruleset)
        self._local = catalogue(self.lang)

    def __call__(self, key: str) -> str:
        return self._local.get(key) or self._english.get(key, key)


@cache
def texts_for(lang: str) -> Texts:
    """The shipped rule set's texts in ``lang`` (built once per language and process)."""
    return Texts(load_ruleset(), lang)
