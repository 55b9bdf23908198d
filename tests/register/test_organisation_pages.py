"""An organisation's public page (its records in figures, its contact points, its feed and downloads) and the
side-by-side comparison of organisations, checked against counts made here from the records themselves."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_organisations(make_record: Any, org: Any, other_org: Any) -> dict[str, Any]:
    make_record(publication_category="high_risk_ai", contact_email="algoritmes@example.be")
    make_record(publication_category="other", contact_email="algoritmes@example.be")
    make_record(publication_category="other", contact_email="https://teststad.example/contact")
    make_record("draft", publication_category="other", contact_email="draft-only@example.be")  # not public
    make_record(organisation=other_org, publication_category="impactful", contact_email="x@andere.example")
    return {"org": org, "other": other_org}


def _table(page: str, title: str) -> dict[str, int]:
    """The data table of the figure ``title``: {row label: count}."""
    section = page.split(f">{title}</h3>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<th scope="row"[^>]*>(?:<a href="[^"]*">)?([^<]+)(?:</a>)?</th><td class="num">(\d+)</td>', section
    )
    return {label: int(count) for label, count in rows}


def test_an_organisation_page_shows_its_records_in_figures(client: Client, two_organisations: dict[str, Any]) -> None:
    org = two_organisations["org"]
    page = client.get(f"/en/organisations/{org.slug}/").content.decode()
    assert "3 published descriptions." in page  # the draft is not counted
    categories = _table(page, "Publication category")
    assert categories == {"Other algorithm": 2, "High-risk AI system": 1}
    # each row leads to the search for that organisation and that value
    assert f'href="/en/?organisation={org.slug}&amp;publication_category=other"' in page
    # facets that are the same for every record of one organisation are not a breakdown
    assert 'id="fig-country"' not in page and 'id="fig-organisation"' not in page
    # its contact points, the most used first, an e-mail address as mailto and a web form as a link
    contact = page.split(">Contact</h2>", 1)[1].split("</ul>", 1)[0]
    assert contact.index("algoritmes@example.be") < contact.index("teststad.example")
    assert 'href="mailto:algoritmes@example.be"' in contact and 'href="https://teststad.example/contact"' in contact
    assert "draft-only" not in page
    # its feed and downloads are the search's, filtered by it
    for link in (f"/feeds/search.atom?organisation={org.slug}", f"/exports/search.csv?organisation={org.slug}"):
        assert f'href="{link}"' in page
        assert client.get(link).status_code == 200
    feed = client.get(f"/feeds/search.atom?organisation={org.slug}").content.decode()
    assert feed.count("<entry>") == 3


def test_organisations_side_by_side(client: Client, two_organisations: dict[str, Any]) -> None:
    org, other = two_organisations["org"], two_organisations["other"]
    page = client.get(f"/nl/organisations/compare/?o={org.slug}&o={other.slug}").content.decode()
    table = page.split("<table", 1)[1].split("</table>", 1)[0]
    heads = re.findall(r'<th scope="col" class="num"[^>]*><a href="([^"]+)">', table)
    assert heads == [f"/nl/organisations/{org.slug}/", f"/nl/organisations/{other.slug}/"]
    totals = re.search(
        r"<tr><th scope=\"row\">[^<]+</th><td class=\"num\"><strong>(\d+)</strong></td>"
        r"<td class=\"num\"><strong>(\d+)</strong></td></tr>",
        table,
    )
    assert totals and totals.groups() == ("3", "1")
    rows = dict(
        (label, (int(a), int(b)))
        for label, a, b in re.findall(
            r'<tr><th scope="row">([^<]+)</th><td class="num">(\d+)</td><td class="num">(\d+)</td></tr>', table
        )
    )
    assert rows["Ander algoritme"] == (2, 0) and rows["Impactvol algoritme"] == (0, 1)


def test_a_comparison_refuses_what_it_cannot_show(client: Client, two_organisations: dict[str, Any]) -> None:
    org = two_organisations["org"]
    assert client.get("/en/organisations/compare/?o=no-such-organisation").status_code == 404
    one = client.get(f"/en/organisations/compare/?o={org.slug}").content.decode()
    assert "Choose at least two organisations." in one and "<table" not in one
    assert client.get("/en/organisations/compare/").status_code == 200  # the form alone
    many = client.get("/en/organisations/compare/?" + "&".join(f"o={org.slug}{n}" for n in range(6)))
    assert many.status_code == 404  # unknown organisations, not silently dropped


def test_an_organisation_name_in_another_language_is_marked_wherever_it_is_shown(
    client: Client, two_organisations: dict[str, Any]
) -> None:
    """The test organisations are named in Dutch only: on French pages their names carry ``lang="nl"``."""
    org = two_organisations["org"]
    marked = f'lang="nl">{org.name["nl"]}</a>'
    home = client.get("/fr/").content.decode()
    assert home.count(marked) >= 3  # each result card of its three records
    record = org.algorithms.filter(published_version__isnull=False).first()
    page = client.get(f"/fr/algorithms/{record.public_id}/").content.decode()
    assert page.count(marked) == 2  # the breadcrumb and the facts
    compare = client.get(f"/fr/organisations/compare/?o={org.slug}&o={two_organisations['other'].slug}")
    assert f'lang="nl"><a href="/fr/organisations/{org.slug}/">' in compare.content.decode()
    assert f'<a href="/nl/organisations/{org.slug}/">{org.name["nl"]}</a>' in client.get("/nl/").content.decode()
