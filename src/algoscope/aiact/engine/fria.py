"""The fundamental-rights impact assessment (Art. 27) as a form cross-referenced to the Dutch IAMA. Pure Python.

``fria.yaml`` lists the elements of Art. 27(1)(a)-(f); ``iama.yaml`` the IAMA questions they map to. A draft may
leave elements empty; a complete FRIA answers every element and has a summary (Annex VIII Section C point 4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from algoscope.common.errors import Problem

from .errors import FriaError

MAX_ANSWER = 20_000
MAX_SUMMARY = 4_000
# Obligations whose presence in a classification means the deployer must carry out a FRIA.
FRIA_OBLIGATIONS = ("fundamental_rights_impact_assessment", "rbi_fria_and_registration")


@dataclass(frozen=True)
class IamaQuestion:
    id: str
    topic: Mapping[str, str]
    question: Mapping[str, str]

    def text(self, lang: str) -> tuple[str, str]:
        """Topic and question in ``lang`` where the IAMA has it (Dutch and English), else English."""
        pick = self.language(lang)
        return self.topic[pick], self.question[pick]

    def language(self, lang: str) -> str:
        """The language the question is shown in for a reader of ``lang``."""
        return lang if lang in self.question else "en"


@dataclass(frozen=True)
class Element:
    key: str
    refs: tuple[str, ...]
    iama: tuple[IamaQuestion, ...]
    title: Mapping[str, str]
    prompt: Mapping[str, str]


@dataclass(frozen=True)
class FriaForm:
    version: str
    elements: tuple[Element, ...]
    iama_source: str

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(e.key for e in self.elements)


def _data(name: str) -> Any:
    return yaml.safe_load((Path(__file__).parent / "data" / name).read_text("utf-8"))


@cache
def fria_form() -> FriaForm:
    iama = _data("iama.yaml")
    questions = {qid: IamaQuestion(qid, q["topic"], q["question"]) for qid, q in iama["questions"].items()}
    raw = _data("fria.yaml")
    elements = tuple(
        Element(e["key"], tuple(e["refs"]), tuple(questions[q] for q in e["iama"]), e["title"], e["prompt"])
        for e in raw["elements"]
    )
    return FriaForm(str(raw["version"]), elements, iama["source"])


def fria_required(classification: Mapping[str, Any]) -> bool:
    """Whether a classification (``Classification.as_dict()`` or a stored result) obliges the deployer to do one."""
    duties = classification.get("obligations", {}).get("deployer", [])
    return any(d["id"] in FRIA_OBLIGATIONS and d["status"] == "applies" for d in duties)


@dataclass(frozen=True)
class FriaInput:
    answers: dict[str, str]
    summary: str
    notified_on: dt.date | None  # the market-surveillance authority was notified (Art. 27(3))
    dpia_reference: str  # the DPIA this FRIA complements (Art. 27(4)), if any


def fria_clean(
    answers: Mapping[str, Any],
    *,
    summary: str = "",
    notified_on: str | dt.date | None = None,
    dpia_reference: str = "",
    complete: bool,
) -> FriaInput:
    """Check a FRIA: unknown elements, over-long texts, a bad date; when ``complete``, nothing may be left empty."""
    form = fria_form()
    problems: list[Problem] = []
    for key in answers:
        if key not in form.keys:
            message = f"unknown FRIA element {key!r}; known: {', '.join(form.keys)}"
            problems.append(Problem(("answers", key), "unknown-element", message))
    clean: dict[str, str] = {}
    for element in form.elements:
        text = str(answers.get(element.key) or "").strip()
        if len(text) > MAX_ANSWER:
            problems.append(Problem(("answers", element.key), "too-long", f"at most {MAX_ANSWER} characters"))
        if complete and not text:
            refs = ", ".join(element.refs)
            message = f"required before the FRIA is complete: {element.title['en']} ({refs})"
            problems.append(Problem(("answers", element.key), "required", message))
        clean[element.key] = text
    summary = summary.strip()
    if len(summary) > MAX_SUMMARY:
        problems.append(Problem(("summary",), "too-long", f"at most {MAX_SUMMARY} characters"))
    if complete and not summary:
        problems.append(Problem(("summary",), "required", "write the summary of the findings (Annex VIII C.4)"))
    day: dt.date | None = None
    if isinstance(notified_on, dt.date):
        day = notified_on
    elif notified_on:
        try:
            day = dt.date.fromisoformat(str(notified_on))
        except ValueError:
            problems.append(Problem(("notified_on",), "invalid-date", f"not a date (YYYY-MM-DD): {notified_on!r}"))
    if len(dpia_reference) > 500:
        problems.append(Problem(("dpia_reference",), "too-long", "at most 500 characters"))
    if problems:
        raise FriaError(problems)
    return FriaInput(clean, summary, day, dpia_reference.strip())
