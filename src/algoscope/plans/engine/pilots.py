"""The AI Act test-bed: pilots and regulatory sandboxes (AI Act Art. 57–61), read from and written to a pilots file
(``algoscope_pilots: 1``, a list of pilots), each checked with every problem at its pilot and field.

A pilot has a domain, the jurisdictions taking part and the supervising authorities with their roles (joint
supervision), its legal basis, the sandbox plan, dates, participants, the register records involved, safeguards,
KPIs, a status, an exit report and the public lessons learned, and how citizens take part in each phase
(development, oversight, evaluation), e.g. a citizens' panel as an oversight body."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from algoscope.common.errors import Problem
from algoscope.common.messages import gettext_noop as _
from algoscope.plans.engine.document import JURISDICTIONS, KEY, FieldReader, Kpi

FORMAT: Final = 1
DOMAINS: Final = ("health", "mobility", "climate", "digital_government", "other")
LEGAL_BASES: Final = ("ai_act_art_57", "ai_act_art_60", "national")
STATUSES: Final = ("planned", "running", "extended", "completed", "stopped")
AUTHORITY_ROLES: Final = ("lead", "joint", "observer")
PARTICIPANT_ROLES: Final = ("provider", "deployer", "public_body", "research", "civil_society")
PHASES: Final = ("development", "oversight", "evaluation")
PLAN_LINK: Final = re.compile(r"(?P<strategy>[A-Za-z0-9][A-Za-z0-9._-]*):(?P<item>[A-Za-z0-9][A-Za-z0-9._-]*)")
MAX_PILOTS: Final = 500


@dataclass(frozen=True)
class Authority:
    name: str
    jurisdiction: str
    role: str = "joint"


@dataclass(frozen=True)
class Participant:
    name: str
    role: str


@dataclass(frozen=True)
class Involvement:
    """How citizens take part in one phase; ``panel`` the id of a citizens' panel on this platform, if one."""

    phase: str
    how: dict[str, str]
    panel: int | None = None


@dataclass(frozen=True)
class Pilot:
    key: str
    title: dict[str, str]
    domain: str
    jurisdictions: tuple[str, ...]
    legal_basis: str
    status: str
    summary: dict[str, str] = field(default_factory=dict)
    authorities: tuple[Authority, ...] = ()
    sandbox_plan: str = ""
    start: str = ""
    end: str = ""
    extended_to: str = ""
    participants: tuple[Participant, ...] = ()
    records: tuple[str, ...] = ()  # register records' public ids
    safeguards: dict[str, str] = field(default_factory=dict)
    consent: dict[str, str] = field(default_factory=dict)
    kpis: tuple[Kpi, ...] = ()
    exit_report: str = ""
    lessons: dict[str, str] = field(default_factory=dict)
    involvement: tuple[Involvement, ...] = ()
    plan_items: tuple[str, ...] = ()  # "STRATEGY:ITEM"
    sources: tuple[str, ...] = ()

    @property
    def joint(self) -> bool:
        """Supervised jointly: authorities of more than one jurisdiction, none of them only observing."""
        return len({a.jurisdiction for a in self.authorities if a.role != "observer"}) > 1


FIELDS: Final = frozenset(
    {"id", "title", "domain", "jurisdictions", "legal_basis", "status", "summary", "authorities", "sandbox_plan",
     "start", "end", "extended_to", "participants", "records", "safeguards", "consent", "kpis", "exit_report",
     "lessons", "involvement", "plan_items", "sources"}
)  # fmt: skip


def pilots_from_data(name: str, data: Mapping[str, Any]) -> tuple[list[Pilot], list[Problem]]:
    """The pilots of a pilots file (read by ``reading.read_file``), and every problem with it (none: it may be
    stored)."""
    if data.get("algoscope_pilots") != FORMAT:
        return [], [
            Problem(
                (name, "algoscope_pilots"),
                "format",
                _("unknown plan file format {value!r} (this version reads 1)"),
                {"value": data.get("algoscope_pilots")},
            )
        ]
    reader = FieldReader(name)
    raw = reader.items(("pilots",), data.get("pilots"))
    if len(raw) > MAX_PILOTS:
        return [], [Problem((name,), "rows", _("more than {limit} rows"), {"limit": MAX_PILOTS})]
    pilots = [_pilot(reader, entry, i) for i, entry in enumerate(raw)]
    seen: set[str] = set()
    for pilot in pilots:
        if pilot.key in seen:
            reader.add(
                (f"pilot {pilot.key}", "id"),
                "duplicate-id",
                _("the id {value!r} is used twice (also by item {other})"),
                value=pilot.key,
                other=pilot.key,
            )
        seen.add(pilot.key)
    return pilots, reader.problems


