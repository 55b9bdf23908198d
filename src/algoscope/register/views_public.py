"""Public pages of the register: what residents read. Only published versions are ever shown here."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from algoscope.common.errors import InvalidInput, NotFound
from algoscope.register import selectors
from algoscope.register.content import LANGUAGES, Resolved, resolve_text
from algoscope.register.diff import diff_content, word_diff
from algoscope.register.models import Algorithm, AlgorithmVersion
from algoscope.register.presentation import code_label, content_sections, field_label


def _language() -> str:
    language = (get_language() or "en")[:2]
    return language if language in LANGUAGES else "en"


def _fallback_language(*texts: Resolved) -> str:
    """The language shown instead of the reader's, if any of ``texts`` fell back ("" if none did)."""
    return next((text.language for text in texts if text.fallback), "")


def _card(algorithm: Algorithm, language: str) -> dict[str, Any]:
    version = algorithm.published_version
    assert version is not None
    original = version.content.get("original_language", "nl")
    name = resolve_text(version.content.get("name"), language, original)
    short_description = resolve_text(version.content.get("short_description"), language, original)
    return {
        "algorithm": algorithm,
        "version": version,
        "name": name,
        "short_description": short_description,
        "fallback": _fallback_language(name, short_description),
        "organisation": algorithm.organisation.resolved_name(language),
        "status": code_label("lifecycle_status", version.content.get("lifecycle_status", "")),
        "category": code_label("publication_category", version.content.get("publication_category", "")),
    }


def home(request: HttpRequest) -> HttpResponse:
    language = _language()
    filters = selectors.AlgorithmFilters(
        organisation=request.GET.get("organisation") or None,
        policy_domain=request.GET.get("policy_domain") or None,
    )
    ordering = request.GET.get("ordering") or "-published"
    try:
        page = selectors.algorithm_list_public(
            filters=filters, ordering=ordering, limit=20, cursor=request.GET.get("cursor") or None
        )
        error = ""
    except InvalidInput as exc:
        page = selectors.algorithm_list_public(filters=selectors.AlgorithmFilters(), limit=20)
        error = exc.message
    return render(
        request,
        "register/home.html",
        {
            "cards": [_card(a, language) for a in page.items],
            "next_cursor": page.next_cursor,
            "error": error,
            "ordering": ordering,
            "organisations": [o for o in selectors.organisation_list_with_counts() if o.published_count],  # type: ignore[attr-defined]  # annotated
            "filters": filters,
            "total": selectors.algorithm_public_queryset().count(),
        },
    )


def _get_public(public_id: str) -> Algorithm:
    try:
        return selectors.algorithm_get_public(public_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _version_page(request: HttpRequest, algorithm: Algorithm, version: AlgorithmVersion) -> HttpResponse:
    language = _language()
    original = version.content.get("original_language", "nl")
    versions = selectors.algorithm_versions(algorithm)
    name = resolve_text(version.content.get("name"), language, original)
    short_description = resolve_text(version.content.get("short_description"), language, original)
    return render(
        request,
        "register/algorithm.html",
        {
            "algorithm": algorithm,
            "version": version,
            "is_latest": algorithm.published_version_id == version.pk,
            "name": name,
            "short_description": short_description,
            "header_fallback": _fallback_language(name, short_description),
            "organisation": algorithm.organisation,
            "organisation_name": algorithm.organisation.resolved_name(language),
            "sections": content_sections(version.content, language),
            "versions": list(reversed(versions)),
            "languages": version.languages,
            "original_language": original,
        },
    )


def algorithm_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    algorithm = _get_public(public_id)
    assert algorithm.published_version is not None
    return _version_page(request, algorithm, algorithm.published_version)


def algorithm_version(request: HttpRequest, public_id: str, number: int) -> HttpResponse:
    algorithm = _get_public(public_id)
    try:
        version = selectors.algorithm_version_get(algorithm, number)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _version_page(request, algorithm, version)


def algorithm_diff(request: HttpRequest, public_id: str) -> HttpResponse:
    algorithm = _get_public(public_id)
    versions = selectors.algorithm_versions(algorithm)
    numbers = [v.number for v in versions]
    try:
        from_number = int(request.GET.get("from", numbers[-2] if len(numbers) > 1 else numbers[-1]))
        to_number = int(request.GET.get("to", numbers[-1]))
        before = selectors.algorithm_version_get(algorithm, from_number)
        after = selectors.algorithm_version_get(algorithm, to_number)
    except (ValueError, NotFound) as exc:
        raise Http404("no such versions") from exc
    changes = []
    for change in diff_content(before.content, after.content):
        text_change = isinstance(change.before, str) and isinstance(change.after, str)
        changes.append(
            {
                "change": change,
                "label": field_label(change.field),
                "segments": word_diff(change.before, change.after) if text_change else None,
            }
        )
    language = _language()
    return render(
        request,
        "register/diff.html",
        {
            "algorithm": algorithm,
            "name": after.text("name", language),
            "before": before,
            "after": after,
            "versions": versions,
            "changes": changes,
        },
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = selectors.organisation_get(slug)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    language = _language()
    algorithms = selectors.algorithm_public_queryset().filter(organisation=organisation).order_by("pub_sort_name")
    return render(
        request,
        "register/organisation.html",
        {
            "organisation": organisation,
            "organisation_name": organisation.resolved_name(language),
            "cards": [_card(a, language) for a in algorithms],
            "children": organisation.children.order_by("slug"),
        },
    )


def organisation_list(request: HttpRequest) -> HttpResponse:
    language = _language()
    organisations = [
        {"organisation": o, "name": o.resolved_name(language), "count": o.published_count}  # type: ignore[attr-defined]
        for o in selectors.organisation_list_with_counts()
    ]
    return render(request, "register/organisations.html", {"organisations": organisations})


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "register/about.html")
