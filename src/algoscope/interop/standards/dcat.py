"""A DCAT-AP 3 catalogue (JSON-LD) of the register's datasets, for data.gov.be and data.europa.eu. Pure Python.

The datasets are the register itself and each organisation's part of it; their distributions are the downloads
in every format and standard the register writes. It conforms to the official DCAT-AP 3.0.0 SHACL shapes
(tested with pyshacl): mandatory properties are always present, every referenced resource carries the class the
shapes expect, and the recommended properties are there: the catalogue's themes taxonomy and issue date, each
dataset's contact point, publisher (an IRI: KBO/BCE, TOOI, or a URN for OIN and RCS), spatial coverage (the EU
country authority), temporal coverage, issue and modification dates, theme and keywords. Titles and descriptions
carry a language tag.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CONTEXT = {
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_THEME_GOVERNMENT = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
EU_LICENCE_CC0 = "http://publications.europa.eu/resource/authority/licence/CC0"
EU_THEMES = "http://publications.europa.eu/resource/authority/data-theme"
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
EU_ACCESS_PUBLIC = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
COUNTRY_CODES = {"BE": "BEL", "NL": "NLD", "LU": "LUX"}
LANGUAGE_CODES = {"nl": "NLD", "fr": "FRA", "de": "DEU", "en": "ENG"}


@dataclass(frozen=True)
class Distribution:
    url: str
    title: str
    media_type: str
    file_type: str  # EU file-type authority code: CSV, JSON, JSON_LD
    conforms_to: str = ""  # the standard's page, when the file follows one


@dataclass(frozen=True)
class Dataset:
    identifier: str
    url: str
    titles: Mapping[str, str]  # per language
    descriptions: Mapping[str, str]
    publisher_name: str
    publisher_id: str
    modified: str  # YYYY-MM-DD or ""
    distributions: Sequence[Distribution]
    keywords: Sequence[str] = ()
    publisher_iri: str = ""  # the organisation as an IRI (``Identifier.iri``)
    countries: Sequence[str] = ()  # ISO 3166 alpha-2 of the spatial coverage
    issued: str = ""  # YYYY-MM-DD of the first publication
    contact_name: str = ""
    contact_url: str = ""
    contact_email: str = ""


def _texts(values: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"@value": text, "@language": lang} for lang, text in values.items() if text]


def _ref(iri: str, cls: str) -> dict[str, str]:
    """A reference to a resource with the class DCAT-AP's shapes expect of it."""
    return {"@id": iri, "@type": cls}


def _date(value: str) -> dict[str, str]:
    return {"@value": value, "@type": "xsd:date"}


def catalogue(
    *,
    url: str,
    titles: Mapping[str, str],
    descriptions: Mapping[str, str],
    publisher: str,
    homepage: str,
    datasets: Sequence[Dataset],
    modified: str,
    issued: str = "",
) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@id": url,
        "@type": "dcat:Catalog",
        "dct:title": _texts(titles),
        "dct:description": _texts(descriptions),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": publisher},
        "foaf:homepage": _ref(homepage, "foaf:Document"),
        "dct:language": [_ref(EU_LANGUAGE + code, "dct:LinguisticSystem") for code in LANGUAGE_CODES.values()],
        "dct:license": _ref(EU_LICENCE_CC0, "dct:LicenseDocument"),
        "dcat:themeTaxonomy": {
            **_ref(EU_THEMES, "skos:ConceptScheme"),
            "dct:title": {"@value": "Data theme", "@language": "en"},
        },
        **({"dct:modified": _date(modified)} if modified else {}),
        **({"dct:issued": _date(issued)} if issued else {}),
        "dcat:dataset": [_dataset(d) for d in datasets],
    }


def _publisher(d: Dataset) -> dict[str, Any]:
    agent: dict[str, Any] = {"@type": "foaf:Agent", "foaf:name": d.publisher_name, "dct:identifier": d.publisher_id}
    return {"@id": d.publisher_iri, **agent} if d.publisher_iri else agent


def _contact(d: Dataset) -> dict[str, Any]:
    contact: dict[str, Any] = {
        "@type": ["vcard:Kind", "vcard:Organization"],
        "vcard:fn": d.contact_name or d.publisher_name,
    }
    if d.contact_email:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{d.contact_email}"}
    if d.contact_url:
        contact["vcard:hasURL"] = {"@id": d.contact_url}
    return contact


def _dataset(d: Dataset) -> dict[str, Any]:
    return {
        "@id": d.url,
        "@type": "dcat:Dataset",
        "dct:identifier": d.identifier,
        "dct:title": _texts(d.titles),
        "dct:description": _texts(d.descriptions),
        "dct:publisher": _publisher(d),
        "dcat:contactPoint": _contact(d),
        "dcat:theme": {
            **_ref(EU_THEME_GOVERNMENT, "skos:Concept"),
            "skos:prefLabel": {"@value": "Government and public sector", "@language": "en"},
        },
        "dcat:landingPage": _ref(d.url, "foaf:Document"),
        "dcat:keyword": list(d.keywords),
        "dct:accessRights": _ref(EU_ACCESS_PUBLIC, "dct:RightsStatement"),
        "dct:spatial": [_ref(EU_COUNTRY + COUNTRY_CODES[c], "dct:Location") for c in d.countries if c in COUNTRY_CODES],
        **({"dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:startDate": _date(d.issued)}} if d.issued else {}),
        **({"dct:issued": _date(d.issued)} if d.issued else {}),
        **({"dct:modified": _date(d.modified)} if d.modified else {}),
        "dcat:distribution": [
            {
                "@id": dist.url,
                "@type": "dcat:Distribution",
                "dcat:accessURL": _ref(dist.url, "rdfs:Resource"),
                "dcat:downloadURL": _ref(dist.url, "rdfs:Resource"),
                "dct:title": dist.title,
                "dcat:mediaType": _ref(
                    f"https://www.iana.org/assignments/media-types/{dist.media_type}", "dct:MediaType"
                ),
                "dct:format": _ref(EU_FILE_TYPE + dist.file_type, "dct:MediaTypeOrExtent"),
                "dct:license": _ref(EU_LICENCE_CC0, "dct:LicenseDocument"),
                **({"dct:conformsTo": _ref(dist.conforms_to, "dct:Standard")} if dist.conforms_to else {}),
            }
            for dist in d.distributions
        ],
    }
