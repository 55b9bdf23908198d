"""A record's registration data for the EU database, laid out as Annex VIII Sections A, B and C.

Which sections apply comes from the registration duties of the latest AI Act assessment (Art. 49 and 71). Each
point is filled from the published record, its organisation, the assessment and the latest complete FRIA; a
point the register does not hold is listed as ``missing`` so the organisation knows what to add before it
registers, and a point that does not apply is ``not_applicable``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from algoscope.aiact.engine.ruleset import load_ruleset
from algoscope.aiact.engine.texts import texts_for
from algoscope.aiact.models import Assessment, Fria
from algoscope.aiact.publication import published_ai_act
from algoscope.common.errors import NotFound
from algoscope.interop.standards.files import MEDIA_TYPES
from algoscope.register.models import Algorithm, AlgorithmVersion

LIFECYCLE_TO_STATUS = {
    "operational": "in_service",
    "pilot": "in_service",
    "evaluation": "in_service",
    "retired": "no_longer_in_service",
}
FILLED, MISSING, NOT_APPLICABLE = "filled", "missing", "not_applicable"


@dataclass(frozen=True)
class Source:
    """What the points are read from: the published version, its organisation, the assessment, the FRIA."""

    algorithm: Algorithm
    version: AlgorithmVersion
    assessment: Assessment
    fria: Fria | None
    language: str
    record_url: str
    restricted: bool = False  # Annex III 1, 6, 7 in law enforcement, migration, border: non-public (Art. 49(4))

    @property
    def content(self) -> dict[str, Any]:
        return dict(self.version.content)

    @property
    def result(self) -> dict[str, Any]:
        assert self.assessment.result is not None
        return dict(self.assessment.result)

    def text(self, key: str) -> str:
        """A field in the reader's language (falling back to the original), or a plain value as text."""
        if isinstance(self.version.content.get(key), dict):
            return self.version.text(key, self.language).text
        return str(self.version.content.get(key) or "")

    def organisation(self) -> str:
        org = self.algorithm.organisation
        contact = [v for v in (self.content.get("contact_email"), self.content.get("contact_phone"), org.website) if v]
        return "; ".join([org.resolved_name(self.language).text, *contact])


Point = tuple[Any, str, str]  # value, status, source
Reader = Callable[[Source], Point]


def _filled(value: Any, source: str) -> Point:
    return (value, FILLED if value else MISSING, source)


def _absent(_source: Source) -> Point:
    return (None, NOT_APPLICABLE, "only when someone registers on the organisation's behalf")


def _representative(_source: Source) -> Point:
    return (None, NOT_APPLICABLE, "only for providers established outside the Union (Art. 22)")


def _not_held(what: str) -> Reader:
    return lambda _s: (None, MISSING, f"not held in the register: {what}")


def _provider(s: Source) -> Point:
    if "provider" in s.result["roles"]:
        return _filled(s.organisation(), "organisation")
    return _filled(s.content.get("supplier", ""), "record.supplier")


def _trade_name(s: Source) -> Point:
    name = s.text("name")
    return _filled(f"{name} ({s.algorithm.public_id})" if name else "", "record.name, record.public_id")


def _purpose(s: Source) -> Point:
    return _filled(s.text("purpose_and_impact") or s.text("short_description"), "record.purpose_and_impact")


def _logic(s: Source) -> Point:
    parts = [s.text("data_description"), s.text("methods_and_models")]
    return _filled("\n\n".join(p for p in parts if p), "record.data_description, record.methods_and_models")


def _status(s: Source) -> Point:
    lifecycle = s.content.get("lifecycle_status", "")
    return _filled(LIFECYCLE_TO_STATUS.get(lifecycle, "not_yet_in_service" if lifecycle else ""), "record.lifecycle")


def _member_states(s: Source) -> Point:
    return _filled([s.algorithm.organisation.country], "organisation.country")


def _certificate(s: Source) -> Point:
    if not s.assessment.facts.get("third_party_conformity"):
        return (None, NOT_APPLICABLE, "no notified-body assessment (facts.third_party_conformity)")
    return (None, MISSING, "not held in the register: the notified body's certificate")


def _instructions(s: Source) -> Point:
    if s.restricted:
        return (None, NOT_APPLICABLE, "not required for Annex III points 1, 6 and 7 (Annex VIII A.12)")
    return (None, MISSING, "not held in the register: the electronic instructions for use")


def _url(s: Source) -> Point:
    return _filled(s.content.get("more_info_url") or s.record_url, "record.more_info_url")


def _art6_3_conditions(s: Source) -> Point:
    chosen = s.assessment.facts.get("art6_3_conditions") or []
    refs = {c.value: ref for c in load_ruleset().fact("art6_3_conditions").choices for ref in c.refs[:1]}
    return _filled([refs[c] for c in chosen if c in refs], "assessment.facts.art6_3_conditions")


def _art6_3_grounds(s: Source) -> Point:
    texts = texts_for(s.language)
    steps = [t for t in s.result["trace"] if any(r.startswith("Art. 6(3)") for r in t["refs"])]
    grounds = "; ".join(f"{texts('rules.' + t['rule'])} ({', '.join(t['refs'])})" for t in steps)
    return _filled(grounds, "assessment.trace")


def _fria_summary(s: Source) -> Point:
    if s.fria is None:
        return (None, MISSING, "no complete FRIA yet")
    return _filled(s.fria.summary, "fria.summary")


