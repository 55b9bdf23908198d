"""Facets of the public register, Datasette-style: one small class each, counted under a time budget.

Counts reflect the other active filters (a facet ignores its own selection, so its other values stay visible);
every value knows the query string that toggles it, so the same facets work as links without JavaScript and in
the JSON API.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.utils.translation import gettext_lazy as _

from algoscope.accounts.models import Organisation
from algoscope.common.translation import page_language
from algoscope.register.content import CODE_LISTS
from algoscope.register.extensions import registered_facets
from algoscope.register.presentation import LANGUAGE_NAMES, code_label

REGION_NAMES: Mapping[str, Any] = {
    "BE-VLG": _("Flemish Region"),
    "BE-WAL": _("Walloon Region"),
    "BE-BRU": _("Brussels-Capital Region"),
    "NL-DR": "Drenthe",
    "NL-FL": "Flevoland",
    "NL-FR": "Fryslân",
    "NL-GE": "Gelderland",
    "NL-GR": "Groningen",
    "NL-LI": "Limburg (NL)",
    "NL-NB": "Noord-Brabant",
    "NL-NH": "Noord-Holland",
    "NL-OV": "Overijssel",
    "NL-UT": "Utrecht",
    "NL-ZE": "Zeeland",
    "NL-ZH": "Zuid-Holland",
    "LU-CA": "Capellen",
    "LU-CL": "Clervaux",
    "LU-DI": "Diekirch",
    "LU-EC": "Echternach",
    "LU-ES": "Esch-sur-Alzette",
    "LU-GR": "Grevenmacher",
    "LU-LU": "Luxembourg",
    "LU-ME": "Mersch",
    "LU-RD": "Redange",
    "LU-RM": "Remich",
    "LU-VD": "Vianden",
    "LU-WI": "Wiltz",
}
DEFAULT_BUDGET_MS = 200
MAX_VALUES = 50


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    toggle: str = ""  # the query string with this value switched on or off
    language: str = ""  # the label's language when it is not the page's (a name shown in another language)


@dataclass
class FacetResult:
    key: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    timed_out: bool = False


class Facet:
    key: str
    label: Any
    # The values shown as a badge on each result card (e.g. an AI Act class, "audited"); none by default.
    card_values: frozenset[str] = frozenset()

    def known(self, value: str) -> bool:
        return True

    def labels(self, values: Sequence[str]) -> dict[str, str]:
        return {value: value for value in values}

    def labelled(self, values: Sequence[str]) -> dict[str, tuple[str, str]]:
        """(label, its language when it is not the page's: a name, not an interface word) for each value."""
        return {value: (label, "") for value, label in self.labels(values).items()}


class CodeFacet(Facet):
    def __init__(self, key: str, label: Any, code_list: str) -> None:
        self.key, self.label, self.code_list = key, label, code_list

    def known(self, value: str) -> bool:
        return value in CODE_LISTS[self.code_list]

    def labels(self, values: Sequence[str]) -> dict[str, str]:
        return {value: code_label(self.code_list, value) for value in values}


class ChoicesFacet(Facet):
    def __init__(
        self, key: str, label: Any, choices: Mapping[str, Any], card_values: frozenset[str] = frozenset()
    ) -> None:
        self.key, self.label, self.choices, self.card_values = key, label, choices, card_values

    def known(self, value: str) -> bool:
        return value in self.choices

    def labels(self, values: Sequence[str]) -> dict[str, str]:
        return {value: str(self.choices.get(value, value)) for value in values}


class OrganisationFacet(Facet):
    key = "organisation"
    label = _("Organisation")

    def known(self, value: str) -> bool:
        return Organisation.objects.filter(slug=value).exists()

    def labels(self, values: Sequence[str]) -> dict[str, str]:
        return {value: label for value, (label, _language) in self.labelled(values).items()}

    def labelled(self, values: Sequence[str]) -> dict[str, tuple[str, str]]:
        language = page_language()
        names = {org.slug: org.resolved_name(language) for org in Organisation.objects.filter(slug__in=values)}
        return {
            slug: (name.text or slug, name.language if name.fallback and name.text else "")
            for slug, name in names.items()
        }


# The register's own facets; other apps add theirs with ``register.extensions.register_facet`` (the AI Act class
# at 90, audits at 95). The number orders them on the page.
OWN_FACETS: tuple[tuple[int, Facet], ...] = (
    (10, OrganisationFacet()),
    (20, ChoicesFacet("organisation_type", _("Type of organisation"), dict(Organisation.Type.choices))),
    (30, ChoicesFacet("country", _("Country"), dict(Organisation.Country.choices))),
    (40, ChoicesFacet("region", _("Region"), REGION_NAMES)),
    (50, CodeFacet("policy_domain", _("Policy domain"), "policy_domain")),
    (60, CodeFacet("lifecycle_status", _("Status"), "lifecycle_status")),
    (70, CodeFacet("publication_category", _("Publication category"), "publication_category")),
    (80, ChoicesFacet("content_language", _("Available in"), LANGUAGE_NAMES)),
    (100, ChoicesFacet("retired", _("Retired"), {"no": _("Current"), "yes": _("Retired")})),
)


def all_facets() -> list[Facet]:
    """The register's facets and those other apps registered, in page order."""
    registered = [(order, cast(Facet, facet)) for order, facet in registered_facets()]  # registered as Facets
    ordered = sorted([*OWN_FACETS, *registered], key=lambda item: item[0])
    return [facet for _order, facet in ordered]


def facet_by_key(key: str) -> Facet | None:
    return next((facet for facet in all_facets() if facet.key == key), None)
