"""Export of the register in the other standards: published records (public) or an organisation's working copies
(its editors, and the operator on the command line), and the DCAT-AP catalogue of the downloads.

The AI Act app registers the Annex VIII export here (it needs the assessments): the register does not import it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation

from algoscope.accounts.identifiers import Identifier
from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor, require
from algoscope.common.errors import InvalidInput
from algoscope.common.multilingual import LANGUAGES, resolve_text
from algoscope.interop.standards import ALL_STANDARDS, DCAT_AP, EXPORT_ONLY, STANDARDS, dcat
from algoscope.interop.standards.enums import AI_ACT_SEVERITY
from algoscope.interop.standards.files import MEDIA_TYPES
from algoscope.interop.standards.model import ExportRecord, NotHeld
from algoscope.register.models import Algorithm, AlgorithmFacet, AlgorithmVersion
from algoscope.register.selectors import algorithm_public_queryset


@dataclass
class ExportFile:
    data: bytes
    media_type: str
    filename: str
    count: int
    not_held: list[NotHeld] = field(default_factory=list)  # fields of written records the standard cannot hold
    warnings: list[NotHeld] = field(default_factory=list)
    left_out: list[NotHeld] = field(default_factory=list)  # whole records not in the file, with the reason

    def report(self) -> dict[str, Any]:
        return {
            "records": self.count,
            "left_out": [{"record": n.public_id, "reason": n.reason} for n in self.left_out],
            "not_held": [n.as_dict() for n in self.not_held],
            "notices": [n.as_dict() for n in self.warnings],
        }


Exporter = Callable[..., "ExportFile"]
_EXPORTERS: dict[str, Exporter] = {}


def register_export_standard(name: str, exporter: Exporter) -> None:
    _EXPORTERS[name] = exporter


def _algorithms(organisation: Organisation | None, working_copies: bool) -> Iterator[tuple[Algorithm, dict[str, Any]]]:
    if working_copies:
        qs = Algorithm.objects.filter(organisation=organisation).select_related("organisation").order_by("public_id")
        for algorithm in qs.iterator(chunk_size=500):
            yield algorithm, algorithm.content
        return
    qs = algorithm_public_queryset().order_by("public_id")
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    for algorithm in qs.iterator(chunk_size=500):
        assert algorithm.published_version is not None
        yield algorithm, algorithm.published_version.content


def _ai_act_classes(ids: list[int]) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    for algorithm_id, value in AlgorithmFacet.objects.filter(algorithm_id__in=ids, facet="ai_act_class").values_list(
        "algorithm_id", "value"
    ):
        found.setdefault(algorithm_id, []).append(value)
    return {pk: next((c for c in AI_ACT_SEVERITY if c in values), "") for pk, values in found.items()}


def export_records(
    *, organisation: Organisation | None, working_copies: bool, base_url: str, language: str
) -> list[ExportRecord]:
    rows = list(_algorithms(organisation, working_copies))
    classes = _ai_act_classes([a.pk for a, _c in rows])
    first_dates = dict(
        AlgorithmVersion.objects.filter(algorithm_id__in=[a.pk for a, _c in rows], number=1).values_list(
            "algorithm_id", "published_at"
        )
    )
    out = []
    for algorithm, content in rows:
        org = algorithm.organisation
        first = first_dates.get(algorithm.pk)
        with translation.override(language):
            url = base_url + algorithm.get_absolute_url()
        out.append(
            ExportRecord(
                public_id=algorithm.public_id,
                url=url,
                organisation_name=resolve_text(
                    org.name, content.get("original_language") or language, org.original_language
                ).text,
                organisation_identifier=org.identifier,
                organisation_type=org.org_type,
                content=content,
                first_published=first.date().isoformat() if first else "",
                last_published=algorithm.published_at.date().isoformat() if algorithm.published_at else "",
                retired_on=algorithm.retired_at.date().isoformat() if algorithm.retired_at else "",
                ai_act_class=classes.get(algorithm.pk, ""),
            )
        )
    return out


def interop_export(
    *,
    standard: str,
    fmt: str | None = None,
    organisation: Organisation | None = None,
    working_copies: bool = False,
    actor: Actor | None = None,
    language: str | None = None,
    base_url: str = "",
) -> ExportFile:
    if standard not in ALL_STANDARDS:
        raise InvalidInput.single(
            ("standard",), "unknown-code", f"unknown standard {standard!r}; one of {', '.join(ALL_STANDARDS)}"
        )
    formats = STANDARDS[standard].formats if standard in STANDARDS else EXPORT_ONLY[standard]
    fmt = fmt or formats[0]
    if fmt not in formats:
        raise InvalidInput.single(("format",), "unknown-code", f"{standard} is written as {' or '.join(formats)}")
    if language is not None and language not in LANGUAGES:
        raise InvalidInput.single(("language",), "unknown-code", f"unknown language {language!r}; use nl, fr, de or en")
    if working_copies:
        if organisation is None:
            raise InvalidInput.single(("organisation",), "required", "working copies are exported per organisation")
        require(actor or Actor(), "algorithm.import", organisation.pk)
    scope = organisation.slug if organisation else "all"
    filename = f"algoscope-{scope}-{standard}.{fmt}"
    if standard == DCAT_AP:
        return _dcat(base_url, filename)
    if standard in _EXPORTERS:
        return _EXPORTERS[standard](
            organisation=organisation,
            working_copies=working_copies,
            language=language or "en",
            base_url=base_url,
            filename=filename,
        )
    mapper = STANDARDS[standard]
    records = export_records(
        organisation=organisation, working_copies=working_copies, base_url=base_url, language=language or "en"
    )
    result = mapper.write(records, fmt=fmt, language=language)
    return ExportFile(result.data, result.media_type, filename, len(records), result.not_held, result.warnings)


_FORMAT_CODES = {"csv": "CSV", "json": "JSON", "jsonld": "JSON_LD", "xlsx": "XLSX"}  # EU file-type vocabulary
CONFORMS_TO = {
    "nl-algoritmeregister": "https://regels.overheid.nl/standaarden/algoritmeregister-publicatiestandaard",
    "eurocities-ats": "https://www.algorithmregister.org/standard",
    "uk-atrs": "https://www.gov.uk/government/collections/algorithmic-transparency-recording-standard-hub",
}


def _distributions(base_url: str, organisation: Organisation | None) -> list[dcat.Distribution]:
    query = f"?organisation={organisation.slug}" if organisation else ""
    out = []
    for key, mapper in STANDARDS.items():
        for fmt in mapper.formats:
            media, code = MEDIA_TYPES[fmt], _FORMAT_CODES[fmt]
            url = (
                base_url + reverse("api:interop_export", args=[key]) + (query + "&" if query else "?") + f"format={fmt}"
            )
            out.append(dcat.Distribution(url, f"{mapper.label} ({fmt.upper()})", media, code, CONFORMS_TO.get(key, "")))
    return out


def _dcat(base_url: str, filename: str) -> ExportFile:
    site = base_url + "/"
    datasets = [
        dcat.Dataset(
            identifier="algoscope-register",
            url=site,
            titles={
                "en": "Algorithm register",
                "nl": "Algoritmeregister",
                "fr": "Registre des algorithmes",
                "de": "Algorithmenregister",
            },
            descriptions={
                "en": "Algorithms and AI systems used by public administrations, with their history.",
                "nl": "Algoritmes en AI-systemen die overheden gebruiken, met hun geschiedenis.",
                "fr": "Algorithmes et systèmes d'IA des administrations, avec leur historique.",
                "de": "Algorithmen und KI-Systeme der öffentlichen Verwaltung, mit ihrer Geschichte.",
            },
            publisher_name="Algoscope",
            publisher_id=site,
            modified=_modified(None),
            distributions=_distributions(base_url, None),
            keywords=("algorithms", "artificial intelligence", "transparency", "AI Act"),
            countries=sorted(set(Organisation.objects.values_list("country", flat=True))),
            issued=_issued(None),
            contact_url=site,
        )
    ]
    orgs = Organisation.objects.filter(algorithms__published_version__isnull=False).distinct().order_by("slug")
    for org in orgs:
        names = {lang: text for lang, text in (org.name or {}).items() if text}
        datasets.append(
            dcat.Dataset(
                identifier=f"algoscope-register-{org.slug}",
                url=base_url + org.get_absolute_url(),
                titles={
                    lang: f"Algorithm register: {name}" if lang == "en" else f"{_TITLE[lang]}: {name}"
                    for lang, name in names.items()
                },
                descriptions={lang: f"{_DESCRIPTION[lang]} {name}." for lang, name in names.items()},
                publisher_name=org.display_name(org.original_language),
                publisher_id=f"{org.identifier_scheme}:{org.identifier}",
                modified=_modified(org),
                distributions=_distributions(base_url, org),
                publisher_iri=Identifier(org.identifier_scheme, org.identifier).iri,
                countries=(org.country,),
                issued=_issued(org),
                contact_url=org.website or base_url + org.get_absolute_url(),
            )
        )
    body = dcat.catalogue(
        url=base_url + reverse("api:interop_export", args=[DCAT_AP]),
        titles={
            "en": "Algoscope catalogue",
            "nl": "Algoscope-catalogus",
            "fr": "Catalogue Algoscope",
            "de": "Algoscope-Katalog",
        },
        descriptions={
            "en": "The public algorithm register, in its own format and in the standards it writes.",
            "nl": "Het publieke algoritmeregister, in het eigen formaat en in de standaarden die het schrijft.",
            "fr": "Le registre public des algorithmes, dans son format et dans les standards qu'il écrit.",
            "de": "Das öffentliche Algorithmenregister, im eigenen Format und in den Standards, die es schreibt.",
        },
        publisher="Algoscope",
        homepage=site,
        datasets=datasets,
        modified=_modified(None),
        issued=_issued(None),
    )
    data = json.dumps(body, ensure_ascii=False, indent=2).encode()
    return ExportFile(data, MEDIA_TYPES["jsonld"], filename, len(datasets))


_TITLE = {
    "nl": "Algoritmeregister",
    "fr": "Registre des algorithmes",
    "de": "Algorithmenregister",
    "en": "Algorithm register",
}
_DESCRIPTION = {
    "nl": "De gepubliceerde algoritmes van",
    "fr": "Les algorithmes publiés de",
    "de": "Die veröffentlichten Algorithmen von",
    "en": "The published algorithms of",
}


def _issued(org: Organisation | None) -> str:
    """The day the first record (of ``org``) was published; "" before any."""
    qs = AlgorithmVersion.objects.all()
    if org is not None:
        qs = qs.filter(algorithm__organisation=org)
    first = qs.order_by("published_at").values_list("published_at", flat=True).first()
    return first.date().isoformat() if first else ""


def _modified(org: Organisation | None) -> str:
    qs = Algorithm.objects.filter(published_at__isnull=False)
    if org is not None:
        qs = qs.filter(organisation=org)
    latest = qs.order_by("-published_at").values_list("published_at", flat=True).first()
    return (latest or timezone.now()).date().isoformat()
