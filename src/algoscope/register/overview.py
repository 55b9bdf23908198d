"""The register's figures for the public overview: the published records counted by each search facet (the same
counts as an unfiltered search, from the facet index, each row linking to that search) and new records per month;
then the figures other apps registered (``extensions.register_overview_figure``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from algoscope.register.extensions import Figure, FigureRow, overview_figures
from algoscope.register.facets import all_facets
from algoscope.register.models import Algorithm
from algoscope.register.search.facet_index import facet_index

MAX_ROWS = 15  # the largest values; the rest are summed in one row
SKIPPED_FACETS = frozenset({"content_language", "retired"})  # languages and retirement: facts of the records' pages
MONTHS = 24


def facet_figures() -> list[Figure]:
    index = facet_index()
    home = reverse("public:home")
    figures = []
    for facet in all_facets():
        if facet.key in SKIPPED_FACETS:
            continue
        counted = sorted(index.counts(facet.key, index.public), key=lambda row: (-row[1], row[0]))
        if not counted:
            continue
        shown, rest = counted[:MAX_ROWS], counted[MAX_ROWS:]
        labelled = facet.labelled([value for value, _count in shown])
        rows = []
        for value, count in shown:
            label, language = labelled.get(value, (value, ""))
            rows.append(FigureRow(label, count, f"{home}?{urlencode({facet.key: value})}", language))
        if rest:
            rows.append(FigureRow(_("%(n)s other values") % {"n": len(rest)}, sum(count for _v, count in rest)))
        figures.append(Figure(facet.key, str(facet.label), rows))
    return figures


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
