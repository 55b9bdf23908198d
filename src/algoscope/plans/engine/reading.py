"""Reading plan files: the canonical YAML (``algoscope_plan: 1``) and CSV, and the shapes the reference files come in
(one plan with objectives and action points; several documents with objectives, principles, ambitions, action lines,
enablers and reported actions; a parliament's recommendation with its requests), plus the two vocabulary files (the
OECD AI Principles with the AI Watch areas, the STIP Compass instrument types).

Everything a reference file says beyond the canonical fields is kept in the item's or the strategy's ``extra``, so
nothing is lost on import and an export gives it back. A file is refused whole, with every problem located at the
file, item and field; YAML anchors and aliases are refused (no alias bombs), and so are files over ``MAX_BYTES``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from algoscope.common.errors import Problem
from algoscope.common.messages import gettext_noop as _
from algoscope.common.multilingual import LANGUAGES
from algoscope.plans.engine import csvfile
from algoscope.plans.engine.capacity import Course, Practice, capacity_from_data
from algoscope.plans.engine.document import VERIFICATION, Strategy, strategy_from_dict
from algoscope.plans.engine.pilots import Pilot, pilots_from_data
from algoscope.plans.engine.taxonomy import slug

MAX_BYTES: Final = 2_000_000
JURISDICTION_OF: Final = {
    ("BE", "federal", ""): "BE-FED",
    ("BE", "region", "flanders"): "BE-VLG",
    ("BE", "region", "wallonia"): "BE-WAL",
    ("BE", "region", "brussels-capital"): "BE-BRU",
    ("BE", "region", "brussels"): "BE-BRU",
    ("NL", "national", ""): "NL",
    ("LU", "national", ""): "LU",
}
ADOPTION_KEYS: Final = ("approved_on", "approved", "sent_to_parliament", "presented", "started", "launched_officially")
VERIFICATION_KEY: Final = re.compile(r"(?:.+_)?verification$")


@dataclass(frozen=True)
class TagText:
    """The official wording of a tag, from a vocabulary file (the OECD's own titles, the AI Watch scopes)."""

    ref: str
    title: str
    note: str = ""


@dataclass
class PlanFile:
    """What one file holds: strategies, or the official wording of tags; ``problems`` empty when it may be stored."""

    name: str
    strategies: list[Strategy] = field(default_factory=list)
    pilots: list[Pilot] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    practices: list[Practice] = field(default_factory=list)
    tag_texts: list[TagText] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without anchors and aliases: a plan never needs them, and they allow exponential expansion."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.YAMLError(f"line {event.start_mark.line + 1}: YAML aliases are not accepted in a plan file")
        return super().compose_node(parent, index)


def read_file(name: str, content: bytes | str, known_tags: Iterable[str]) -> PlanFile:
    """Every strategy (or tag text) in a file named ``name``, checked; the problems say what to fix."""
    out = PlanFile(name)
    known = set(known_tags)
    raw = content.encode("utf-8") if isinstance(content, str) else content
    if len(raw) > MAX_BYTES:
        out.problems.append(
            Problem((name,), "too-large", _("the file is larger than {limit} bytes"), {"limit": MAX_BYTES})
        )
        return out
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        out.problems.append(
            Problem((name,), "encoding", _("the file is not UTF-8 (byte {position})"), {"position": exc.start})
        )
        return out
    if name.lower().endswith(".csv"):
        try:
            strategy_data, problems = csvfile.read(name, text)
        except RecursionError:
            strategy_data, problems = (
                None,
                [Problem((name,), "nesting", _("the file is nested too deeply to be a plan"))],
            )
        out.problems.extend(problems)
        if strategy_data is not None and not problems:
            _add(out, strategy_data, known)
        return out
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 (a SafeLoader)
    except RecursionError:
        out.problems.append(Problem((name,), "nesting", _("the file is nested too deeply to be a plan")))
        return out
    except yaml.YAMLError as exc:
        out.problems.append(Problem((name,), "yaml", _("not readable as YAML: {error}"), {"error": str(exc)}))
        return out
    if not isinstance(data, Mapping):
        out.problems.append(Problem((name,), "shape", _("expected a plan file (a YAML mapping)")))
        return out
    if "algoscope_capacity" in data:
        courses, practices, problems = capacity_from_data(name, data, known)
        out.courses.extend(courses)
        out.practices.extend(practices)
        out.problems.extend(problems)
    elif "algoscope_pilots" in data:
        pilots, problems = pilots_from_data(name, data)
        out.pilots.extend(pilots)
        out.problems.extend(problems)
    elif "algoscope_plan" in data:
        if data.get("algoscope_plan") != 1:
            out.problems.append(
                Problem(
                    (name, "algoscope_plan"),
                    "format",
                    _("unknown plan file format {value!r} (this version reads 1)"),
                    {"value": data.get("algoscope_plan")},
                )
            )
        else:
            _add(out, data, known)
    elif "plan" in data and "objectives" in data:
        _add(out, _single_plan(data), known)
    elif "documents" in data:
        documents = data["documents"]
        if not isinstance(documents, list):
            out.problems.append(Problem((name, "documents"), "type", _("expected a list of documents")))
        else:
            for document in documents:
                _add(out, _document(document if isinstance(document, Mapping) else {}), known)
    elif "source_document" in data and "requests" in data:
        _add(out, _recommendation(data), known)
    elif "framework" in data or "values_based_principles" in data:
        out.tag_texts.extend(_oecd_texts(data, name, known, out.problems))
    elif "stip_compass" in data:
        out.tag_texts.extend(_instrument_texts(data, name, known, out.problems))
    else:
        out.problems.append(
            Problem(
                (name,),
                "shape",
                _(
                    "not a plan file: expected 'algoscope_plan', 'plan' with 'objectives', 'documents', "
                    "'source_document' with 'requests', or a vocabulary ('framework', 'stip_compass')"
                ),
            )
        )
    keys = [s.key for s in out.strategies]
    for key in {k for k in keys if keys.count(k) > 1}:
        out.problems.append(
            Problem((name, key), "duplicate-id", _("the file has two strategies with the id {value!r}"), {"value": key})
        )
    return out


def _add(out: PlanFile, data: Mapping[str, Any], known: set[str]) -> None:
    strategy, problems = strategy_from_dict(data, out.name, known)
    out.problems.extend(problems)
    out.strategies.append(strategy)


# ----- the reference files' shapes → the canonical dictionary -----------------------------------------------------


def _single_plan(data: Mapping[str, Any]) -> dict[str, Any]:
    """``plan:`` with ``objectives:`` each holding ``action_points:`` (the Belgian convergence plan)."""
    head = dict(data["plan"]) if isinstance(data["plan"], Mapping) else {}
    items: list[dict[str, Any]] = []
    for objective in _list(data.get("objectives")):
        points = objective.get("action_points") if isinstance(objective, Mapping) else None
        items.append(_item(objective, "objective", "", drop=("action_points",)))
        parent = items[-1].get("id", "")
        items.extend(_item(point, "action", parent) for point in _list(points))
    rest = {k: v for k, v in data.items() if k not in {"plan", "objectives", "schema_version"}}
    return _strategy(head, "strategy", items, rest)


def _document(document: Mapping[str, Any]) -> dict[str, Any]:
    """One of ``documents:``: objectives, principles, ambitions, aims, goals, action lines, enablers, reported
    actions, each as items of their kind (none has a parent: the sources do not say which belongs to which)."""
    key = str(document.get("id", ""))
    items: list[dict[str, Any]] = []
    consumed = {
        "objectives",
        "principles",
        "ambitions",
        "aims",
        "goals",
        "action_lines",
        "enablers",
        "concrete_actions_reported",
        "concrete_actions_verification",
    }
    default = document.get("concrete_actions_verification")
    for name, kind in (
        ("ambitions", "ambition"),
        ("aims", "aim"),
        ("goals", "goal"),
        ("principles", "principle"),
        ("objectives", "objective"),
    ):
        for n, entry in enumerate(_list(document.get(name)), start=1):
            items.append(_item(entry, kind, "", generated=f"{key}-{kind.upper()}{n}"))
    for name, kind in (("action_lines", "action_line"), ("enablers", "enabler")):
        group = document.get(name)
        if isinstance(group, Mapping):
            for n, entry in enumerate(_list(group.get("confirmed")), start=1):
                items.append(_item(entry, kind, "", generated=f"{key}-{kind.upper()}{n}"))
        elif group is not None:
            consumed.discard(name)
    for n, entry in enumerate(_list(document.get("concrete_actions_reported")), start=1):
        items.append(_item(entry, "action", "", generated=f"{key}-ACTION{n}", default_verification=default))
    rest = {k: v for k, v in document.items() if k not in consumed}
    for name in ("action_lines", "enablers"):  # their counts and notes on what is confirmed
        group = document.get(name)
        if isinstance(group, Mapping):
            rest[name] = {k: v for k, v in group.items() if k != "confirmed"}
    if default is not None:
        rest["concrete_actions_verification"] = default
    kind = "vision" if "VISION" in key.upper() else "strategy"
    return _strategy(rest, kind, items, {})


def _recommendation(data: Mapping[str, Any]) -> dict[str, Any]:
    """A parliament's recommendation (``source_document`` and ``requests``): the Benelux Parliament's."""
    head = dict(data["source_document"]) if isinstance(data["source_document"], Mapping) else {}
    head.setdefault("id", "BNL-PARLIAMENT-AI-2025")
    head.setdefault("jurisdiction", "BENELUX")
    body = head.get("body", "")
    head.setdefault(
        "title",
        {
            "en": f"{body}: recommendation on artificial intelligence"
            if body
            else "Recommendation on artificial intelligence"
        },
    )
    items = [_item(request, "request", "") for request in _list(data.get("requests"))]
    rest = {k: v for k, v in data.items() if k not in {"source_document", "requests", "schema_version"}}
    return _strategy(head, "recommendation", items, rest)


def _strategy(
    head: Mapping[str, Any], kind: str, items: list[dict[str, Any]], rest: Mapping[str, Any]
) -> dict[str, Any]:
    summary = head.get("summary")
    consumed = {"id", "jurisdiction", "title", "sources", "source"} | (
        {"summary"} if isinstance(summary, str) else set()
    )
    extra = {k: _plain(v) for k, v in head.items() if k not in consumed}
    adopted = ""
    for name in ADOPTION_KEYS:
        value = head.get(name)
        if isinstance(value, Mapping):
            value = value.get("date")
        if isinstance(value, (dt.date, str)) and value:
            adopted = value.isoformat() if isinstance(value, dt.date) else value
            break
    title, other = _titles(head.get("title"))
    if other:
        extra["title_other"] = other
    extra.update({k: _plain(v) for k, v in rest.items()})
    return {
        "strategy": {
            "id": head.get("id", ""),
            "kind": kind,
            "jurisdiction": _jurisdiction(head.get("jurisdiction")),
            "title": title,
            "summary": {"en": summary} if isinstance(summary, str) else {},
            "adopted_on": adopted,
            "verification": "unverified",
            "verification_note": "the source file states no verification level for the document as a whole",
            "sources": _sources(head),
            "extra": extra,
        },
        "items": items,
    }


def _item(
    entry: Any,
    kind: str,
    parent: str,
    *,
    drop: tuple[str, ...] = (),
    generated: str = "",
    default_verification: Any = None,
) -> dict[str, Any]:
    if isinstance(entry, str):  # a bare text in a list (aims, principles): an item with a made-up id
        return {
            "id": generated,
            "kind": kind,
            "parent": parent,
            "title": {"en": entry},
            "provisional": True,
            "verification": _verification(default_verification)[0],
        }
    if not isinstance(entry, Mapping):
        return {"id": generated, "kind": kind, "title": {}}
    consumed = {
        "id",
        "number",
        "title",
        "title_en",
        "summary",
        "scope",
        "id_provisional",
        "oecd_mapping",
        "ai_watch_area",
        "source",
        "sources",
        "responsible",
        "lead",
        *LANGUAGES,
        *drop,
    }
    title, other = _titles(entry.get("title"))
    if not title:
        title = {lang: str(entry[lang]) for lang in LANGUAGES if isinstance(entry.get(lang), str)}
    if not title and isinstance(entry.get("title_en"), str):
        title = {"en": entry["title_en"]}
    summary = entry.get("summary") or entry.get("scope")
    levels = [value for name, value in entry.items() if VERIFICATION_KEY.fullmatch(str(name))]
    if not levels and default_verification is not None:
        levels = [default_verification]
    level, note = _weakest(levels)
    consumed |= {name for name in entry if VERIFICATION_KEY.fullmatch(str(name))}
    extra = {str(k): _plain(v) for k, v in entry.items() if k not in consumed}
    if other:
        extra["title_other"] = other
    bodies = [{"name": str(entry[name]), "role": "lead"} for name in ("lead", "responsible") if entry.get(name)]
    item: dict[str, Any] = {
        "id": str(entry.get("id") or generated),
        "kind": kind,
        "parent": parent,
        "number": str(entry.get("number", "")),
        "title": title,
        "summary": {"en": str(summary)} if isinstance(summary, str) else {},
        "verification": level,
        "verification_note": note,
        "provisional": bool(entry.get("id_provisional")) or not entry.get("id"),
        "tags": _tags(entry),
        "bodies": bodies,
        "sources": _sources(entry),
        "extra": extra,
    }
    return item


def _titles(value: Any) -> tuple[dict[str, str], dict[str, Any]]:
    """The title per language, and what else the title block says (``nl_alt``: another wording)."""
    if isinstance(value, str):
        return {"en": value}, {}
    if not isinstance(value, Mapping):
        return {}, {}
    return (
        {str(k): str(v) for k, v in value.items() if k in LANGUAGES},
        {str(k): _plain(v) for k, v in value.items() if k not in LANGUAGES},
    )


def _tags(entry: Mapping[str, Any]) -> list[str]:
    tags: list[str] = []
    mapping = entry.get("oecd_mapping")
    if isinstance(mapping, Mapping):
        for name in ("principles", "recommendations"):
            tags.extend(f"oecd:{code}" for code in _list(mapping.get(name)))
    tags.extend(f"ai_watch:{area}" for area in _list(entry.get("ai_watch_area")))
    return tags


def _sources(entry: Mapping[str, Any]) -> list[str]:
    sources = [str(s) for s in _list(entry.get("sources")) if isinstance(s, str)]
    if isinstance(entry.get("source"), str):
        sources.insert(0, entry["source"])
    return sources


def _verification(value: Any) -> tuple[str, str]:
    """``"secondary_summary (source sentence cut off…)"`` → ("secondary_summary", "source sentence cut off…");
    anything not one of the four levels reads as unverified, with what it said as the note."""
    if value is None:
        return "unverified", ""
    text = str(value).strip()
    first = re.split(r"[\s(]", text, maxsplit=1)[0]
    if first in VERIFICATION:
        note = text[len(first) :].strip().removeprefix("(").removesuffix(")").strip()
        return first, note
    return "unverified", text


def _weakest(values: list[Any]) -> tuple[str, str]:
    """The weakest of several stated levels (a title checked, its translation not: the item is as good as its
    weakest part), with the notes."""
    if not values:
        return "unverified", "the source file states no verification level for this item"
    read = [_verification(value) for value in values]
    level = max((lvl for lvl, _note in read), key=VERIFICATION.index)
    return level, "; ".join(note for _lvl, note in read if note)


def _jurisdiction(value: Any) -> str:
    if isinstance(value, str):
        return value
    if not isinstance(value, Mapping):
        return ""
    country = str(value.get("country", ""))
    level = str(value.get("level", ""))
    region = str(value.get("region", "")).strip().lower()
    return JURISDICTION_OF.get((country, level, region), "")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _plain(value: Any) -> Any:
    """JSON-safe: dates become ISO texts."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# ----- vocabulary files -------------------------------------------------------------------------------------------


def _oecd_texts(data: Mapping[str, Any], name: str, known: set[str], problems: list[Problem]) -> list[TagText]:
    texts = []
    for group in ("values_based_principles", "recommendations_for_policy_makers"):
        for entry in _list(data.get(group)):
            if isinstance(entry, Mapping):
                texts.append(
                    TagText(f"oecd:{entry.get('id')}", str(entry.get("title", "")), str(entry.get("gist", "")))
                )
    areas = data.get("ai_watch_policy_areas")
    for entry in _list(areas.get("areas") if isinstance(areas, Mapping) else None):
        if isinstance(entry, Mapping):
            texts.append(TagText(f"ai_watch:{entry.get('id')}", "", str(entry.get("scope", ""))))
    return _known_texts(texts, name, known, problems)


def _instrument_texts(data: Mapping[str, Any], name: str, known: set[str], problems: list[Problem]) -> list[TagText]:
    stip = data.get("stip_compass")
    labels = _list(stip.get("instrument_types")) if isinstance(stip, Mapping) else []
    texts = [TagText(f"instrument:{slug(str(label))}", str(label)) for label in labels]
    return _known_texts(texts, name, known, problems)


def _known_texts(texts: list[TagText], name: str, known: set[str], problems: list[Problem]) -> list[TagText]:
    for text in texts:
        if text.ref not in known:
            problems.append(
                Problem(
                    (name, text.ref),
                    "unknown-tag",
                    _("unknown tag {value!r}: the platform's vocabulary does not have it"),
                    {"value": text.ref},
                )
            )
    if not texts:
        problems.append(Problem((name,), "shape", _("the vocabulary file names no tags")))
    return texts
