from __future__ import annotations

import csv
import io

import pytest
from django.test import Client


def test_home_searches_with_facets_and_highlights(client: Client, records) -> None:
    page = client.get("/nl/?q=algoritme&country=BE&policy_domain=traffic_transport").content.decode()
    assert "<mark>Algoritmes</mark>" in page
    assert "1 algoritme" in page  # the page is in Dutch
    # a selected value's link removes it; other values add themselves
    assert "policy_domain=traffic_transport" in page and 'aria-current="true"' in page


@pytest.mark.parametrize(
    "query",
    [
        "?q=%22NEAR(*",
        "?policy_domain=astrology",
        "?colour=blue",
        "?sort=random",
        "?cursor=forged",
        "?q=" + "x" * 10_000,
    ],
)
def test_bad_search_input_gives_a_normal_page(client: Client, records, query: str) -> None:
    """A query the engine cannot take finds nothing and says so; a filter, order or cursor that does not exist is
    set aside and every record is listed."""
    response = client.get("/en/" + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="q"' in page  # the search box, to try again
    if query.startswith("?q="):
        assert "No published algorithm matches." in page and '<article class="card">' not in page
    else:
        assert page.count('<article class="card">') == len(records)


def test_unknown_filter_is_reported_on_the_page(client: Client, records) -> None:
    page = client.get("/en/?policy_domain=astrology").content.decode()
    assert "Ignored:" in page and "astrology" in page


def test_downloads_and_feed_of_a_search(client: Client, records) -> None:
    body = b"".join(client.get("/exports/search.csv?policy_domain=work").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["algorithm_id"] for row in rows] == [records["de"].public_id]
    data = b"".join(client.get("/exports/search.json?q=reconnaissance").streaming_content)
    assert records["fr"].public_id.encode() in data and records["nl"].public_id.encode() not in data
    feed = client.get(f"/feeds/search.atom?organisation={records['fr'].organisation.slug}").content
    assert records["fr"].public_id.encode() in feed and records["nl"].public_id.encode() not in feed


def test_search_feed_links_to_its_own_search(client: Client, records) -> None:
    first = client.get("/feeds/search.atom?policy_domain=work").content.decode()
    second = client.get("/feeds/search.atom?q=reconnaissance").content.decode()
    assert "?policy_domain=work" in first and "q=reconnaissance" not in first
    assert "?q=reconnaissance" in second and "policy_domain=work" not in second
