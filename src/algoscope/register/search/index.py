"""Keeping the search index and the facet values in step with publication and retirement."""

from __future__ import annotations

from collections.abc import Callable

from algoscope.common.public_cache import public_changed
from algoscope.register.models import Algorithm, AlgorithmFacet
from algoscope.register.search.backends import backend
from algoscope.register.search.documents import search_documents
from algoscope.register.search.facet_index import forget_facet_index

FacetSource = Callable[[Algorithm], list[tuple[str, str]]]
FACET_SOURCES: list[FacetSource] = []


def register_facet_source(source: FacetSource) -> None:
    """Let another app add facet values of a record (the AI Act class, audits) without the register knowing it."""
    if source not in FACET_SOURCES:
        FACET_SOURCES.append(source)


def facet_values(algorithm: Algorithm) -> list[tuple[str, str]]:
    """(facet, value) pairs of the record's published version and organisation."""
    version = algorithm.published_version
    assert version is not None
    content = version.content
    organisation = algorithm.organisation
    pairs = [
        ("organisation", organisation.slug),
        ("organisation_type", organisation.org_type),
        ("country", organisation.country),
        ("lifecycle_status", content.get("lifecycle_status") or ""),
        ("publication_category", content.get("publication_category") or ""),
        ("retired", "yes" if algorithm.retired_at else "no"),
    ]
    if organisation.region:
        pairs.append(("region", organisation.region))
    pairs += [("policy_domain", domain) for domain in content.get("policy_domains") or []]
    pairs += [("content_language", language) for language in version.languages]
    for source in FACET_SOURCES:
        pairs += source(algorithm)
    return [(facet, value) for facet, value in pairs if value]


def search_index_update(algorithm: Algorithm) -> None:
    """Re-index one record: its published version's documents and facets, or nothing if it is not public.

    Its facet rows are written anew (higher ids), so every process's facet index reads this record again on its
    next search; a record that stops being public leaves no row to notice, so this process forgets its index.
    Cached public answers are old from now on (``common.public_cache``)."""
    _index(algorithm)
    public_changed()


def _index(algorithm: Algorithm) -> None:
    AlgorithmFacet.objects.filter(algorithm=algorithm).delete()
    version = algorithm.published_version
    if version is None:
        forget_facet_index()
        backend().replace(algorithm.pk, [])
        return
    backend().replace(algorithm.pk, search_documents(version.content, algorithm.organisation.name))
    AlgorithmFacet.objects.bulk_create(
        [AlgorithmFacet(algorithm=algorithm, facet=facet, value=value) for facet, value in facet_values(algorithm)]
    )


def search_reindex_all(progress: Callable[[int, int], None] | None = None) -> int:
    records = Algorithm.objects.select_related("organisation", "published_version").order_by("pk")
    total = records.count()
    for done, algorithm in enumerate(records.iterator(chunk_size=500), start=1):
        _index(algorithm)
        if progress and (done % 1000 == 0 or done == total):
            progress(done, total)
    public_changed()
    return total
