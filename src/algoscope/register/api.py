"""The register's JSON API: public reads of published records; writes with an organisation's API token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Query, Router, Status

from algoscope.accounts.api_auth import token_actor, token_auth
from algoscope.accounts.models import Organisation
from algoscope.common import public_cache
from algoscope.common.errors import InvalidInput, NotFound, PermissionDenied
from algoscope.register import selectors, services
from algoscope.register.content import merge_content
from algoscope.register.diff import diff_content
from algoscope.register.facets import all_facets
from algoscope.register.models import Algorithm, AlgorithmVersion
from algoscope.register.publication_parts import part_changes
from algoscope.register.schemas import (
    FACET_KEYS,
    AlgorithmCreateIn,
    AlgorithmFiltersQuery,
    AlgorithmListOut,
    AlgorithmOut,
    DiffOut,
    DraftOut,
    DraftPatchIn,
    DraftReplaceIn,
    Lang,
    OrganisationOut,
    PublishIn,
    ReasonIn,
    SearchOut,
    SearchQuery,
    TransitionIn,
    VersionCreatedOut,
    VersionOut,
    VersionSummaryOut,
)
from algoscope.register.search.selector import SearchHit, SearchResult, algorithm_search, clean_filters


def _org_ref(organisation: Organisation) -> dict[str, Any]:
    return {
        "id": organisation.slug,
        "identifier_scheme": organisation.identifier_scheme,
        "identifier": organisation.identifier,
        "name": organisation.name,
    }


def algorithm_out(request: HttpRequest, algorithm: Algorithm) -> dict[str, Any]:
    """A public record as the API and the downloads show it; ``algorithm`` comes from ``algorithm_public_queryset``."""
    version = algorithm.published_version
    assert version is not None
    return {
        "id": algorithm.public_id,
        "url": request.build_absolute_uri(algorithm.get_absolute_url()),
        "organisation": _org_ref(algorithm.organisation),
        "version": version.number,
        "published_at": version.published_at,
        "first_published_at": algorithm.first_published_at,
        "retired": algorithm.retired_at is not None,
        "retired_at": algorithm.retired_at,
        "retirement_reason": algorithm.retirement_reason,
        "languages": version.languages,
        "content": version.content,
    }


def _version_out(version: AlgorithmVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "published_at": version.published_at,
        "change_summary": version.change_summary,
        "languages": version.languages,
        "content": version.content,
        "parts": version.parts,
    }


def _draft_out(algorithm: Algorithm) -> dict[str, Any]:
    return {
        "id": algorithm.public_id,
        "organisation": _org_ref(algorithm.organisation),
        "state": algorithm.state,
        "lock_version": algorithm.lock_version,
        "rejection_reason": algorithm.rejection_reason,
        "submitted_at": algorithm.submitted_at,
        "published_version": algorithm.published_version.number if algorithm.published_version else None,
        "content": algorithm.content,
    }


algorithms = Router(tags=["algorithms"])
organisations = Router(tags=["organisations"])


@algorithms.get("/", response=AlgorithmListOut, operation_id="algorithms_list")
def algorithms_list(
    request: HttpRequest,
    filters: Query[AlgorithmFiltersQuery],
) -> dict[str, Any]:
    """Published records, newest publication first (or by name), with cursor pagination."""
    page = selectors.algorithm_list_public(
        filters=filters.to_filters(), ordering=filters.ordering, limit=filters.limit, cursor=filters.cursor
    )
    return {
        "items": [algorithm_out(request, a) for a in page.items],
        "next_cursor": page.next_cursor,
        "limit": page.limit,
    }


@algorithms.get("/{algorithm_id}", response=AlgorithmOut, operation_id="algorithms_get", url_name="algorithms_get")
def algorithms_get(request: HttpRequest, algorithm_id: str) -> dict[str, Any]:
    """The latest published version of a record. Unpublished records are not found."""
    return algorithm_out(request, selectors.algorithm_get_public(algorithm_id))


@algorithms.get("/{algorithm_id}/versions", response=list[VersionSummaryOut], operation_id="versions_list")
def versions_list(request: HttpRequest, algorithm_id: str) -> list[AlgorithmVersion]:
    return selectors.algorithm_versions(selectors.algorithm_get_public(algorithm_id))


@algorithms.get("/{algorithm_id}/versions/{number}", response=VersionOut, operation_id="versions_get")
def versions_get(request: HttpRequest, algorithm_id: str, number: int) -> dict[str, Any]:
    algorithm = selectors.algorithm_get_public(algorithm_id)
    return _version_out(selectors.algorithm_version_get(algorithm, number))


@algorithms.get("/{algorithm_id}/diff", response=DiffOut, operation_id="versions_diff")
def versions_diff(
    request: HttpRequest,
    algorithm_id: str,
    from_version: Query[int],
    to_version: Query[int],
    language: Query[Lang] = "en",
) -> dict[str, Any]:
    """What changed between two published versions, field by field and language by language, and in what other
    parts of the platform published with them (``part_changes``, described in ``language``)."""
    algorithm = selectors.algorithm_get_public(algorithm_id)
    before = selectors.algorithm_version_get(algorithm, from_version)
    after = selectors.algorithm_version_get(algorithm, to_version)
    with translation.override(language):
        part_rows = [c.__dict__ for c in part_changes(before.parts, after.parts, language)]
    return {
        "id": algorithm.public_id,
        "from_version": from_version,
        "to_version": to_version,
        "changes": diff_content(before.content, after.content),
        "part_changes": part_rows,
    }


@algorithms.post("/", response={201: DraftOut}, auth=token_auth, operation_id="algorithms_create")
def algorithms_create(request: HttpRequest, payload: AlgorithmCreateIn) -> Status[dict[str, Any]]:
    """Create a draft in the token's organisation. It is not public until a reviewer publishes it."""
    actor = token_actor(request)
    assert actor.token is not None
    slug = payload.organisation or actor.token.organisation.slug
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise InvalidInput.single(("body", "organisation"), "unknown-organisation", f"no organisation {slug!r}")
    if organisation.pk != actor.token.organisation_id:
        raise PermissionDenied(f"this token may only write records of {actor.token.organisation.slug}")
    algorithm = services.algorithm_create(actor=actor, organisation=organisation, content=payload.content.model_dump())
    return Status(201, _draft_out(algorithm))


