"""Public pages of the register: what residents read. Only published versions are ever shown here."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from algoscope.common import public_cache
from algoscope.common.errors import InvalidInput, NotFound
from algoscope.common.multilingual import Resolved, resolve_text
from algoscope.common.translation import page_language
from algoscope.register import selectors
from algoscope.register.changes import kind_keys, recent_changes
from algoscope.register.diff import diff_content
from algoscope.register.extensions import change_kinds, organisation_sections, record_sections
from algoscope.register.facets import all_facets, facet_by_key
from algoscope.register.models import Algorithm, AlgorithmFacet, AlgorithmVersion
from algoscope.register.overview import charted, comparison, facet_figures
from algoscope.register.presentation import LANGUAGE_NAMES, change_rows, code_label, content_sections
from algoscope.register.publication_parts import part_changes
from algoscope.register.search.params import search_params
from algoscope.register.search.selector import algorithm_search


def _fallback_language(*texts: Resolved) -> str:
    """The name of the language shown instead of the reader's, if any of ``texts`` fell back ("" if none did)."""
    code = next((text.language for text in texts if text.fallback), "")
    return str(LANGUAGE_NAMES.get(code, code)) if code else ""


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


def card_badges(algorithm_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """(facet, label) badges per record for the facets that show some of their values on result cards (the AI
    Act class, an audit): one query for the page, from the same facet rows the search filters on."""
    shown = {facet.key: facet for facet in all_facets() if facet.card_values}
    if not shown or not algorithm_ids:
        return {}
    rows = list(
        AlgorithmFacet.objects.filter(algorithm_id__in=algorithm_ids, facet__in=list(shown)).values_list(
            "algorithm_id", "facet", "value"
        )
    )
    labels = {key: facet.labels(sorted({v for _a, f, v in rows if f == key})) for key, facet in shown.items()}
    order = {key: n for n, key in enumerate(shown)}
    out: dict[int, list[tuple[str, str]]] = {}
    for algorithm_id, key, value in sorted(rows, key=lambda row: (row[0], order[row[1]])):
        if value in shown[key].card_values:
            out.setdefault(algorithm_id, []).append((key, labels[key].get(value, value)))
    return out


def _filter_label(key: str, value: str) -> str:
    facet = facet_by_key(key)
    return facet.labels([value]).get(value, value) if facet is not None else value


def _toggle(request: HttpRequest, key: str, value: str) -> str:
    params = request.GET.copy()
    params.pop("cursor", None)
    values = params.getlist(key)
    params.setlist(key, [v for v in values if v != value] if value in values else [*values, value])
    return params.urlencode()


def home(request: HttpRequest) -> HttpResponse:
    language = page_language()
    q, filters, sort, ignored = search_params(request)
    try:
        result = algorithm_search(
            q=q, filters=filters, sort=sort, language=language, limit=20, cursor=request.GET.get("cursor") or None
        )
    except InvalidInput as exc:  # a tampered cursor: show the first page and say so
        ignored.append(exc.message)
        result = algorithm_search(q=q, filters=filters, sort=sort, language=language, limit=20)
    for facet in result.facets:
        for value in facet.values:
            value.toggle = _toggle(request, facet.key, value.value)
    if any(facet.timed_out for facet in result.facets):
        public_cache.skip(request)  # a count cut short under load is not the answer to keep
    badges = card_badges([hit.algorithm.pk for hit in result.hits])
    next_params = request.GET.copy()
    if result.next_cursor:
        next_params["cursor"] = result.next_cursor
    query_string = request.GET.copy()
    query_string.pop("cursor", None)
    return render(
        request,
        "register/home.html",
        {
            "q": q,
            "result": result,
            "cards": [
                _card(hit.algorithm, language) | {"hit": hit, "badges": badges.get(hit.algorithm.pk, [])}
                for hit in result.hits
            ],
            "both_high_risks": {"publication_category", "ai_act_class"} <= {f.key for f in result.facets},
            "removable": [
                (key, value, _filter_label(key, value), _toggle(request, key, value))
                for key, values in filters.items()
                for value in values
            ],
            "facets": [f for f in result.facets if f.values or f.timed_out],
            "sort": sort,
            "sorts": [("relevance", _("Relevance")), ("name", _("Name")), ("published", _("Last published"))],
            "ignored": ignored,
            "next_query": next_params.urlencode() if result.next_cursor else "",
            "search_query": query_string.urlencode(),
            "active": [(key, value) for key, values in filters.items() for value in values],
            "total_published": selectors.algorithm_public_queryset().count(),
        },
    )


def public_record_or_404(public_id: str) -> Algorithm:
    """A published record, or the site's 404 (the same for unknown and never-published ids)."""
    try:
        return selectors.algorithm_get_public(public_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _version_page(request: HttpRequest, algorithm: Algorithm, version: AlgorithmVersion) -> HttpResponse:
    language = page_language()
    original = version.content.get("original_language", "nl")
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
            "record_sections": [
                {"template": section.template, "context": context}
                for section in record_sections()
                if (context := section.context(algorithm, version, language)) is not None
            ],
            "versions": selectors.algorithm_history(algorithm),
            "languages": [str(LANGUAGE_NAMES[code]) for code in version.languages],
            "original_language": original,
        },
    )


