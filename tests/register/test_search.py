"""Search on the database in use (the suite runs on SQLite and on PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from algoscope.accounts.permissions import Actor
from algoscope.register import services
from algoscope.register.search.selector import algorithm_search
from algoscope.register.search.text import Query, highlight
from tests.conftest import content


def found(q: str, **filters: list[str]) -> list[str]:
    return [hit.algorithm.public_id for hit in algorithm_search(q=q, filters=filters).hits]


def test_dutch_stemming_finds_plural_from_singular(records) -> None:
    assert found("algoritme") == [records["nl"].public_id]
    assert found("ALGORITMES") == [records["nl"].public_id]


def test_accent_and_case_insensitive(records) -> None:
    assert found("reconnaissance faciale") == [records["fr"].public_id]
    assert found("egalite") == [records["fr"].public_id]
    assert found("aeroport") == [records["fr"].public_id]


def test_german_and_body_texts_are_indexed(records) -> None:
    assert found("stellenangebot") == [records["de"].public_id]
    assert found("correspondances") == [records["fr"].public_id]  # French plural → stem, in a long text


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "*",
        "(",
        ")",
        "NEAR",
        "NEAR(a b)",
        "-",
        "a -b",
        "' OR 1=1 --",
        '"; DROP TABLE register_algorithm; --',
        "x" * 10_000,
        "🙂",
        "AND OR NOT",
        "^",
        "col:value",
        "%_",
    ],
)
def test_search_syntax_and_sql_fragments_never_fail(records, q: str) -> None:
    """Operators, quotes and SQL are not syntax here: the search is the one of the query's words alone."""
    result = algorithm_search(q=q, filters={})
    same = algorithm_search(q=" ".join(Query.parse(q).terms), filters={})
    assert [h.algorithm.public_id for h in result.hits] == [h.algorithm.public_id for h in same.hits]
    assert result.total == same.total


def test_query_keeps_only_words() -> None:
    assert Query.parse('NEAR("Algoritme" * -fraude)').terms == ("near", "algoritme", "fraude")
    assert len(Query.parse("woord " * 100).terms) == 1


def test_index_follows_publication_edit_and_retirement(make_record, editor: Actor, reviewer: Actor) -> None:
    algorithm = make_record("draft", name={"nl": "Zwembadplanning", "fr": None})
    assert found("zwembadplanning") == []  # drafts are not searchable
    services.algorithm_publish(actor=reviewer, algorithm=services.algorithm_submit(actor=editor, algorithm=algorithm))
    assert found("zwembadplanning") == [algorithm.public_id]
    algorithm.refresh_from_db()
    algorithm = services.algorithm_update(
        actor=editor, algorithm=algorithm, content=content(name={"nl": "Sportplanning"})
    )
    assert found("sportplanning") == []  # unpublished edits are not public
    services.algorithm_publish(actor=reviewer, algorithm=services.algorithm_submit(actor=editor, algorithm=algorithm))
    assert found("sportplanning") == [algorithm.public_id] and found("zwembadplanning") == []
    algorithm.refresh_from_db()
    services.algorithm_retire(actor=reviewer, algorithm=algorithm, reason="Stopped")
    assert found("sportplanning", retired=["yes"]) == [algorithm.public_id]
    assert found("sportplanning", retired=["no"]) == []


def test_facet_counts_reflect_the_other_filters(records) -> None:
    result = algorithm_search(q="", filters={"policy_domain": ["work"]})
    assert result.total == 1
    facets = {f.key: {v.value: (v.count, v.selected) for v in f.values} for f in result.facets}
    # its own facet ignores its selection, so the other domains stay visible with their counts
    assert facets["policy_domain"]["work"] == (1, True)
    assert facets["policy_domain"]["traffic_transport"] == (1, False)
    assert facets["country"] == {"BE": (1, False)}
    assert facets["content_language"] == {"nl": (1, False), "de": (1, False)}


def test_facet_filters_or_within_and_across(records) -> None:
    both = found("", policy_domain=["work", "traffic_transport"])
    assert sorted(both) == sorted([records["nl"].public_id, records["de"].public_id])
    assert found("", policy_domain=["work"], content_language=["fr"]) == []


def test_sorting_by_name_and_relevance(records) -> None:
    names = [h.algorithm.public_id for h in algorithm_search(q="", filters={}, sort="name").hits]
    assert names == [records["nl"].public_id, records["de"].public_id, records["fr"].public_id]


def test_highlight_marks_stem_matches() -> None:
    segments = highlight("De algoritmes van de stad", "nl", Query.parse("algoritme"))
    assert ("algoritmes", True) in segments


def test_facets_not_counted_within_the_budget_are_reported_not_fatal(records) -> None:
    result = algorithm_search(q="", filters={}, facet_budget_ms=0)
    assert result.total == 3 and all(f.timed_out and not f.values for f in result.facets)
    assert not any(f.timed_out for f in algorithm_search(q="", filters={}).facets)


