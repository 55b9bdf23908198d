"""API schemas of the register. Shapes only; the rules (lengths, code lists, required fields) live in
``register.content`` and are applied by the services, so the API, the forms and the importers agree.
A contract test checks that ``AlgorithmContent`` has exactly the fields of ``content.FIELDS``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from algoscope.register.selectors import AlgorithmFilters

FACET_KEYS = (
    "organisation",
    "organisation_type",
    "country",
    "region",
    "policy_domain",
    "lifecycle_status",
    "publication_category",
    "content_language",
    "retired",
)  # the register's own facets; other apps' facets (the AI Act class, audits) are read from the query string

Lang = Literal["nl", "fr", "de", "en"]
Texts = dict[str, str]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class LinkSchema(Strict):
    title: str = ""
    link: str = ""


class AssessmentSchema(Strict):
    type: str = ""
    title: str = ""
    link: str = ""


class RiskSchema(Strict):
    risk: Texts = Field(default_factory=dict)
    mitigation: Texts = Field(default_factory=dict)


class AlgorithmContent(Strict):
    """A record's content. Texts are objects keyed by language: ``{"nl": "...", "fr": "..."}``."""

    original_language: str = Field("", description="nl, fr, de or en: the language the record was written in")
    name: Texts = Field(default_factory=dict)
    short_description: Texts = Field(default_factory=dict)
    department: Texts = Field(default_factory=dict)
    contact_email: str = ""
    contact_phone: str = ""
    policy_domains: list[str] = Field(default_factory=list)
    geography: Texts = Field(default_factory=dict)
    lifecycle_status: str = ""
    start_date: str = Field("", description="YYYY-MM")
    end_date: str = Field("", description="YYYY-MM")
    publication_category: str = ""
    more_info_url: str = ""
    source_register_url: str = ""
    purpose_and_impact: Texts = Field(default_factory=dict)
    decision_process: Texts = Field(default_factory=dict)
    proportionality: Texts = Field(default_factory=dict)
    alternatives: Texts = Field(default_factory=dict)
    human_oversight: Texts = Field(default_factory=dict)
    objection_procedure: Texts = Field(default_factory=dict)
    risks: list[RiskSchema] = Field(default_factory=list)
    legal_bases: list[LinkSchema] = Field(default_factory=list)
    legal_basis_notes: Texts = Field(default_factory=dict)
    impact_assessments: list[AssessmentSchema] = Field(default_factory=list)
    impact_assessment_notes: Texts = Field(default_factory=dict)
    processing_register_url: str = ""
    learning_type: str = ""
    analytics_type: str = ""
    data_description: Texts = Field(default_factory=dict)
    data_sources: list[LinkSchema] = Field(default_factory=list)
    methods_and_models: Texts = Field(default_factory=dict)
    supplier: str = ""
    source_code_url: str = ""
    keywords: list[str] = Field(default_factory=list)
    extensions: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="Fields of another standard that no field here holds, per standard: {standard: {field: text}}",
    )
    source_id: str = ""


class AlgorithmCreateIn(Strict):
    organisation: str | None = Field(None, description="Organisation id; defaults to the token's organisation")
    content: AlgorithmContent


class DraftReplaceIn(Strict):
    lock_version: int = Field(description="The lock_version you read; a newer one on the server is a conflict")
    content: AlgorithmContent


class DraftPatchIn(Strict):
    lock_version: int
    content: dict[str, object] = Field(description="Only the fields to change; texts per language merge")


class TransitionIn(Strict):
    lock_version: int | None = None


class PublishIn(TransitionIn):
    change_summary: str = ""


class ReasonIn(TransitionIn):
    reason: str


