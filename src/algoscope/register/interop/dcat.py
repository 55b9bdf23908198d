"""A DCAT-AP 3 catalogue (JSON-LD) of the register's datasets, for data.gov.be and data.europa.eu. Pure Python.

The datasets are the register itself and each organisation's part of it; their distributions are the downloads
in every format and standard the register writes. Mandatory DCAT-AP properties are always present: the
catalogue's title, description and publisher; each dataset's title and description; each distribution's access
URL. Titles and descriptions carry a language tag.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CONTEXT = {
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


def _texts(values: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"@value": text, "@language": lang} for lang, text in values.items() if text]


def catalogue(
    *,
    url: str,
    titles: Mapping[str, str],
    descriptions: Mapping[str, str],
    publisher: str,
    homepage: str,
    datasets: Sequence[Dataset],
    modified: str,
) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@id": url,
        "@type": "dcat:Catalog",
        "dct:title": _texts(titles),
        "dct:description": _texts(descriptions),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": publisher},
        "foaf:homepage": {"@id": homepage},
        "dct:language": [{"@id": EU_LANGUAGE + code} for code in LANGUAGE_CODES.values()],
        "dct:license": {"@id": EU_LICENCE_CC0},
        **({"dct:modified": {"@value": modified, "@type": "xsd:date"}} if modified else {}),
        "dcat:dataset": [_dataset(d) for d in datasets],
    }


def _dataset(d: Dataset) -> dict[str, Any]:
    return {
        "@id": d.url,
        "@type": "dcat:Dataset",
        "dct:identifier": d.identifier,
        "dct:title": _texts(d.titles),
        "dct:description": _texts(d.descriptions),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": d.publisher_name, "dct:identifier": d.publisher_id},
        "dcat:theme": {"@id": EU_THEME_GOVERNMENT},
        "dcat:landingPage": {"@id": d.url},
        "dcat:keyword": list(d.keywords),
        **({"dct:modified": {"@value": d.modified, "@type": "xsd:date"}} if d.modified else {}),
        "dcat:distribution": [
            {
                "@id": dist.url,
                "@type": "dcat:Distribution",
                "dcat:accessURL": {"@id": dist.url},
                "dcat:downloadURL": {"@id": dist.url},
                "dct:title": dist.title,
                "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{dist.media_type}"},
                "dct:format": {"@id": EU_FILE_TYPE + dist.file_type},
                "dct:license": {"@id": EU_LICENCE_CC0},
                **({"dct:conformsTo": {"@id": dist.conforms_to}} if dist.conforms_to else {}),
            }
            for dist in d.distributions
        ],
    }