@algorithms.get("/{algorithm_id}/draft", response=DraftOut, auth=token_auth, operation_id="drafts_get")
def drafts_get(request: HttpRequest, algorithm_id: str) -> dict[str, Any]:
    """The working copy with its state and ``lock_version``: members of the organisation only."""
    return _draft_out(selectors.algorithm_get_for_editing(actor=token_actor(request), public_id=algorithm_id))


@algorithms.put("/{algorithm_id}/draft", response=DraftOut, auth=token_auth, operation_id="drafts_replace")
def drafts_replace(request: HttpRequest, algorithm_id: str, payload: DraftReplaceIn) -> dict[str, Any]:
    actor = token_actor(request)
    algorithm = selectors.algorithm_get_for_editing(actor=actor, public_id=algorithm_id)
    algorithm = services.algorithm_update(
        actor=actor,
        algorithm=algorithm,
        content=payload.content.model_dump(),
        expected_lock_version=payload.lock_version,
    )
    return _draft_out(algorithm)


@algorithms.patch("/{algorithm_id}/draft", response=DraftOut, auth=token_auth, operation_id="drafts_update")
def drafts_update(request: HttpRequest, algorithm_id: str, payload: DraftPatchIn) -> dict[str, Any]:
    actor = token_actor(request)
    algorithm = selectors.algorithm_get_for_editing(actor=actor, public_id=algorithm_id)
    algorithm = services.algorithm_update(
        actor=actor,
        algorithm=algorithm,
        content=merge_content(algorithm.content, payload.content),
        expected_lock_version=payload.lock_version,
    )
    return _draft_out(algorithm)


@algorithms.post("/{algorithm_id}/submit", response=DraftOut, auth=token_auth, operation_id="algorithms_submit")
def algorithms_submit(request: HttpRequest, algorithm_id: str, payload: TransitionIn) -> dict[str, Any]:
    actor = token_actor(request)
    algorithm = selectors.algorithm_get_for_editing(actor=actor, public_id=algorithm_id)
    return _draft_out(
        services.algorithm_submit(actor=actor, algorithm=algorithm, expected_lock_version=payload.lock_version)
    )


@algorithms.post(
    "/{algorithm_id}/publish",
    response={201: VersionCreatedOut},
    auth=token_auth,
    operation_id="algorithms_publish",
)
def algorithms_publish(request: HttpRequest, algorithm_id: str, payload: PublishIn) -> Status[dict[str, Any]]:
    """Approve a record in review (reviewer tokens only; never the person who made the change)."""
    actor = token_actor(request)
    algorithm = selectors.algorithm_get_for_editing(actor=actor, public_id=algorithm_id)
    version = services.algorithm_publish(
        actor=actor,
        algorithm=algorithm,
        change_summary=payload.change_summary,
        expected_lock_version=payload.lock_version,
    )
    return Status(201, {"id": algorithm.public_id, "version": version.number, "published_at": version.published_at})


@algorithms.post("/{algorithm_id}/reject", response=DraftOut, auth=token_auth, operation_id="algorithms_reject")
def algorithms_reject(request: HttpRequest, algorithm_id: str, payload: ReasonIn) -> dict[str, Any]:
    actor = token_actor(request)
    algorithm = selectors.algorithm_get_for_editing(actor=actor, public_id=algorithm_id)
    return _draft_out(
        services.algorithm_reject(
            actor=actor,
            algorithm=algorithm,
            reason=payload.reason,
            expected_lock_version=payload.lock_version,
        )
    )