def _pilot(reader: FieldReader, raw: Any, index: int) -> Pilot:
    entry = reader.mapping(("pilots", index), raw)
    key = reader.text(("pilots", index, "id"), entry.get("id"), required=True)
    at: tuple[str | int, ...] = (f"pilot {key}",) if key else ("pilots", index)
    if key and not KEY.fullmatch(key):
        reader.add((*at, "id"), "id", _("{value!r} is not a usable id (letters, digits, '.', '_' and '-')"), value=key)
    for name in sorted(set(entry) - FIELDS):
        reader.add((*at, str(name)), "unknown-field", _("unknown field {name!r}"), name=str(name))
    jurisdictions = reader.strings((*at, "jurisdictions"), entry.get("jurisdictions"))
    for j in jurisdictions:
        if j not in JURISDICTIONS:
            reader.add(
                (*at, "jurisdictions"),
                "choice",
                _("unknown value {value!r} (one of: {allowed})"),
                value=j,
                allowed=", ".join(JURISDICTIONS),
            )
    if not jurisdictions:
        reader.add((*at, "jurisdictions"), "required", _("a value is required"))
    authorities = []
    for i, a in enumerate(reader.items((*at, "authorities"), entry.get("authorities"))):
        a = reader.mapping((*at, "authorities", i), a)
        authorities.append(Authority(
            name=reader.text((*at, "authorities", i, "name"), a.get("name"), required=True),
            jurisdiction=reader.choice((*at, "authorities", i, "jurisdiction"), a.get("jurisdiction"), JURISDICTIONS,
                                       ""),
            role=reader.choice((*at, "authorities", i, "role"), a.get("role"), AUTHORITY_ROLES, "joint"),
        ))  # fmt: skip
    participants = []
    for i, p in enumerate(reader.items((*at, "participants"), entry.get("participants"))):
        p = reader.mapping((*at, "participants", i), p)
        participants.append(Participant(
            name=reader.text((*at, "participants", i, "name"), p.get("name"), required=True),
            role=reader.choice((*at, "participants", i, "role"), p.get("role"), PARTICIPANT_ROLES, "public_body"),
        ))  # fmt: skip
    involvement = []
    for i, v in enumerate(reader.items((*at, "involvement"), entry.get("involvement"))):
        v = reader.mapping((*at, "involvement", i), v)
        panel = reader.number((*at, "involvement", i, "panel"), v.get("panel"))
        if panel is not None and (not panel.is_integer() or panel < 1):
            reader.add(
                (*at, "involvement", i, "panel"),
                "panel",
                _("a citizens' panel is named by its number, not {value!r}"),
                value=panel,
            )
            panel = None
        involvement.append(Involvement(
            phase=reader.choice((*at, "involvement", i, "phase"), v.get("phase"), PHASES, "oversight"),
            how=reader.texts((*at, "involvement", i, "how"), v.get("how"), required=True),
            panel=int(panel) if panel is not None else None,
        ))  # fmt: skip
    kpis = []
    for k, kpi in enumerate(reader.items((*at, "kpis"), entry.get("kpis"))):
        kpi = reader.mapping((*at, "kpis", k), kpi)
        unit = reader.text((*at, "kpis", k, "unit"), kpi.get("unit"))
        kpi_name = reader.texts((*at, "kpis", k, "name"), kpi.get("name"), required=True)
        if not unit:
            reader.add(
                (*at, "kpis", k, "unit"),
                "kpi-unit",
                _("the KPI {name!r} has no unit"),
                name=next(iter(kpi_name.values()), ""),
            )
        kpis.append(
            Kpi(
                key=reader.text((*at, "kpis", k, "id"), kpi.get("id")) or f"KPI{k + 1}",
                name=kpi_name,
                unit=unit,
                baseline=reader.number((*at, "kpis", k, "baseline"), kpi.get("baseline")),
                target=reader.number((*at, "kpis", k, "target"), kpi.get("target")),
                current=reader.number((*at, "kpis", k, "current"), kpi.get("current")),
            )
        )
    plan_items = reader.strings((*at, "plan_items"), entry.get("plan_items"))
    for link in plan_items:
        if not PLAN_LINK.fullmatch(link):
            reader.add(
                (*at, "plan_items"), "plan-link", _("{value!r} is not a plan item (write PLAN-ID:ITEM-ID)"), value=link
            )
    start, end = reader.date((*at, "start"), entry.get("start")), reader.date((*at, "end"), entry.get("end"))
    if start and end and end < start:
        reader.add((*at, "end"), "dates", _("the end ({end}) is before the start ({start})"), end=end, start=start)
    return Pilot(
        key=key,
        title=reader.texts((*at, "title"), entry.get("title"), required=True),
        domain=reader.choice((*at, "domain"), entry.get("domain"), DOMAINS, "other"),
        jurisdictions=jurisdictions,
        legal_basis=reader.choice((*at, "legal_basis"), entry.get("legal_basis"), LEGAL_BASES, "national"),
        status=reader.choice((*at, "status"), entry.get("status"), STATUSES, "planned"),
        summary=reader.texts((*at, "summary"), entry.get("summary")),
        authorities=tuple(authorities),
        sandbox_plan=reader.text((*at, "sandbox_plan"), entry.get("sandbox_plan")),
        start=start,
        end=end,
        extended_to=reader.date((*at, "extended_to"), entry.get("extended_to")),
        participants=tuple(participants),
        records=reader.strings((*at, "records"), entry.get("records")),
        safeguards=reader.texts((*at, "safeguards"), entry.get("safeguards")),
        consent=reader.texts((*at, "consent"), entry.get("consent")),
        kpis=tuple(kpis),
        exit_report=reader.text((*at, "exit_report"), entry.get("exit_report")),
        lessons=reader.texts((*at, "lessons"), entry.get("lessons")),
        involvement=tuple(involvement),
        plan_items=plan_items,
        sources=web_addresses(reader, (*at, "sources"), entry.get("sources")),
    )