def algorithm_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    algorithm = public_record_or_404(public_id)
    assert algorithm.published_version is not None
    return _version_page(request, algorithm, algorithm.published_version)


def algorithm_version(request: HttpRequest, public_id: str, number: int) -> HttpResponse:
    algorithm = public_record_or_404(public_id)
    try:
        version = selectors.algorithm_version_get(algorithm, number)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _version_page(request, algorithm, version)


def algorithm_diff(request: HttpRequest, public_id: str) -> HttpResponse:
    algorithm = public_record_or_404(public_id)
    versions = selectors.algorithm_versions(algorithm)
    numbers = [v.number for v in versions]
    try:
        from_number = int(request.GET.get("from", numbers[-2] if len(numbers) > 1 else numbers[-1]))
        to_number = int(request.GET.get("to", numbers[-1]))
        before = selectors.algorithm_version_get(algorithm, from_number)
        after = selectors.algorithm_version_get(algorithm, to_number)
    except (ValueError, NotFound) as exc:
        raise Http404("no such versions") from exc
    language = page_language()
    changes = change_rows(diff_content(before.content, after.content)) + [
        {"label": c.label, "before": c.before, "after": c.after, "segments": None}
        for c in part_changes(before.parts, after.parts, language)
    ]
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


ORGANISATION_CARDS = 50  # the rest through the search filtered by the organisation
MAX_COMPARED = 4


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = selectors.organisation_get(slug)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    language = page_language()
    algorithms = selectors.algorithm_public_queryset().filter(organisation=organisation).order_by("pub_sort_name")
    total = algorithms.count()
    scope = urlencode({"organisation": organisation.slug})
    return render(
        request,
        "register/organisation.html",
        {
            "organisation": organisation,
            "organisation_name": organisation.resolved_name(language),
            "cards": [_card(a, language) for a in algorithms[:ORGANISATION_CARDS]],
            "total": total,
            "scope": scope,
            "contacts": selectors.organisation_contacts(organisation) if total else [],
            "figures": charted(facet_figures(organisation.slug), language) if total else [],
            "others": [(slug, name) for slug, name in _publishing_organisations(language) if slug != organisation.slug],
            "children": organisation.children.order_by("slug"),
            "organisation_sections": [
                {"template": section.template, "context": context}
                for section in organisation_sections()
                if (context := section.context(organisation, language)) is not None
            ],
        },
    )


def _publishing_organisations(language: str) -> list[tuple[str, str]]:
    """(slug, name) of the organisations with published records, by name: what can be compared."""
    named = [
        (o.slug, o.resolved_name(language).text)
        for o in selectors.organisation_list_with_counts()
        if o.published_count  # type: ignore[attr-defined]
    ]
    return sorted(named, key=lambda pair: pair[1].casefold())


def organisation_compare(request: HttpRequest) -> HttpResponse:
    """Organisations side by side: their published records counted by category, AI Act class, status, audit…"""
    language = page_language()
    slugs = list(dict.fromkeys(v for v in request.GET.getlist("o") if v))
    organisations = []
    for slug in slugs[:MAX_COMPARED]:
        try:
            organisations.append(selectors.organisation_get(slug))
        except NotFound as exc:
            raise Http404(exc.message) from exc
    names = [o.resolved_name(language) for o in organisations]
    return render(
        request,
        "register/organisations_compare.html",
        {
            "compared": list(zip(organisations, names, strict=True)),
            "comparison": comparison([o.slug for o in organisations]) if len(organisations) >= 2 else None,
            "too_many": len(slugs) > MAX_COMPARED,
            "max_compared": MAX_COMPARED,
            "choices": _publishing_organisations(language),
        },
    )


def organisation_list(request: HttpRequest) -> HttpResponse:
    language = page_language()
    organisations = [
        {"organisation": o, "name": o.resolved_name(language), "count": o.published_count}  # type: ignore[attr-defined]
        for o in selectors.organisation_list_with_counts()
    ]
    return render(request, "register/organisations.html", {"organisations": organisations})


def changes(request: HttpRequest) -> HttpResponse:
    """Recent public changes: publications, retirements and what other apps register (assessments, audits)."""
    language = page_language()
    raw = request.GET.getlist("kind")
    chosen = kind_keys(raw)
    kinds = change_kinds()
    labels = {kind.key: str(kind.label) for kind in kinds}
    rows = [
        {
            "change": change,
            "label": labels.get(change.kind, change.kind),
            "name": resolve_text(change.name, language, change.original_language),
            "organisation": change.algorithm.organisation.resolved_name(language),
        }
        for change in recent_changes(chosen, language, 50)
    ]
    feed = reverse("feed_changes") + ("?" + urlencode([("kind", k) for k in chosen]) if chosen else "")
    return render(
        request,
        "register/changes.html",
        {
            "rows": rows,
            "kinds": [(kind.key, labels[kind.key]) for kind in kinds],
            "chosen": chosen or [],
            "ignored": bool(raw) and chosen is None,
            "feed": feed,
        },
    )