@algorithms.post("/{algorithm_id}/retire", response=DraftOut, auth=token_auth, operation_id="algorithms_retire")
def algorithms_retire(request: HttpRequest, algorithm_id: str, payload: ReasonIn) -> dict[str, Any]:
    actor = token_actor(request)
    algorithm = selectors.algorithm_get_for_editing(actor=actor, public_id=algorithm_id)
    return _draft_out(
        services.algorithm_retire(
            actor=actor,
            algorithm=algorithm,
            reason=payload.reason,
            expected_lock_version=payload.lock_version,
        )
    )


def organisation_out(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    return {
        **_org_ref(organisation),
        "original_language": organisation.original_language,
        "type": organisation.org_type,
        "country": organisation.country,
        "parent": organisation.parent.slug if organisation.parent else None,
        "website": organisation.website,
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
        "published_algorithms": getattr(organisation, "published_count", 0),
    }


@organisations.get("/", response=list[OrganisationOut], operation_id="organisations_list")
def organisations_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [organisation_out(request, o) for o in selectors.organisation_list_with_counts()]


@organisations.get("/{organisation_id}", response=OrganisationOut, operation_id="organisations_get")
def organisations_get(request: HttpRequest, organisation_id: str) -> dict[str, Any]:
    organisation = selectors.organisation_list_with_counts().filter(slug=organisation_id).first()
    if organisation is None:
        raise NotFound(f"no organisation {organisation_id}")
    return organisation_out(request, organisation)


search = Router(tags=["search"])


def search_hit_out(request: HttpRequest, hit: SearchHit, language: str) -> dict[str, Any]:
    algorithm = hit.algorithm
    version = algorithm.published_version
    assert version is not None
    name = version.text("name", language)
    return {
        "id": algorithm.public_id,
        "url": request.build_absolute_uri(algorithm.get_absolute_url()),
        "name": name.text,
        "name_language": name.language,
        "name_segments": [{"text": text, "highlighted": marked} for text, marked in hit.title],
        "organisation": algorithm.organisation.slug,
        "organisation_name": algorithm.organisation.display_name(language),
        "lifecycle_status": version.content.get("lifecycle_status", ""),
        "publication_category": version.content.get("publication_category", ""),
        "version": version.number,
        "published_at": version.published_at,
        "retired": algorithm.retired_at is not None,
        "rank": hit.rank,
        "snippet": [{"text": text, "highlighted": marked} for text, marked in hit.snippet],
        "snippet_language": hit.snippet_language,
    }


def search_out(request: HttpRequest, result: SearchResult, language: str, q: str) -> dict[str, Any]:
    return {
        "q": q,
        "terms": list(result.query.terms),
        "sort": result.sort,
        "total": result.total,
        "items": [search_hit_out(request, hit, language) for hit in result.hits],
        "facets": result.facets,
        "next_cursor": result.next_cursor,
    }


def _app_facet_parameters() -> list[dict[str, Any]]:
    """The facets other apps registered, as query parameters of the API description (the query schema lists the
    register's own). Read when this module is imported, after the apps are ready (the URL configuration)."""
    return [
        {
            "in": "query",
            "name": facet.key,
            "required": False,
            "description": f"{facet.label} (a facet another app adds; repeat for several values)",
            "schema": {"type": "array", "items": {"type": "string"}},
            "style": "form",
            "explode": True,
        }
        for facet in all_facets()
        if facet.key not in FACET_KEYS
    ]


@search.get(
    "/",
    response=SearchOut,
    operation_id="search_algorithms",
    openapi_extra={"parameters": _app_facet_parameters()},
)
def search_algorithms(request: HttpRequest, params: Query[SearchQuery]) -> dict[str, Any]:
    """Full-text search over every language of published records, with facet filters and counts.

    Repeat a facet parameter to select several values (OR); different facets combine with AND. Texts are
    matched accent- and case-insensitively with each language's stemming. Facet counts reflect the other
    active filters; a facet whose count ran out of time says ``timed_out``. The facets other apps add (listed in
    the response's ``facets``, e.g. ``ai_act_class``, ``has_audit``) are filters the same way.
    """
    raw = params.facet_filters()
    for facet in all_facets():
        if facet.key not in FACET_KEYS and facet.key in request.GET:
            raw[facet.key] = request.GET.getlist(facet.key)
    filters, _ignored = clean_filters(raw, strict=True)
    result = algorithm_search(
        q=params.q,
        filters=filters,
        sort=params.sort,
        language=params.language,
        limit=params.limit,
        cursor=params.cursor,
    )
    if any(facet.timed_out for facet in result.facets):
        public_cache.skip(request)  # a count cut short under load is not the answer to keep
    return search_out(request, result, params.language, params.q)