def _dpia_summary(s: Source) -> Point:
    dpias = [a for a in s.content.get("impact_assessments") or [] if a.get("type") == "dpia"]
    parts = [f"{a.get('title') or 'DPIA'}: {a.get('link')}" if a.get("link") else a.get("title", "") for a in dpias]
    if s.fria is not None and s.fria.dpia_reference:
        parts.append(s.fria.dpia_reference)
    notes = s.text("impact_assessment_notes")
    if not parts and not notes:
        return (None, MISSING, "no DPIA in record.impact_assessments")
    return ("\n".join([*parts, notes]).strip(), FILLED, "record.impact_assessments, record.impact_assessment_notes")


SECTIONS: dict[str, tuple[tuple[Any, Reader], ...]] = {
    "A": (
        (_("Provider's name, address and contact details"), _provider),
        (_("Person submitting on the provider's behalf"), _absent),
        (_("Authorised representative"), _representative),
        (_("Trade name and unambiguous reference"), _trade_name),
        (_("Intended purpose, components and functions"), _purpose),
        (_("Information used and operating logic"), _logic),
        (_("Status of the system"), _status),
        (_("Notified-body certificate: type, number, expiry, body"), _certificate),
        (_("Scanned copy of the certificate"), _certificate),
        (_("Member States where it is placed on the market or in service"), _member_states),
        (_("EU declaration of conformity"), _not_held("a copy of the EU declaration of conformity (Art. 47)")),
        (_("Electronic instructions for use"), _instructions),
        (_("Web address for more information"), _url),
    ),
    "B": (
        (_("Provider's name, address and contact details"), _provider),
        (_("Person submitting on the provider's behalf"), _absent),
        (_("Authorised representative"), _representative),
        (_("Trade name and unambiguous reference"), _trade_name),
        (_("Intended purpose"), _purpose),
        (_("Article 6(3) conditions relied on"), _art6_3_conditions),
        (_("Grounds for considering it not high-risk"), _art6_3_grounds),
        (_("Status of the system"), _status),
        (_("Member States where it is placed on the market or in service"), _member_states),
    ),
    "C": (
        (_("Deployer's name, address and contact details"), lambda s: _filled(s.organisation(), "organisation")),
        (_("Person submitting on the deployer's behalf"), _absent),
        (_("Web address of the provider's entry in the EU database"), _not_held("the provider's EU-database entry")),
        (_("Summary of the fundamental-rights impact assessment"), _fria_summary),
        (_("Summary of the data-protection impact assessment"), _dpia_summary),
    ),
}


def annex_viii(algorithm: Algorithm, *, language: str = "en", record_url: str = "") -> dict[str, Any]:
    """The Annex VIII sections the published assessment requires, with every point; raises :class:`NotFound`."""
    published = published_ai_act(algorithm)
    assessment = published.assessment
    if assessment is None or assessment.result is None:
        raise NotFound(f"{algorithm.public_id} has no complete AI Act assessment")
    version = algorithm.published_version
    if version is None:
        raise NotFound(f"{algorithm.public_id} is not published")
    base = Source(algorithm, version, assessment, published.fria, language, record_url)
    texts = texts_for(language)
    sections = []
    with translation.override(language):
        for registration in assessment.result["registrations"]:
            letter = registration.get("section")
            if letter not in SECTIONS or registration["status"] != "applies":
                continue
            source = replace(base, restricted=registration.get("database") == "non_public")
            points = []
            for number, (label, reader) in enumerate(SECTIONS[letter], start=1):
                value, status, origin = reader(source)
                points.append(
                    {"point": number, "label": str(label), "value": value, "status": status, "source": origin}
                )
            sections.append(
                {
                    "section": letter,
                    "registration": registration["id"],
                    "title": texts(f"registrations.{registration['id']}"),
                    "role": registration["role"],
                    "refs": registration["refs"],
                    "database": registration.get("database"),
                    "applies_from": registration["applies_from"],
                    "points": points,
                    "missing": [p["point"] for p in points if p["status"] == MISSING],
                }
            )
    return {
        "algorithm": algorithm.public_id,
        "version": version.number,
        "assessment": {
            "assessed_on": assessment.assessed_on.isoformat() if assessment.assessed_on else None,
            "categories": assessment.categories,
            "ruleset_version": assessment.ruleset_version,
            "legal_text": assessment.legal_text,
        },
        "language": language,
        "sections": sections,
    }


def annex_viii_bulk_export(
    *, organisation: Any, working_copies: bool, language: str, base_url: str, filename: str
) -> Any:
    """Every published record whose latest assessment requires an EU database registration (Annex VIII A, B, C),
    for the interop export ``ai-act-annex-viii``; records with nothing to register are listed as left out, with
    the reason."""
    import json

    from algoscope.interop.export import ExportFile
    from algoscope.interop.standards.model import NotHeld
    from algoscope.register.selectors import algorithm_public_queryset

    qs = algorithm_public_queryset().order_by("public_id")
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    registrations, skipped = [], []
    for algorithm in qs:
        with translation.override(language):
            url = base_url + algorithm.get_absolute_url()
        try:
            data = annex_viii(algorithm, language=language, record_url=url)
        except NotFound as exc:
            skipped.append(NotHeld(algorithm.public_id, "ai_act", exc.message))
            continue
        if not data["sections"]:
            skipped.append(NotHeld(algorithm.public_id, "ai_act", gettext_noop("no EU database registration applies")))
            continue
        registrations.append(data)
    body = {"standard": "Regulation (EU) 2024/1689, Annex VIII", "language": language, "registrations": registrations}
    payload = json.dumps(body, ensure_ascii=False, indent=2, default=str).encode()
    return ExportFile(payload, MEDIA_TYPES["json"], filename, len(registrations), left_out=skipped)
