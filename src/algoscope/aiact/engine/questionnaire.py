"""The questionnaire derived from the rules: it asks only the facts the outcome still depends on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .classify import Classification, evaluate
from .ruleset import SECTIONS, FactDef, Ruleset, load_ruleset
from .texts import Texts, texts_for


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    key: str
    section: str
    section_title: str
    type: str
    question: str
    help: str
    refs: tuple[str, ...]
    choices: tuple[Option, ...]
    min: int

    @property
    def has_none(self) -> bool:
        """Whether "none of these" is one of the choices (else the form adds it, meaning no value)."""
        return any(c.value == "none" for c in self.choices)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "section": self.section,
            "section_title": self.section_title,
            "type": self.type,
            "question": self.question,
            "help": self.help,
            "refs": list(self.refs),
            "choices": [{"value": c.value, "label": c.label, "refs": list(c.refs)} for c in self.choices],
            "min": self.min,
        }


@dataclass(frozen=True)
class Step:
    """The next questions to ask (one section at a time), or the classification once nothing is missing."""

    questions: tuple[Question, ...]
    needed: tuple[str, ...]
    answered: tuple[str, ...]
    classification: Classification | None

    @property
    def complete(self) -> bool:
        return self.classification is not None

    @property
    def section(self) -> str | None:
        return self.questions[0].section if self.questions else None


def question(fact: FactDef, texts: Texts) -> Question:
    return Question(
        key=fact.key,
        section=fact.section,
        section_title=texts(f"sections.{fact.section}"),
        type=fact.type,
        question=texts(f"facts.{fact.key}.question"),
        help=texts(f"facts.{fact.key}.help") if fact.help else "",
        refs=fact.refs,
        choices=tuple(Option(c.value, texts(f"facts.{fact.key}.choices.{c.value}"), c.refs) for c in fact.choices),
        min=fact.min,
    )


def all_questions(lang: str = "en", ruleset: Ruleset | None = None) -> list[Question]:
    rs = ruleset or load_ruleset()
    texts = texts_for(lang) if ruleset is None else Texts(rs, lang)
    return [question(f, texts) for f in rs.facts]


def next_step(
    facts: Mapping[str, Any],
    *,
    lang: str = "en",
    as_of: dt.date | None = None,
    legal_text: str | None = None,
    ruleset: Ruleset | None = None,
) -> Step:
    """The questions of the first section that still has a needed fact; bad facts raise ``FactsError``."""
    rs = ruleset or load_ruleset()
    state = evaluate(facts, as_of=as_of, legal_text=legal_text, ruleset=rs)
    texts = texts_for(lang) if ruleset is None else Texts(rs, lang)
    needed = [rs.fact(k) for k in state.needed]
    first = min((SECTIONS.index(f.section) for f in needed), default=None)
    asked = tuple(question(f, texts) for f in needed if first is not None and SECTIONS.index(f.section) == first)
    answered = tuple(f.key for f in rs.facts if f.key in facts)
    return Step(asked, tuple(state.needed), answered, state.classification)
