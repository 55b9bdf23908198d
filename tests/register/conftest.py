from __future__ import annotations

import pytest


@pytest.fixture
def records(make_record, other_org):
    return {
        "nl": make_record(
            "published",
            name={"nl": "Algoritmes voor parkeercontrole", "fr": None},
            short_description={"nl": "Scanauto's lezen kentekens.", "fr": None},
            policy_domains=["traffic_transport"],
        ),
        "fr": make_record(
            "published",
            original_language="fr",
            name={"fr": "Reconnaissance Faciale à l'aéroport", "nl": None},
            short_description={"fr": "Égalité de traitement des voyageurs.", "nl": None},
            purpose_and_impact={"fr": "Identifier des personnes recherchées.", "nl": None},
            human_oversight={"fr": "Un agent vérifie chaque correspondance.", "nl": None},
            organisation=other_org,
        ),
        "de": make_record(
            "published",
            name={"de": "Arbeitsvermittlung", "nl": "Arbeidsbemiddeling", "fr": None},
            short_description={"de": "Empfehlungen für Stellenangebote.", "nl": "Aanbevelingen.", "fr": None},
            policy_domains=["work"],
        ),
    }
