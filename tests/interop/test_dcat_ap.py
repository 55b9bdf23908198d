"""The DCAT-AP catalogue against the official DCAT-AP 3.0.0 SHACL shapes (pyshacl), with the recommended
properties a portal harvests, and publishers named by IRIs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef

from algoscope.accounts.identifiers import Identifier
from algoscope.interop.export import interop_export

SHAPES = Path(__file__).resolve().parents[3] / "shared/data/standards/dcat-ap/dcat-ap-3.0.0-SHACL.ttl"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")


@pytest.fixture
def catalogue(make_record: Any) -> Graph:
    record = make_record("published")
    org = record.organisation
    publisher_iri = Identifier(org.identifier_scheme, org.identifier).iri
    data = interop_export(standard="dcat-ap", fmt="jsonld", base_url="https://register.example").data
    graph = Graph().parse(data=data, format="json-ld")
    graph.publisher_iri = publisher_iri  # type: ignore[attr-defined]
    return graph


def test_the_catalogue_conforms_to_the_official_shapes(catalogue: Graph) -> None:
    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, _, text = validate(catalogue, shacl_graph=shapes, inference="none")
    assert conforms, text[:3000]


def test_a_missing_mandatory_property_is_caught_by_the_same_check(catalogue: Graph) -> None:
    """The check is not vacuous: a dataset without its title fails it."""
    dataset = next(catalogue.subjects(predicate=DCAT.distribution))
    catalogue.remove((dataset, DCT.title, None))
    conforms, _, _ = validate(catalogue, shacl_graph=Graph().parse(SHAPES, format="turtle"), inference="none")
    assert not conforms


def test_recommended_properties_are_there(catalogue: Graph) -> None:
    datasets = set(catalogue.subjects(predicate=DCAT.distribution))
    assert len(datasets) == 2
    for dataset in datasets:
        for prop in (DCAT.contactPoint, DCT.spatial, DCT.temporal, DCT.issued, DCT.modified, DCAT.theme):
            assert catalogue.value(dataset, prop) is not None, (dataset, prop)
    catalogue_node = next(catalogue.subjects(predicate=DCAT.dataset))
    assert catalogue.value(catalogue_node, DCAT.themeTaxonomy) is not None
    publishers = {catalogue.value(d, DCT.publisher) for d in datasets}
    iri = catalogue.publisher_iri  # type: ignore[attr-defined]
    assert iri.startswith("https://data.vlaanderen.be/id/organisatie/") and URIRef(iri) in publishers  # KBO as IRI
    countries = {str(o) for o in catalogue.objects(predicate=DCT.spatial)}
    assert "http://publications.europa.eu/resource/authority/country/BEL" in countries


def test_publishers_get_their_identifiers_as_iris() -> None:
    assert Identifier("kbo", "0207.451.227").iri == "https://data.vlaanderen.be/id/organisatie/0207451227"
    tooi = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
    assert Identifier("tooi", tooi).iri == tooi
    assert Identifier("oin", "00000001002220647000").iri == "urn:oin:00000001002220647000"
    assert Identifier("rcs", "B123456").iri == "urn:rcs:B123456"