def web_addresses(reader: FieldReader, at: tuple[str | int, ...], raw: Any) -> tuple[str, ...]:
    """Sources: web addresses (http or https) only, since the pages link them."""
    addresses = reader.strings(at, raw)
    for address in addresses:
        if not address.lower().startswith(("https://", "http://")):
            reader.add(
                at, "address", _("a source is a web address starting with https://, not {value!r}"), value=address
            )
    return addresses


def pilot_to_dict(pilot: Pilot) -> dict[str, Any]:
    """The canonical dictionary of one pilot: ``read_pilots`` of a file of these gives the pilots back."""
    out: dict[str, Any] = {
        "id": pilot.key,
        "title": dict(pilot.title),
        "domain": pilot.domain,
        "jurisdictions": list(pilot.jurisdictions),
        "legal_basis": pilot.legal_basis,
        "status": pilot.status,
    }
    optional: dict[str, Any] = {
        "summary": dict(pilot.summary),
        "authorities": [vars(a) for a in pilot.authorities],
        "sandbox_plan": pilot.sandbox_plan, "start": pilot.start, "end": pilot.end, "extended_to": pilot.extended_to,
        "participants": [vars(p) for p in pilot.participants], "records": list(pilot.records),
        "safeguards": dict(pilot.safeguards), "consent": dict(pilot.consent),
        "kpis": [{k: v for k, v in (vars(kpi) | {"id": kpi.key}).items() if k != "key" and v not in ("", None)}
                 for kpi in pilot.kpis],
        "exit_report": pilot.exit_report, "lessons": dict(pilot.lessons),
        "involvement": [{k: v for k, v in vars(i).items() if v is not None} for i in pilot.involvement],
        "plan_items": list(pilot.plan_items), "sources": list(pilot.sources),
    }  # fmt: skip
    out.update({k: v for k, v in optional.items() if v not in ("", None, [], {})})
    return out


def pilots_file(pilots: Iterable[Pilot]) -> str:
    return yaml.safe_dump(
        {"algoscope_pilots": FORMAT, "pilots": [pilot_to_dict(p) for p in pilots]}, allow_unicode=True, sort_keys=False
    )
