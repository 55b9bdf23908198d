"""API shapes of the AI Act classifier."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, field_validator

Lang = Literal["nl", "fr", "de", "en"]


class FactsIn(Schema):
    facts: dict[str, Any] = Field(
        description="Fact keys and values; see GET /aiact/questions for every key (at most 500)", max_length=500
    )
    as_of: dt.date | None = Field(
        None, description="Evaluate application dates on this day, YYYY-MM-DD (default: today)"
    )
    legal_text: str | None = Field(None, description="Legal-text version, e.g. 2024/1689+omnibus-2026 (default)")
    language: Lang = Field("en", description="Language of titles and questions")

    @field_validator("as_of", mode="before")
    @classmethod
    def _a_written_date(cls, value: Any) -> Any:
        """A day as the description says (YYYY-MM-DD), not a number that pydantic would read as a timestamp."""
        if value is not None and not isinstance(value, str | dt.date):
            raise ValueError("give the day as YYYY-MM-DD")
        return value


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
    outcome: Literal["applies", "excepted", "not_applicable"] = Field(
        description="applies; excepted (exception_refs say why); not_applicable: the answers rule it out "
        "(exception_refs name the provisions that say so, e.g. recital 59 or 61)"
    )
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
    ignored_facts: list[dict[str, str]] = Field(
        default_factory=list,
        description="Answers to questions that do not arise with the other answers: not used, with the reason",
    )
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


class AnnexPointOut(Schema):
    point: int
    label: str
    value: str | list[str] | None
    status: Literal["filled", "missing", "not_applicable"]
    source: str = Field(description="Where the value comes from, or why it is missing or not applicable")


class AnnexSectionOut(Schema):
    section: Literal["A", "B", "C"]
    registration: str
    title: str
    role: str
    refs: list[str]
    database: str | None
    applies_from: dt.date
    points: list[AnnexPointOut]
    missing: list[int] = Field(description="Points the organisation still has to supply before registering")


class AnnexAssessmentOut(Schema):
    assessed_on: dt.date | None
    categories: list[str]
    ruleset_version: str
    legal_text: str


class AnnexViiiOut(Schema):
    algorithm: str
    version: int
    assessment: AnnexAssessmentOut
    language: Lang
    sections: list[AnnexSectionOut]


class EvidenceIn(Schema):
    title: str = ""
    url: str


class EvidenceOut(Schema):
    title: str
    url: str


class ProgressIn(Schema):
    status: Literal["todo", "in_progress", "done", "not_applicable"]
    reason: str = Field("", description="Required when the status is not_applicable")
    evidence: list[EvidenceIn] = Field(default_factory=list, description="Links to documents that show the work")


class ChecklistItemOut(Schema):
    obligation: str
    role: str
    role_title: str
    title: str
    refs: list[str]
    kind: str
    applies_from: dt.date
    legal_status: Literal["applies", "not_applicable"]
    exception_refs: list[str]
    status: Literal["todo", "in_progress", "done", "not_applicable"]
    reason: str
    evidence: list[EvidenceOut]
    updated_by: str
    updated_at: dt.datetime | None
    overdue: bool


class ChecklistSummaryOut(Schema):
    total: int
    todo: int
    in_progress: int
    done: int
    not_applicable: int
    overdue: int
    voluntary: int = Field(0, description="Voluntary measures (codes of conduct, encouraged AI literacy): not counted")


class ChecklistOut(Schema):
    algorithm: str
    assessed_on: dt.date | None
    summary: ChecklistSummaryOut
    items: list[ChecklistItemOut]


class FriaElementOut(Schema):
    key: str
    refs: list[str]
    title: str
    answer: str | None = Field(description="Null when the organisation published the summary only")
    iama: list[str] = Field(description="The IAMA (FRAIA) questions this element covers")


class FriaOut(Schema):
    algorithm: str
    completed_on: dt.date
    summary: str
    notified_on: dt.date | None
    dpia_reference: str
    texts_language: str = Field(description="The language of the summary and answers; empty when not stated")
    published_in_full: bool
    form_version: str
    elements: list[FriaElementOut]
