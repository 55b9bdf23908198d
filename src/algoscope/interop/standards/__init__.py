"""Import and export of the existing standards. Pure Python: one mapper per standard, each with a reader and a
writer over the register's canonical content (``register.content``), plus the DCAT-AP catalogue.

The AI Act Annex VIII export is assembled by the AI Act app (it needs the assessment and the FRIA) and the
service layer (``register.services.interop``) does the database part: matching, drafts, atomicity.
"""

from __future__ import annotations

from collections.abc import Mapping

from algoscope.interop.standards.atrs import UkAtrs
from algoscope.interop.standards.ats import EurocitiesAts
from algoscope.interop.standards.base import Standard
from algoscope.interop.standards.nl import NlAlgoritmeregister

STANDARDS: Mapping[str, Standard] = {
    standard.key: standard for standard in (NlAlgoritmeregister(), EurocitiesAts(), UkAtrs())
}
ANNEX_VIII = "ai-act-annex-viii"
DCAT_AP = "dcat-ap"
EXPORT_ONLY = {ANNEX_VIII: ("json",), DCAT_AP: ("jsonld",)}
ALL_STANDARDS = (*STANDARDS, *EXPORT_ONLY)


def formats_of(name: str) -> tuple[str, ...]:
    if name in STANDARDS:
        return STANDARDS[name].formats
    return EXPORT_ONLY.get(name, ())


def extension_label(standard: str, field: str) -> tuple[str, str]:
    """(the standard's label, the field's label) for showing a kept field."""
    mapper = STANDARDS.get(standard)
    if mapper is None:
        return standard, field
    labels = {f.name: f.label for f in mapper.extension_fields}
    return mapper.label, labels.get(field, field)
