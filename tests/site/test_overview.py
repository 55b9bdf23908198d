"""The public overview: each figure a chart and its data table, the counts those of the register itself."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from algoscope.register.models import Algorithm

pytestmark = pytest.mark.django_db


def _table(page: str, key: str) -> dict[str, int]:
    section = page.split(f'id="fig-{key}"')[1].split("</section>")[0]
    rows = re.findall(
        r'<th scope="row"[^>]*>(?:<a href="[^"]*">)?([^<]+)(?:</a>)?</th><td class="num">([^<]+)</td>', section
    )
    return {label: int(count.replace(".", "").replace(",", "").replace("\xa0", "")) for label, count in rows}


def test_the_overview_counts_what_the_register_holds(client: Client, make_record: Any, make_org: Any) -> None:
    dutch_org = make_org("Gemeente Utrecht", country="NL", identifier_scheme="oin", identifier="00000001002564440000")
    for _ in range(3):
        make_record("published")
    make_record("published", organisation=dutch_org)
    make_record("draft")  # not public: not counted
    make_record("retired")
    page = client.get("/en/overview/").content.decode()
    public = Algorithm.objects.filter(published_version__isnull=False)
    countries = _table(page, "country")
    assert countries == {
        "Belgium": public.filter(organisation__country="BE").count(),
        "Netherlands": public.filter(organisation__country="NL").count(),
    }
    assert sum(countries.values()) == 5
    assert 'href="/en/?country=NL"' in page  # each row lists what it counts
    months = _table(page, "new_per_month")
    assert len(months) == 24 and months[date_format(timezone.localdate(), "YEAR_MONTH_FORMAT")] == 5
    # each figure drawn twice: for wide screens and, labels above the bars, for phones
    assert (
        page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2 * page.count('class="section overview-figure"') > 6
    )
    assert "5 published descriptions" in page


def test_the_overview_in_french_groups_its_numbers_and_links_from_every_page(client: Client) -> None:
    page = client.get("/fr/overview/").content.decode()
    assert "Le registre en chiffres" in page and 'href="/fr/overview/"' in client.get("/fr/").content.decode()


def test_an_organisation_named_only_in_dutch_is_marked_so_on_french_pages(client: Client, make_record: Any) -> None:
    """Its name is content in another language: the facet list and the overview say which (a screen reader then
    reads it as Dutch)."""
    record = make_record("published")
    slug, name = record.organisation.slug, record.organisation.name["nl"]
    home = client.get("/fr/").content.decode()
    assert f'<span lang="nl">{name}</span>' in home
    overview = client.get("/fr/overview/").content.decode()
    assert f'<th scope="row" lang="nl"><a href="/fr/?organisation={slug}">{name}</a></th>' in overview
    dutch = client.get("/nl/").content.decode()
    assert f'<span lang="nl">{name}</span>' not in dutch  # the page's own language: nothing to mark


def test_a_phone_gets_a_chart_with_labels_above_the_bars() -> None:
    """The wide chart shrank to unreadable labels at 320 px: phones get one drawn for them (labels on their own
    line, up to 42 characters), the page showing one or the other by its width."""
    from algoscope.common.charts import NARROW_WIDTH, narrow_bar_chart

    label = "Agence pour le développement de l'emploi"  # 40 characters: whole on a phone
    svg = narrow_bar_chart("Organisations", "numbers below", [(label, 2), ("VDAB", 3)])
    assert f'viewBox="0 0 {NARROW_WIDTH} ' in svg and f">{label.replace(chr(39), '&#x27;')}<" in svg
    css = (Path(__file__).resolve().parents[2] / "src/algoscope/static/css/algoscope.css").read_text()
    assert "@media (max-width: 30rem) { .figure-pair .chart-wide { display: none; }" in css
