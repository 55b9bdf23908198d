"""API shapes of the AI Act classifier."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

Lang = Literal["nl", "fr", "de", "en"]


class FactsIn(Schema):
    facts: dict[str, Any] = Field(description="Fact keys and values; see GET /aiact/questions for every key")
    as_of: dt.date | None = Field(None, description="Evaluate application dates on this day (default: today)")
    legal_text: str | None = Field(None, description="Legal-text version, e.g. 2024/1689+omnibus-2026 (default)")
    language: Lang = Field("en", description="Language of titles and questions")


class OptionOut(Schema):
    value: str
    label: str
    refs: list[str]


class QuestionOut(Schema):
    key: str
    section: str
    section_title: str
    type: Literal["bool", "choice", "choices", "number", "date"]
    question: str
    help: str
    refs: list[str]
    choices: list[OptionOut]
    min: int


class TraceStepOut(Schema):
    rule: str
    title: str
    outcome: Literal["applies", "excepted"]
    refs: list[str]
    exception_refs: list[str]
    facts: list[tuple[str, str]]
    category: str | None
    legal_review: bool


class TransitionalOut(Schema):
    date: dt.date
    date_key: str
    refs: list[str]


class DutyOut(Schema):
    id: str
    role: str
    title: str
    refs: list[str]
    status: Literal["applies", "not_applicable"]
    kind: str
    applies_from: dt.date
    date_key: str
    date_refs: list[str]
    in_force: bool
    exception_refs: list[str]
    transitional: list[TransitionalOut]
    legal_review: bool
    section: str | None
    database: str | None


class RoleDutiesOut(Schema):
    role: str
    title: str
    duties: list[DutyOut]


class ClassificationOut(Schema):
    categories: list[str]
    category_titles: list[str]
    trace: list[TraceStepOut]
    obligations: dict[str, list[DutyOut]] = Field(description="Per role the organisation holds")
    obligations_by_role: list[RoleDutiesOut] = Field(description="The same, in role order, with translated role names")
    registrations: list[DutyOut]
    citations: list[str]
    roles: list[str]
    facts: dict[str, Any]
    unused_facts: list[str]
    as_of: dt.date
    legal_text: str
    ruleset_version: str
    legal_review_recommended: bool


class StepOut(Schema):
    complete: bool
    section: str | None
    questions: list[QuestionOut] = Field(description="The next questions, all from one section")
    needed: list[str] = Field(description="Every fact the outcome still depends on, in asking order")
    answered: list[str]
    result: ClassificationOut | None