class AlgorithmFiltersQuery(Schema):
    organisation: str | None = Field(None, description="Organisation id")
    lifecycle_status: str | None = None
    publication_category: str | None = None
    policy_domain: str | None = None
    language: Lang | None = Field(None, description="Only records available in this language")
    retired: bool | None = None
    ordering: Literal["-published", "name"] = "-published"
    limit: int = Field(20, ge=1, le=100, description="At most 100; a larger value is refused")
    cursor: str | None = Field(None, description="next_cursor of the previous page")

    def to_filters(self) -> AlgorithmFilters:
        return AlgorithmFilters(
            organisation=self.organisation,
            lifecycle_status=self.lifecycle_status,
            publication_category=self.publication_category,
            policy_domain=self.policy_domain,
            language=self.language,
            retired=self.retired,
        )


class SearchQuery(Schema):
    q: str = Field("", description="Words to find, in any language version")
    sort: Literal["relevance", "name", "published"] = "relevance"
    language: Lang = Field("en", description="The reader's language for names and snippets")
    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = None
    organisation: list[str] = Field(default_factory=list)
    organisation_type: list[str] = Field(default_factory=list)
    country: list[str] = Field(default_factory=list)
    region: list[str] = Field(default_factory=list)
    policy_domain: list[str] = Field(default_factory=list)
    lifecycle_status: list[str] = Field(default_factory=list)
    publication_category: list[str] = Field(default_factory=list)
    content_language: list[str] = Field(default_factory=list)
    retired: list[str] = Field(default_factory=list)

    def facet_filters(self) -> dict[str, list[str]]:
        return {key: values for key in FACET_KEYS if (values := getattr(self, key))}


class SnippetSegment(Schema):
    text: str
    highlighted: bool


class SearchHitOut(Schema):
    id: str
    url: str
    name: str
    name_language: str
    name_segments: list[SnippetSegment]
    organisation: str
    organisation_name: str
    lifecycle_status: str
    publication_category: str
    version: int
    published_at: datetime
    retired: bool
    rank: float | None = Field(None, description="Lower is more relevant; null without a query")
    snippet: list[SnippetSegment]
    snippet_language: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    key: str
    label: str
    timed_out: bool
    values: list[FacetValueOut]


class SearchOut(Schema):
    q: str
    terms: list[str]
    sort: str
    total: int
    items: list[SearchHitOut]
    facets: list[FacetOut]
    next_cursor: str | None


class OrganisationRef(Schema):
    id: str
    identifier_scheme: str
    identifier: str
    name: Texts


class OrganisationOut(OrganisationRef):
    original_language: str
    type: str
    country: str
    parent: str | None
    website: str
    url: str
    published_algorithms: int


class AlgorithmOut(Schema):
    id: str
    url: str
    organisation: OrganisationRef
    version: int
    published_at: datetime
    first_published_at: datetime
    retired: bool
    retired_at: datetime | None
    retirement_reason: str
    languages: list[str]
    content: AlgorithmContent


class AlgorithmListOut(Schema):
    items: list[AlgorithmOut]
    next_cursor: str | None
    limit: int


class VersionOut(Schema):
    number: int
    published_at: datetime
    change_summary: str
    languages: list[str]
    content: AlgorithmContent
    parts: dict[str, Any] = Field(
        description="What other parts of the platform published with this version, by key: `ai_act` holds the ids "
        "of the complete AI Act assessment and FRIA and a copy of every obligations-checklist row"
    )


class VersionSummaryOut(Schema):
    number: int
    published_at: datetime
    change_summary: str


class ChangeOut(Schema):
    field: str
    language: str | None
    kind: Literal["added", "removed", "changed"]
    before: object
    after: object


class PartChangeOut(Schema):
    label: str
    before: str
    after: str


class DiffOut(Schema):
    id: str
    from_version: int
    to_version: int
    changes: list[ChangeOut]
    part_changes: list[PartChangeOut] = Field(
        description="What changed in what other parts of the platform published with the versions (the AI Act "
        "classification, FRIA and obligations), in the requested language"
    )


class DraftOut(Schema):
    id: str
    organisation: OrganisationRef
    state: str
    lock_version: int
    rejection_reason: str
    submitted_at: datetime | None
    published_version: int | None
    content: AlgorithmContent


class VersionCreatedOut(Schema):
    id: str
    version: int
    published_at: datetime