def test_facet_index_follows_publication(records, make_record) -> None:
    before = {
        v.value: v.count
        for f in algorithm_search(q="", filters={}).facets
        if f.key == "policy_domain"
        for v in f.values
    }
    make_record("published", policy_domains=["justice"])
    after = {
        v.value: v.count
        for f in algorithm_search(q="", filters={}).facets
        if f.key == "policy_domain"
        for v in f.values
    }
    assert after["justice"] == before.get("justice", 0) + 1


def test_search_api(client: Client, records) -> None:
    body = client.get("/api/v1/search/?q=reconnaissance&language=fr").json()
    assert [item["id"] for item in body["items"]] == [records["fr"].public_id]
    assert {"text": "Reconnaissance", "highlighted": True} in body["items"][0]["name_segments"]
    assert client.get("/api/v1/search/?organisation=nope").status_code == 422
    assert client.get("/api/v1/search/?colour=blue").status_code == 200  # unknown parameters are not facets
    bad = client.get("/api/v1/search/?policy_domain=astrology")
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["query", "policy_domain"]
    assert client.get("/api/v1/search/?cursor=forged").status_code == 422
    assert client.get("/api/v1/search/?limit=500").status_code == 422


def test_search_api_pages_through_everything(client: Client, records) -> None:
    seen, url = [], "/api/v1/search/?limit=1&sort=name"
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["items"]]
        url = f"/api/v1/search/?limit=1&sort=name&cursor={body['next_cursor']}" if body["next_cursor"] else ""
    assert len(seen) == 3 == len(set(seen))


def test_reindex_command_rebuilds_the_index(records) -> None:
    import io

    from django.core.management import call_command

    from algoscope.register.models import AlgorithmFacet

    AlgorithmFacet.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM register_search")
    assert found("algoritme") == []
    call_command("reindex_search", stdout=io.StringIO())
    assert found("algoritme") == [records["nl"].public_id]
    assert found("", country=["BE"])


def test_republishing_replaces_the_documents_of_that_record_only(records, editor: Actor, reviewer: Actor) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM register_search")
        before = cursor.fetchone()[0]
    algorithm = records["nl"]
    algorithm = services.algorithm_update(
        actor=editor,
        algorithm=algorithm,
        content=content(name={"nl": "Parkeerscan", "fr": None}, short_description={"nl": "Kentekens.", "fr": None}),
    )
    services.algorithm_publish(actor=reviewer, algorithm=services.algorithm_submit(actor=editor, algorithm=algorithm))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM register_search")
        assert cursor.fetchone()[0] == before
    assert found("parkeerscan") == [algorithm.public_id]
    assert found("reconnaissance") == [records["fr"].public_id]


def test_the_facet_index_is_brought_up_to_date_without_a_full_read(records, make_record, reviewer) -> None:
    """After publications and a retirement the updated index counts exactly what a full read of the table counts,
    including a value no record had before and records beyond the index's old size; it is no full read."""
    from django.db import connection

    from algoscope.register import services
    from algoscope.register.models import Algorithm
    from algoscope.register.search import facet_index as module
    from algoscope.register.search.facet_index import FacetIndex, facet_index

    def counts(index: FacetIndex) -> dict[str, list[tuple[str, int]]]:
        return {key: sorted(index.counts(key, index.public.copy())) for key in index.facets}

    first = facet_index()
    new = make_record("published", policy_domains=["defence", "justice"])  # "defence": new to the index
    retired = Algorithm.objects.get(pk=records["de"].pk)
    services.algorithm_retire(actor=reviewer, algorithm=retired, reason="Replaced.")
    full_reads = []
    original_build = FacetIndex._build

    def counting_build(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        full_reads.append(1)
        original_build(self, *args, **kwargs)

    FacetIndex._build = counting_build  # type: ignore[method-assign]
    try:
        module.forget_facet_index()
        module.facet_index()
        assert full_reads == [1]  # the counter sees a full read
        module._cache[next(iter(module._cache))] = first  # as it stood before the publication and the retirement
        updated = module.facet_index()
    finally:
        FacetIndex._build = original_build  # type: ignore[method-assign]
    assert full_reads == [1] and updated is not first and updated.marker > first.marker
    with connection.cursor() as cursor:
        cursor.execute("SELECT algorithm_id, facet, value FROM register_algorithmfacet")
        full = FacetIndex(updated.marker, cursor.fetchall())
    grouped = FacetIndex.from_groups(updated.marker, module.read_groups(connection))  # grouped by the database
    assert counts(updated) == counts(full) == counts(grouped)
    assert (grouped.public == full.public).all()
    assert ("defence", 1) in counts(updated)["policy_domain"] and updated.public[new.pk]
    assert facet_index() is updated  # nothing changed since: the same index
