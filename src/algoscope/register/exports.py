"""Bulk downloads of the public register (CSV, JSON) and the Atom feed of publications.

Every row carries the stable algorithm id and the stable organisation id (KBO/BCE, OIN, TOOI or RCS), so that
people who sync the register never have to match on names. CSV cells that a spreadsheet would run as a formula
are neutralised.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed

from algoscope.accounts.models import Organisation
from algoscope.common.multilingual import LANGUAGES, resolve_text
from algoscope.common.ratelimits import anonymous_limit
from algoscope.common.textfiles import spreadsheet_safe, without_non_text
from algoscope.register.api import algorithm_out
from algoscope.register.changes import MAX_CHANGES, kind_keys, newest_versions, recent_changes
from algoscope.register.content import FIELDS, Kind
from algoscope.register.extensions import Change
from algoscope.register.models import Algorithm, AlgorithmVersion
from algoscope.register.search.params import search_params
from algoscope.register.search.selector import algorithm_search_ids
from algoscope.register.selectors import algorithm_public_queryset
from algoscope.register.views_public import public_record_or_404


def csv_columns() -> list[str]:
    columns = [
        "algorithm_id",
        "version",
        "published_at",
        "retired_at",
        "url",
        "organisation_id",
        "organisation_identifier",
        "organisation_name",
    ]
    for spec in FIELDS:
        if spec.kind in (Kind.I18N_TEXT, Kind.I18N_MARKDOWN):
            columns += [f"{spec.key}_{lang}" for lang in LANGUAGES]
        else:
            columns.append(spec.key)
    return columns


def _cell(spec_kind: Kind, value: Any) -> str:
    if spec_kind in (Kind.CODES, Kind.KEYWORDS):
        return "; ".join(value or [])
    if spec_kind in (Kind.LINKS, Kind.ASSESSMENTS, Kind.RISKS, Kind.EXTENSIONS):
        return json.dumps(value or [], ensure_ascii=False) if value else ""
    return str(value or "")


def csv_row(request: HttpRequest, algorithm: Algorithm, version: AlgorithmVersion) -> list[str]:
    organisation = algorithm.organisation
    row = [
        algorithm.public_id,
        str(version.number),
        version.published_at.isoformat(),
        algorithm.retired_at.isoformat() if algorithm.retired_at else "",
        request.build_absolute_uri(algorithm.get_absolute_url()),
        organisation.slug,
        organisation.identifier,
        resolve_text(organisation.name, organisation.original_language, organisation.original_language).text,
    ]
    for spec in FIELDS:
        value = version.content.get(spec.key)
        if spec.kind in (Kind.I18N_TEXT, Kind.I18N_MARKDOWN):
            row += [(value or {}).get(lang, "") for lang in LANGUAGES]
        else:
            row.append(_cell(spec.kind, value))
    return [spreadsheet_safe(cell) for cell in row]


class _Echo:
    def write(self, value: str) -> str:
        return value


# ``?separator=``: a comma (the standard, RFC 4180), or a semicolon, which spreadsheet programs set to a Belgian,
# Dutch, Luxembourg or German locale expect (their decimal comma takes the comma), so that a double click opens the
# columns. Every download has a UTF-8 byte-order mark and CRLF line ends either way.
SEPARATORS = {"comma": ",", "semicolon": ";"}


class BadSeparator(ValueError):
    pass


def separator_of(request: HttpRequest) -> str:
    name = request.GET.get("separator") or "comma"
    if name not in SEPARATORS:
        raise BadSeparator(f"separator must be one of {', '.join(SEPARATORS)}, not {name[:40]!r}")
    return SEPARATORS[name]


def stream_csv(rows: Iterable[list[str]], filename: str, request: HttpRequest) -> HttpResponseBase:
    try:
        delimiter = separator_of(request)
    except BadSeparator as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL, delimiter=delimiter)
    # A BOM so that spreadsheet programs read the UTF-8 correctly.
    body = (("\ufeff" if i == 0 else "") + writer.writerow(row) for i, row in enumerate(rows))
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _published() -> Iterator[Algorithm]:
    return algorithm_public_queryset().order_by("public_id").iterator(chunk_size=500)


def _searched(request: HttpRequest) -> Iterator[Algorithm]:
    """The records of the search in the query string, in result order, in chunks."""
    q, filters, sort, _ignored = search_params(request)
    ids = algorithm_search_ids(q=q, filters=filters, sort=sort)
    for start in range(0, len(ids), 500):
        chunk = algorithm_public_queryset().in_bulk(ids[start : start + 500])
        yield from (chunk[i] for i in ids[start : start + 500] if i in chunk)


def _csv(request: HttpRequest, records: Iterator[Algorithm], filename: str) -> HttpResponseBase:
    def rows() -> Iterator[list[str]]:
        yield csv_columns()
        for algorithm in records:
            assert algorithm.published_version is not None
            yield csv_row(request, algorithm, algorithm.published_version)

    return stream_csv(rows(), filename, request)


def _json(request: HttpRequest, records: Iterator[Algorithm], filename: str) -> StreamingHttpResponse:
    def chunks() -> Iterator[str]:
        yield '{"algorithms": ['
        for i, algorithm in enumerate(records):
            yield ("," if i else "") + json.dumps(
                algorithm_out(request, algorithm), cls=DjangoJSONEncoder, ensure_ascii=False
            )
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@anonymous_limit("downloads")
def algorithms_csv(request: HttpRequest) -> HttpResponseBase:
    return _csv(request, _published(), "algoscope-algorithms.csv")


@anonymous_limit("downloads")
def algorithms_json(request: HttpRequest) -> StreamingHttpResponse:
    return _json(request, _published(), "algoscope-algorithms.json")


def record_history_csv(request: HttpRequest, public_id: str) -> HttpResponseBase:
    """Every published version of one record, one row each (its publication history)."""
    algorithm = public_record_or_404(public_id)

    def rows() -> Iterator[list[str]]:
        yield csv_columns()
        for version in algorithm.versions.order_by("number"):
            yield csv_row(request, algorithm, version)

    return stream_csv(rows(), f"{algorithm.public_id}-history.csv", request)


def record_json(request: HttpRequest, public_id: str) -> HttpResponse:
    """One record: its current version and every published version, as JSON."""
    algorithm = public_record_or_404(public_id)
    body = {
        **algorithm_out(request, algorithm),
        "versions": [
            {
                "number": v.number,
                "published_at": v.published_at,
                "change_summary": v.change_summary,
                "content": v.content,
            }
            for v in algorithm.versions.order_by("number")
        ],
    }
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{algorithm.public_id}.json"'
    return response


@anonymous_limit("downloads")
def search_csv(request: HttpRequest) -> HttpResponseBase:
    """The records of a search (same query string as the home page), as CSV."""
    return _csv(request, _searched(request), "algoscope-search.csv")


@anonymous_limit("downloads")
def search_json(request: HttpRequest) -> StreamingHttpResponse:
    return _json(request, _searched(request), "algoscope-search.json")


@anonymous_limit("downloads")
def organisations_csv(request: HttpRequest) -> HttpResponseBase:
    def rows() -> Iterator[list[str]]:
        yield [
            "organisation_id",
            "identifier_scheme",
            "identifier",
            "type",
            "country",
            "parent_id",
            "website",
            *[f"name_{lang}" for lang in LANGUAGES],
        ]
        for org in Organisation.objects.select_related("parent").order_by("slug"):
            yield [
                spreadsheet_safe(cell)
                for cell in [
                    org.slug,
                    org.identifier_scheme,
                    org.identifier,
                    org.org_type,
                    org.country,
                    org.parent.slug if org.parent else "",
                    org.website,
                    *[org.name.get(lang, "") for lang in LANGUAGES],
                ]
            ]

    return stream_csv(rows(), "algoscope-organisations.csv", request)


class VersionItems:
    """How a publication (an ``AlgorithmVersion``) appears in a feed."""

    item_guid_is_permalink = False

    def item_title(self, item: AlgorithmVersion) -> str:
        name = without_non_text(item.text("name", "en").text)  # a text stored before validation refused them
        return f"{name} (version {item.number})"

    def item_description(self, item: AlgorithmVersion) -> str:
        return without_non_text(item.text("short_description", "en").text)

    def item_link(self, item: AlgorithmVersion) -> str:
        return reverse("public:algorithm_version", args=[item.algorithm.public_id, item.number])

    def item_guid(self, item: AlgorithmVersion) -> str:
        return f"urn:algoscope:{item.algorithm.public_id}:v{item.number}"

    def item_pubdate(self, item: AlgorithmVersion) -> Any:
        return item.published_at

    def item_updateddate(self, item: AlgorithmVersion) -> Any:
        return item.published_at

    def item_author_name(self, item: AlgorithmVersion) -> str:
        return without_non_text(item.organisation.display_name("en"))


class PublicationsFeed(VersionItems, Feed):  # type: ignore[type-arg]  # Feed's generics add nothing here
    """Every publication (new record or new version), newest first."""

    feed_type = Atom1Feed
    title = "Algoscope: publications in the algorithm register"
    subtitle = "New and updated descriptions of algorithms used by public administrations."

    def link(self) -> str:
        return reverse("public:home")

    def items(self) -> Any:
        return newest_versions(AlgorithmVersion.objects.all(), 100)


class SearchFeed(VersionItems, Feed):  # type: ignore[type-arg]
    """Publications of the records matching a search: subscribe to "records of my municipality"."""

    feed_type = Atom1Feed
    subtitle = "New and updated descriptions of algorithms matching a search in the register."

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # The feed object is shared by every request: the search travels in ``obj``, never on ``self``.
        q, filters, _sort, _ignored = search_params(request)
        return {"q": q, "filters": filters, "query_string": request.GET.urlencode()}

    def title(self, obj: Any) -> str:
        parts = [obj["q"]] if obj["q"] else []
        parts += [f"{key}={','.join(values)}" for key, values in obj["filters"].items()]
        return "Algoscope: publications" + (f" matching {'; '.join(parts)}" if parts else "")

    def link(self, obj: Any) -> str:
        return reverse("public:home") + (f"?{obj['query_string']}" if obj["query_string"] else "")

    def items(self, obj: Any) -> Any:
        ids = algorithm_search_ids(q=obj["q"], filters=obj["filters"], sort="published", cap=5000)
        return newest_versions(AlgorithmVersion.objects.filter(algorithm_id__in=ids), 100)


class ChangesFeed(Feed):  # type: ignore[type-arg]
    """Recent public changes, of every kind or of the kinds asked for (``?kind=publications&kind=audits``)."""

    feed_type = Atom1Feed
    subtitle = "Publications, retirements, AI Act assessments and audits of algorithms used by public administrations."
    item_guid_is_permalink = False

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        raw = request.GET.getlist("kind")
        kinds = kind_keys(raw)
        if raw and kinds is None:
            raise Http404("unknown kind of change")
        return {"kinds": kinds}

    def title(self, obj: Any) -> str:
        return "Algoscope: recent changes" + (f" ({', '.join(obj['kinds'])})" if obj["kinds"] else "")

    def link(self, obj: Any) -> str:
        query = urlencode([("kind", key) for key in obj["kinds"] or []])
        return reverse("public:changes") + (f"?{query}" if query else "")

    def items(self, obj: Any) -> list[Change]:
        with translation.override("en"):
            return recent_changes(obj["kinds"], "en", MAX_CHANGES)

    def item_title(self, item: Change) -> str:
        name = without_non_text(resolve_text(item.name, "en", item.original_language).text)
        return f"{name}: {without_non_text(item.summary)}"

    def item_description(self, item: Change) -> str:
        return without_non_text(f"{item.summary} {item.note}".strip())

    def item_link(self, item: Change) -> str:
        return item.link

    def item_guid(self, item: Change) -> str:
        return item.guid

    def item_pubdate(self, item: Change) -> Any:
        return item.at

    def item_updateddate(self, item: Change) -> Any:
        return item.at

    def item_categories(self, item: Change) -> list[str]:
        return [item.kind]
