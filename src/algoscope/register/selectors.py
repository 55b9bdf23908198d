"""Selectors read: what the public, an editor or the API may see, never more."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor, can
from algoscope.common.errors import InvalidInput, NotFound
from algoscope.common.messages import gettext_noop as _
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.pagination import Page, keyset_paginate
from algoscope.common.textfiles import has_non_text
from algoscope.register.content import CODE_LISTS
from algoscope.register.models import Algorithm, AlgorithmFacet, AlgorithmVersion

ORDERINGS: dict[str, list[tuple[str, bool]]] = {
    "-published": [("published_at", True), ("id", True)],
    "name": [("pub_sort_name", False), ("id", False)],
}


@dataclass(frozen=True)
class AlgorithmFilters:
    organisation: str | None = None  # organisation slug
    lifecycle_status: str | None = None
    publication_category: str | None = None
    policy_domain: str | None = None
    language: str | None = None
    retired: bool | None = None


def _check_code(value: str | None, code_list: str, loc: str) -> None:
    if value and value not in CODE_LISTS[code_list]:
        raise InvalidInput.single(("query", loc), "unknown-code", f"unknown value {value!r}")


def algorithm_public_queryset() -> QuerySet[Algorithm]:
    """Records the public may see, with their organisation and latest version (not the working copy)."""
    return (
        Algorithm.objects.filter(published_version__isnull=False)
        .select_related("organisation", "published_version")
        .defer("content")
    )


def algorithm_list_public(
    *, filters: AlgorithmFilters, ordering: str = "-published", limit: int = 20, cursor: str | None = None
) -> Page[Algorithm]:
    if ordering not in ORDERINGS:
        raise InvalidInput.single(("query", "ordering"), "unknown-code", f"ordering must be one of {sorted(ORDERINGS)}")
    _check_code(filters.lifecycle_status, "lifecycle_status", "lifecycle_status")
    _check_code(filters.publication_category, "publication_category", "publication_category")
    _check_code(filters.policy_domain, "policy_domain", "policy_domain")
    if filters.language and filters.language not in LANGUAGES:
        raise InvalidInput.single(("query", "language"), "unknown-code", f"unknown language {filters.language!r}")
    if filters.organisation and has_non_text(filters.organisation):  # a NUL would reach PostgreSQL, which refuses it
        raise InvalidInput.single(("query", "organisation"), "unknown-code", "unknown organisation")
    qs = algorithm_public_queryset()
    if filters.organisation:
        qs = qs.filter(organisation__slug=filters.organisation)
    # the same facet values the search filters on (written when a version is published)
    for facet, value in (
        ("lifecycle_status", filters.lifecycle_status),
        ("publication_category", filters.publication_category),
        ("policy_domain", filters.policy_domain),
        ("content_language", filters.language),
    ):
        if value:
            qs = qs.filter(pk__in=AlgorithmFacet.objects.filter(facet=facet, value=value).values("algorithm_id"))
    if filters.retired is not None:
        qs = qs.filter(retired_at__isnull=not filters.retired)
    fields = ORDERINGS[ordering]

    def key_of(algorithm: Algorithm) -> list[Any]:
        return [
            getattr(algorithm, name).isoformat() if name == "published_at" else getattr(algorithm, name)
            for name, _desc in fields
        ]

    return keyset_paginate(qs, ordering=ordering, fields=fields, key_of=key_of, limit=limit, cursor=cursor)


def algorithm_get_public(public_id: str) -> Algorithm:
    """A record the public may see (published at least once); the same 404 for unknown and unpublished ones."""
    algorithm = algorithm_public_queryset().filter(public_id=public_id.upper()).first()
    if algorithm is None:
        raise NotFound(_("no published algorithm {id}"), params={"id": public_id})
    return algorithm


def algorithm_get_for_editing(*, actor: Actor, public_id: str) -> Algorithm:
    """The working copy, for members of the owning organisation; others get the same 404 as the public."""
    algorithm = Algorithm.objects.select_related("organisation").filter(public_id=public_id.upper()).first()
    if algorithm is None or not can(actor, "algorithm.view_draft", algorithm.organisation_id):
        raise NotFound(f"no algorithm {public_id} that you can edit")
    return algorithm


def algorithm_versions(algorithm: Algorithm) -> list[AlgorithmVersion]:
    return list(algorithm.versions.order_by("number"))


def algorithm_history(algorithm: Algorithm) -> list[AlgorithmVersion]:
    """The versions for a list of them (number, date, change summary), newest first, without their contents."""
    return list(algorithm.versions.defer("content", "parts").order_by("-number"))


def algorithm_version_get(algorithm: Algorithm, number: int) -> AlgorithmVersion:
    version = algorithm.versions.filter(number=number).first()
    if version is None:
        raise NotFound(f"{algorithm.public_id} has no version {number}")
    return version


def algorithm_list_for_actor(actor: Actor) -> QuerySet[Algorithm]:
    """The working copies an editor may open: all records of the organisations where they have a role."""
    org_ids = actor.organisation_ids("algorithm.view_draft")
    return (
        Algorithm.objects.filter(organisation_id__in=org_ids)
        .select_related("organisation")
        .order_by("organisation__slug", "-updated_at")
    )


def organisation_list_with_counts() -> QuerySet[Organisation]:
    """All organisations with ``published_count``: their records visible to the public."""
    return (
        Organisation.objects.select_related("parent")
        .annotate(published_count=Count("algorithms", filter=Q(algorithms__published_version__isnull=False)))
        .order_by("country", "slug")
    )


@dataclass(frozen=True)
class ReviewItem:
    algorithm: Algorithm
    yours: bool  # the reviewer changed or submitted it: another reviewer must approve it (the four-eyes rule)


def review_queue(actor: Actor) -> list[ReviewItem]:
    """Records in review in the organisations where the actor may publish, the longest waiting first; those the actor
    changed or submitted are marked, since another reviewer must approve them."""
    org_ids = actor.organisation_ids("algorithm.publish")
    waiting = (
        Algorithm.objects.filter(organisation_id__in=org_ids, state=Algorithm.State.IN_REVIEW)
        .select_related("organisation", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    return [
        ReviewItem(algorithm, actor.person_id is not None and actor.person_id in (algorithm.contributors or []))
        for algorithm in waiting
    ]


def organisation_contacts(organisation: Organisation, limit: int = 3) -> list[tuple[str, str]]:
    """The contact points its published records give (an e-mail address or a web form), the most used first, each
    with its link ("" when it is neither)."""
    addresses = (
        Algorithm.objects.filter(organisation=organisation, published_version__isnull=False)
        .values_list("published_version__content__contact_email", flat=True)
        .iterator(chunk_size=2000)
    )
    counted = Counter(str(a).strip() for a in addresses if isinstance(a, str) and a.strip())
    ranked = sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(address, _contact_link(address)) for address, _n in ranked]


def _contact_link(address: str) -> str:
    if address.startswith(("https://", "http://")):
        return address
    if "@" in address and " " not in address and ":" not in address:
        return f"mailto:{address}"
    return ""


def organisation_get(slug: str) -> Organisation:
    organisation = Organisation.objects.select_related("parent").filter(slug=slug).first()
    if organisation is None:
        raise NotFound(f"no organisation {slug}")
    return organisation
