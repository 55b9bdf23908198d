"""The register's figures for the public overview: the published records counted by each search facet (the same
counts as an unfiltered search, from the facet index, each row linking to that search) and new records per month;
then the figures other apps registered (``extensions.register_overview_figure``). An organisation's page shows the
same facet figures for its own records, and the comparison of organisations puts them side by side."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import numpy as np
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from algoscope.common.charts import bar_chart, narrow_bar_chart
from algoscope.common.numbers import rounded
from algoscope.register.extensions import Figure, FigureRow, overview_figures
from algoscope.register.facets import all_facets
from algoscope.register.models import Algorithm
from algoscope.register.search.facet_index import FacetIndex, facet_index

MAX_ROWS = 15  # the largest values; the rest are summed in one row
SKIPPED_FACETS = frozenset({"content_language", "retired"})  # languages and retirement: facts of the records' pages
# The same for every record of one organisation: not a breakdown of its records.
ORGANISATION_FACETS = frozenset({"organisation", "organisation_type", "country", "region"})
MONTHS = 24


def facet_figures(organisation: str | None = None) -> list[Figure]:
    """Each facet's counts over the published records, or over one organisation's (its slug)."""
    index = facet_index()
    home = reverse("public:home")
    mask = index.public
    skipped = SKIPPED_FACETS
    scope: dict[str, str] = {}
    if organisation is not None:
        mask = _records_of(index, organisation)
        skipped = SKIPPED_FACETS | ORGANISATION_FACETS
        scope = {"organisation": organisation}
    figures = []
    for facet in all_facets():
        if facet.key in skipped:
            continue
        counted = sorted(index.counts(facet.key, mask), key=lambda row: (-row[1], row[0]))
        if not counted:
            continue
        shown, rest = counted[:MAX_ROWS], counted[MAX_ROWS:]
        labelled = facet.labelled([value for value, _count in shown])
        rows = []
        for value, count in shown:
            label, language = labelled.get(value, (value, ""))
            rows.append(FigureRow(label, count, f"{home}?{urlencode({**scope, facet.key: value})}", language))
        if rest:
            rows.append(FigureRow(_("%(n)s other values") % {"n": len(rest)}, sum(count for _v, count in rest)))
        figures.append(Figure(facet.key, str(facet.label), rows))
    return figures


def _records_of(index: FacetIndex, organisation: str) -> np.ndarray:
    """The mask of an organisation's public records (its slug)."""
    return index.having("organisation", [organisation]) & index.public


def new_records_per_month(today: dt.date | None = None) -> Figure:
    """Records published for the first time in each of the last 24 months (retired ones included: they were new)."""
    today = today or timezone.localdate()
    back = today.year * 12 + today.month - 1 - (MONTHS - 1)  # months since year 0, MONTHS - 1 before this one
    first = dt.date(back // 12, back % 12 + 1, 1)
    since = timezone.make_aware(dt.datetime.combine(first, dt.time()))
    published = Algorithm.objects.filter(published_version__isnull=False, first_published_at__gte=since)
    counted = Counter(
        (moment.year, moment.month)
        for moment in (timezone.localtime(m) for m in published.values_list("first_published_at", flat=True))
    )
    rows, month = [], first
    while month <= today:
        rows.append(FigureRow(date_format(month, "YEAR_MONTH_FORMAT"), counted.get((month.year, month.month), 0)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return Figure("new_per_month", _("New records per month"), rows, _("Records published for the first time."))


def overview() -> list[Figure]:
    figures = [*facet_figures(), new_records_per_month()]
    figures += [figure for extra in overview_figures() if (figure := extra.compute()) is not None]
    return figures


@dataclass(frozen=True)
class Comparison:
    """Organisations side by side: for each compared facet, its values (rows) counted per organisation (columns)."""

    totals: list[int]
    sections: list[tuple[str, list[tuple[str, list[int]]]]]  # (facet title, [(value label, count per organisation)])


def comparison(slugs: list[str]) -> Comparison:
    index = facet_index()
    masks = [_records_of(index, slug) for slug in slugs]
    sections = []
    for facet in all_facets():
        if facet.key in SKIPPED_FACETS | ORGANISATION_FACETS:
            continue
        per_organisation = [dict(index.counts(facet.key, mask)) for mask in masks]
        values = sorted({value for counts in per_organisation for value in counts})
        if not values:
            continue
        labelled = facet.labelled(values)
        rows = [(labelled.get(v, (v, ""))[0], [counts.get(v, 0) for counts in per_organisation]) for v in values]
        sections.append((str(facet.label), sorted(rows, key=lambda row: (-sum(row[1]), row[0]))))
    return Comparison([int(mask.sum()) for mask in masks], sections)


def charted(figures: list[Figure], language: str) -> list[dict[str, Any]]:
    """Each figure with its bar chart (SVG, in the page's language), for ``register/_figure.html``."""

    def number(count: int) -> str:
        return rounded(count, 0, grouping=True)

    shown = []
    for figure in figures:
        rows = [(row.label, row.count) for row in figure.rows]
        languages = [row.language if row.language != language else "" for row in figure.rows]
        description = _("%(title)s: the numbers are in the table that follows.") % {"title": figure.title}
        chart = mark_safe(bar_chart(figure.title, description, rows, number, languages))  # noqa: S308  (escaped)
        narrow = mark_safe(narrow_bar_chart(figure.title, description, rows, number, languages))  # noqa: S308
        shown.append({"figure": figure, "chart": chart, "chart_narrow": narrow})
    return shown
