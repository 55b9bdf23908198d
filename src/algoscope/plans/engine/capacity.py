"""Capacity building: the training catalogue (courses for civil servants and others, by provider, country, target
profile, language, mode and level) and the library of good practices (a register record or a test-bed pilot with
its lessons learned and a contact), read from a capacity file (``algoscope_capacity: 1`` with ``courses`` and
``practices``) and checked with every problem at its entry and field.

The target profiles follow Luxembourg's AI strategy 2030 (creators, practitioners, users, students and teachers,
citizens), with civil servants apart as the Benelux recommendation asks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from algoscope.common.errors import Problem
from algoscope.common.messages import gettext_noop as _
from algoscope.plans.engine.document import JURISDICTIONS, KEY, FieldReader
from algoscope.plans.engine.pilots import PLAN_LINK

FORMAT: Final = 1
PROFILES: Final = ("civil_servants", "ai_creators", "ai_practitioners", "ai_users", "students_teachers", "citizens")
LANGUAGES: Final = ("nl", "fr", "de", "en", "lb")
MODES: Final = ("mooc", "online", "classroom", "hybrid")
LEVELS: Final = ("awareness", "basic", "intermediate", "advanced")
MAX_ENTRIES: Final = 2000


@dataclass(frozen=True)
class Course:
    key: str
    title: dict[str, str]
    provider: str
    jurisdiction: str
    profiles: tuple[str, ...]
    languages: tuple[str, ...]
    mode: str
    level: str
    summary: dict[str, str] = field(default_factory=dict)
    url: str = ""
    plan_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Practice:
    """A good practice: a register record (``record``, its public id) or a test-bed pilot (``pilot``), what was
    learned, and whom to ask."""

    key: str
    title: dict[str, str]
    jurisdiction: str
    lessons: dict[str, str]
    contact: str
    record: str = ""
    pilot: str = ""
    tags: tuple[str, ...] = ()
    plan_items: tuple[str, ...] = ()


def capacity_from_data(
    name: str, data: Mapping[str, Any], known_tags: Iterable[str]
) -> tuple[list[Course], list[Practice], list[Problem]]:
    """The courses and practices of a capacity file, and every problem with it (none: it may be stored)."""
    if data.get("algoscope_capacity") != FORMAT:
        return (
            [],
            [],
            [
                Problem(
                    (name, "algoscope_capacity"),
                    "format",
                    _("unknown plan file format {value!r} (this version reads 1)"),
                    {"value": data.get("algoscope_capacity")},
                )
            ],
        )
    reader = FieldReader(name)
    known = set(known_tags)
    raw_courses = reader.items(("courses",), data.get("courses"))
    raw_practices = reader.items(("practices",), data.get("practices"))
    if len(raw_courses) + len(raw_practices) > MAX_ENTRIES:
        return [], [], [Problem((name,), "rows", _("more than {limit} rows"), {"limit": MAX_ENTRIES})]
    courses = [_course(reader, entry, i) for i, entry in enumerate(raw_courses)]
    practices = [_practice(reader, entry, i, known) for i, entry in enumerate(raw_practices)]
    seen: set[str] = set()
    for key, where in [(c.key, "course") for c in courses] + [(p.key, "practice") for p in practices]:
        if key and key in seen:
            reader.add(
                (f"{where} {key}", "id"),
                "duplicate-id",
                _("the id {value!r} is used twice (also by item {other})"),
                value=key,
                other=key,
            )
        seen.add(key)
    return courses, practices, reader.problems


def _key(reader: FieldReader, entry: Mapping[str, Any], where: str, index: int) -> tuple[str, tuple[str | int, ...]]:
    key = reader.text((f"{where}s", index, "id"), entry.get("id"), required=True)
    if key and not KEY.fullmatch(key):
        reader.add(
            (f"{where} {key}", "id"),
            "id",
            _("{value!r} is not a usable id (letters, digits, '.', '_' and '-')"),
            value=key,
        )
    return key, ((f"{where} {key}",) if key else (f"{where}s", index))


def _unknown_fields(reader: FieldReader, entry: Mapping[str, Any], at: tuple[str | int, ...], fields: set[str]) -> None:
    for name in sorted(set(entry) - fields):
        reader.add((*at, str(name)), "unknown-field", _("unknown field {name!r}"), name=str(name))


def _within(reader: FieldReader, at: tuple[str | int, ...], values: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    for value in values:
        if value not in allowed:
            reader.add(
                at, "choice", _("unknown value {value!r} (one of: {allowed})"), value=value, allowed=", ".join(allowed)
            )


def _plan_items(reader: FieldReader, at: tuple[str | int, ...], raw: Any) -> tuple[str, ...]:
    links = reader.strings((*at, "plan_items"), raw)
    for link in links:
        if not PLAN_LINK.fullmatch(link):
            reader.add(
                (*at, "plan_items"), "plan-link", _("{value!r} is not a plan item (write PLAN-ID:ITEM-ID)"), value=link
            )
    return links


COURSE_FIELDS: Final = {
    "id",
    "title",
    "provider",
    "jurisdiction",
    "profiles",
    "languages",
    "mode",
    "level",
    "summary",
    "url",
    "plan_items",
}
PRACTICE_FIELDS: Final = {"id", "title", "jurisdiction", "lessons", "contact", "record", "pilot", "tags", "plan_items"}


def _course(reader: FieldReader, raw: Any, index: int) -> Course:
    entry = reader.mapping(("courses", index), raw)
    key, at = _key(reader, entry, "course", index)
    _unknown_fields(reader, entry, at, COURSE_FIELDS)
    profiles = reader.strings((*at, "profiles"), entry.get("profiles"))
    languages = reader.strings((*at, "languages"), entry.get("languages"))
    _within(reader, (*at, "profiles"), profiles, PROFILES)
    _within(reader, (*at, "languages"), languages, LANGUAGES)
    if not profiles:
        reader.add((*at, "profiles"), "required", _("a value is required"))
    if not languages:
        reader.add((*at, "languages"), "required", _("a value is required"))
    return Course(
        key=key,
        title=reader.texts((*at, "title"), entry.get("title"), required=True),
        provider=reader.text((*at, "provider"), entry.get("provider"), required=True),
        jurisdiction=reader.choice((*at, "jurisdiction"), entry.get("jurisdiction"), JURISDICTIONS, "BENELUX"),
        profiles=profiles,
        languages=languages,
        mode=reader.choice((*at, "mode"), entry.get("mode"), MODES, "online"),
        level=reader.choice((*at, "level"), entry.get("level"), LEVELS, "basic"),
        summary=reader.texts((*at, "summary"), entry.get("summary")),
        url=reader.text((*at, "url"), entry.get("url")),
        plan_items=_plan_items(reader, at, entry.get("plan_items")),
    )


def _practice(reader: FieldReader, raw: Any, index: int, known: set[str]) -> Practice:
    entry = reader.mapping(("practices", index), raw)
    key, at = _key(reader, entry, "practice", index)
    _unknown_fields(reader, entry, at, PRACTICE_FIELDS)
    record = reader.text((*at, "record"), entry.get("record"))
    pilot = reader.text((*at, "pilot"), entry.get("pilot"))
    if bool(record) == bool(pilot):
        reader.add((*at, "record"), "subject", _("name either a register record or a test-bed pilot"))
    tags = reader.strings((*at, "tags"), entry.get("tags"))
    for tag in tags:
        if tag not in known:
            reader.add((*at, "tags"), "unknown-tag", _("unknown tag {value!r}"), value=tag)
    return Practice(
        key=key,
        title=reader.texts((*at, "title"), entry.get("title"), required=True),
        jurisdiction=reader.choice((*at, "jurisdiction"), entry.get("jurisdiction"), JURISDICTIONS, "BENELUX"),
        lessons=reader.texts((*at, "lessons"), entry.get("lessons"), required=True),
        contact=reader.text((*at, "contact"), entry.get("contact"), required=True),
        record=record,
        pilot=pilot,
        tags=tags,
        plan_items=_plan_items(reader, at, entry.get("plan_items")),
    )


def course_to_dict(course: Course) -> dict[str, Any]:
    return _compact(
        {
            "id": course.key,
            "title": dict(course.title),
            "provider": course.provider,
            "jurisdiction": course.jurisdiction,
            "profiles": list(course.profiles),
            "languages": list(course.languages),
            "mode": course.mode,
            "level": course.level,
            "summary": dict(course.summary),
            "url": course.url,
            "plan_items": list(course.plan_items),
        }
    )


def practice_to_dict(practice: Practice) -> dict[str, Any]:
    return _compact(
        {
            "id": practice.key,
            "title": dict(practice.title),
            "jurisdiction": practice.jurisdiction,
            "lessons": dict(practice.lessons),
            "contact": practice.contact,
            "record": practice.record,
            "pilot": practice.pilot,
            "tags": list(practice.tags),
            "plan_items": list(practice.plan_items),
        }
    )


def capacity_file(courses: Iterable[Course], practices: Iterable[Practice]) -> str:
    return yaml.safe_dump(
        {
            "algoscope_capacity": FORMAT,
            "courses": [course_to_dict(c) for c in courses],
            "practices": [practice_to_dict(p) for p in practices],
        },
        allow_unicode=True,
        sort_keys=False,
    )


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in ("", None, [], {})}
