"""Writing plans and their follow-up: permission check → validation → change → audit log, in one transaction.

- **Plans** come in as files (YAML or CSV, ``engine.reading``): an import refuses a file whole when anything in it is
  wrong, and otherwise makes each strategy whose content differs a draft (the same file again changes nothing). A
  coordinator other than the one who drafted it publishes the draft as a new version; versions are never changed,
  so a re-baselined plan keeps its history. The operator's command-line import may publish at once.
- **Periods**: a coordinator opens and closes them; a closed period takes no more updates.
- **Progress updates**: someone with an editing role in a responsible organisation of the action records one for an
  open period; a coordinator other than the author publishes or declines it. Nothing is ever edited: a correction is
  a new update naming the one it corrects.
- **Grades**: an independent grader grades a published update.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from django.db import transaction
from django.utils import timezone

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor, can, require
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied, Problem
from algoscope.common.messages import gettext_noop as _
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.public_cache import public_changed
from algoscope.plans import selectors
from algoscope.plans.engine import progress as vocab
from algoscope.plans.engine.capacity import course_to_dict, practice_to_dict
from algoscope.plans.engine.document import Strategy as Document
from algoscope.plans.engine.document import strategy_to_dict
from algoscope.plans.engine.pilots import Pilot as PilotDocument
from algoscope.plans.engine.pilots import pilot_to_dict
from algoscope.plans.engine.reading import PlanFile, read_file
from algoscope.plans.models import (
    CatalogueEntry,
    CatalogueVersion,
    Grade,
    Period,
    Pilot,
    PilotVersion,
    ProgressUpdate,
    Reviewed,
    Strategy,
    StrategyVersion,
    TagText,
    TrainingFigure,
)

MAX_TEXT: Final = 10_000
COUNT: Final = re.compile(r"[0-9]{1,9}")
MAX_PEOPLE: Final = 1_000_000  # more people in one administration's figure is a typing error
FIGURE_PERIOD: Final = re.compile(r"(19|20)[0-9]{2}(-(H[12]|Q[1-4]))?")
MAX_LIST: Final = 50


@dataclass
class ImportReport:
    """What an import did, strategy by strategy: ``lines`` for people, counts for scripts."""

    name: str
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    tags: int = 0
    lines: list[str] = field(default_factory=list)


def _person(actor: Actor) -> Any:
    """The account a report or grade is signed with: a person, never the platform itself."""
    if actor.db_user is None:
        raise PermissionDenied(_("a person signs a progress report or a grade"))
    return actor.db_user


def _log(actor: Actor, action: str, object_id: str, **data: Any) -> None:
    """One audit-log entry: ``action`` is ``plans.<object>.<verb>``."""
    audit_log_write(actor=actor, action=action, object_type=action.split(".")[1], object_id=object_id, data=data)


# ----- plans ------------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_import(
    actor: Actor, name: str, content: bytes | str, *, publish: bool = False, note: str = ""
) -> ImportReport:
    """Import one plan file. Refused whole (``InvalidInput``, each problem at its file, item and field) when anything
    is wrong; otherwise each strategy that differs from its working copy becomes a draft, or a published version when
    ``publish`` (the operator's command-line import only)."""
    require(actor, "plan.edit")
    if publish and not actor.system:
        raise PermissionDenied(
            _(
                "only the operator's command-line import publishes at once; a coordinator's draft "
                "is published by another coordinator"
            )
        )
    plan_file = read_file(name, content, selectors.known_tags())
    if not plan_file.problems:
        plan_file.problems.extend(_reference_problems(plan_file))
    if plan_file.problems:
        raise InvalidInput(plan_file.problems)
    report = ImportReport(name)
    for text in plan_file.tag_texts:
        row, created = TagText.objects.get_or_create(
            ref=text.ref, defaults={"title": text.title, "note": text.note, "source": name}
        )
        if not created and (row.title, row.note) != (text.title, text.note):
            row.title, row.note, row.source = text.title, text.note, name
            row.save()
            created = True
        report.tags += int(created)
    if plan_file.tag_texts:
        report.lines.append(
            f"{name}: the official wording of {len(plan_file.tag_texts)} tags ({report.tags} new or changed)"
        )
    for document in plan_file.strategies:
        _import_strategy(actor, document, report, publish=publish, note=note)
    for pilot in plan_file.pilots:
        _import_pilot(actor, pilot, report, publish=publish, note=note)
    entries = [("course", course_to_dict(c)) for c in plan_file.courses]
    entries += [("practice", practice_to_dict(p)) for p in plan_file.practices]
    for kind, entry in entries:
        _import_entry(actor, kind, entry, report, publish=publish, note=note)
    if report.tags or report.published:
        public_changed()
    return report


def _reference_problems(plan_file: PlanFile) -> list[Problem]:
    """What a file names that does not exist: register records, plan items, pilots (those of the same file count)."""
    problems: list[Problem] = []
    in_file = {s.key: s for s in plan_file.strategies}
    pilots_here = {p.key for p in plan_file.pilots}
    published = selectors.published_pilot_keys() if plan_file.practices else set()

    def item_exists(link: str) -> bool:
        strategy_key, _sep, item_key = link.partition(":")
        document = in_file.get(strategy_key)
        if document is None:
            strategy = selectors.strategy_get_public(strategy_key)
            document = selectors.published_document(strategy) if strategy is not None else None
        return document is not None and document.item(item_key) is not None

    def check(where: str, records: Iterable[str], links: Iterable[str], pilots: Iterable[str]) -> None:
        for record in selectors.unknown_records(list(records)):
            problems.append(
                Problem(
                    (plan_file.name, where, "records"),
                    "unknown-record",
                    _("no published register record has the id {value!r}"),
                    {"value": record},
                )
            )
        for link in links:
            if not item_exists(link):
                problems.append(
                    Problem(
                        (plan_file.name, where, "plan_items"),
                        "unknown-item",
                        _("the plan has no item {value!r}"),
                        {"value": link},
                    )
                )
        for pilot in pilots:
            if pilot not in published and pilot not in pilots_here:
                problems.append(
                    Problem(
                        (plan_file.name, where, "pilot"),
                        "unknown-pilot",
                        _("no published pilot has the id {value!r}"),
                        {"value": pilot},
                    )
                )

    for pilot in plan_file.pilots:
        check(f"pilot {pilot.key}", pilot.records, pilot.plan_items, ())
    for course in plan_file.courses:
        check(f"course {course.key}", (), course.plan_items, ())
    for practice in plan_file.practices:
        check(
            f"practice {practice.key}",
            [practice.record] if practice.record else [],
            practice.plan_items,
            [practice.pilot] if practice.pilot else [],
        )
    return problems


def _import_strategy(actor: Actor, document: Document, report: ImportReport, *, publish: bool, note: str) -> None:
    content = strategy_to_dict(document)
    strategy = Strategy.objects.select_for_update().filter(key=document.key).first()
    if strategy is not None and strategy.content == content:
        report.unchanged.append(document.key)
        report.lines.append(f"{document.key}: unchanged")
        return
    before = selectors.document(strategy.content) if strategy is not None else None
    now = timezone.now()
    if strategy is None:
        strategy = Strategy(key=document.key, created_at=now)
        report.created.append(document.key)
    else:
        report.changed.append(document.key)
    strategy.jurisdiction, strategy.kind, strategy.content = document.jurisdiction, document.kind, content
    strategy.state = Strategy.State.DRAFT
    strategy.draft_note = note
    strategy.drafted_by, strategy.drafted_at = actor.db_user, now
    strategy.save()
    summary = selectors.describe_changes(before, document)
    report.lines.append(f"{document.key}: {'created' if before is None else 'changed'} ({summary})")
    _log(actor, "plans.strategy.import", document.key, summary=summary, items=len(document.items))
    if publish:
        _publish(actor, strategy, note or "imported")
        report.published.append(document.key)


def _import_pilot(actor: Actor, pilot: PilotDocument, report: ImportReport, *, publish: bool, note: str) -> None:
    row = Pilot.objects.select_for_update().filter(key=pilot.key).first() or Pilot(key=pilot.key)
    row.domain, row.status = pilot.domain, pilot.status
    _import_document(actor, row, pilot_to_dict(pilot), report, publish=publish, note=note)


def _import_entry(
    actor: Actor, kind: str, content: dict[str, Any], report: ImportReport, *, publish: bool, note: str
) -> None:
    key = content["id"]
    row = CatalogueEntry.objects.select_for_update().filter(key=key).first()
    if row is not None and row.kind != kind:
        problem = Problem(
            (report.name, f"{kind} {key}", "id"),
            "duplicate-id",
            _("the id {value!r} is used twice (also by item {other})"),
            {"value": key, "other": row.key},
        )
        raise InvalidInput([problem])
    _import_document(actor, row or CatalogueEntry(key=key, kind=kind), content, report, publish=publish, note=note)


def _import_document(
    actor: Actor, row: Any, content: dict[str, Any], report: ImportReport, *, publish: bool, note: str
) -> None:
    """A pilot or catalogue entry (new or stored) with the imported content: unchanged, or a draft (published at once
    for the operator's command line)."""
    if row.pk is not None and row.content == content:
        report.unchanged.append(row.key)
        report.lines.append(f"{row.key}: unchanged")
        return
    (report.changed if row.pk is not None else report.created).append(row.key)
    row.content, row.state, row.draft_note = content, Reviewed.State.DRAFT, note
    row.drafted_by, row.drafted_at = actor.db_user, timezone.now()
    row.save()
    report.lines.append(f"{row.key}: {'changed' if row.published_id else 'created'}")
    _log(actor, f"plans.{_object(row)}.import", row.key)
    if publish:
        _publish(actor, row, note or "imported")
        report.published.append(row.key)


def _fresh(document: Reviewed) -> Any:
    model: Any = type(document)
    return model.objects.select_for_update().get(pk=document.pk)


def _object(document: Reviewed) -> str:
    """The audit log's object name, and the version's foreign key to its document."""
    if isinstance(document, CatalogueEntry):
        return "entry"
    return "pilot" if isinstance(document, Pilot) else "strategy"


VERSION_MODELS: Final[dict[str, Any]] = {
    "strategy": StrategyVersion,
    "pilot": PilotVersion,
    "entry": CatalogueVersion,
}


@transaction.atomic
def plan_submit(actor: Actor, document: Reviewed) -> None:
    """Submit a draft (a strategy or a pilot) for review."""
    require(actor, "plan.edit")
    document = _fresh(document)
    if document.state != Reviewed.State.DRAFT:
        raise InvalidTransition(_("only a draft can be submitted for review"))
    document.state = Reviewed.State.SUBMITTED
    document.save(update_fields=["state"])
    _log(actor, f"plans.{_object(document)}.submit", document.key)


@transaction.atomic
def plan_publish(actor: Actor, document: Reviewed, note: str = "") -> Any:
    """Publish the submitted draft as the next version: by a coordinator who did not draft it."""
    require(actor, "plan.publish")
    document = _fresh(document)
    if document.state != Reviewed.State.SUBMITTED:
        raise InvalidTransition(_("only a draft submitted for review can be published"))
    if document.drafted_by_id is not None and document.drafted_by_id == actor.person_id:
        raise PermissionDenied(_("another coordinator must publish what you drafted (four-eyes rule)"))
    return _publish(actor, document, note or document.draft_note)


@transaction.atomic
def plan_return(actor: Actor, document: Reviewed, reason: str) -> None:
    """Send a submitted draft back to its author with the reason."""
    require(actor, "plan.publish")
    reason = _text(reason, "reason", required=True)
    document = _fresh(document)
    if document.state != Reviewed.State.SUBMITTED:
        raise InvalidTransition(_("only a draft submitted for review can be returned"))
    document.state = Reviewed.State.DRAFT
    document.draft_note = f"{document.draft_note}\n\n{reason}".strip()
    document.save(update_fields=["state", "draft_note"])
    _log(actor, f"plans.{_object(document)}.return", document.key, reason=reason)


def _publish(actor: Actor, document: Any, note: str) -> Any:
    """``document``: a Strategy or a Pilot (each has its own version model)."""
    kind = _object(document)
    version_model = VERSION_MODELS[kind]
    last = version_model.objects.filter(**{kind: document}).order_by("-number").first()
    version = version_model.objects.create(
        **{kind: document},
        number=(last.number + 1) if last else 1,
        content=document.content,
        note=note,
        drafted_by=document.drafted_by,
        published_by=actor.db_user,
        published_at=timezone.now(),
    )
    document.published = version
    document.state = Reviewed.State.PUBLISHED
    document.save(update_fields=["published", "state"])
    _log(actor, f"plans.{kind}.publish", document.key, version=version.number)
    public_changed()
    return version


# ----- training figures -------------------------------------------------------------------------------------------


@transaction.atomic
def figure_record(
    actor: Actor, course_key: str, organisation: Organisation, period: str, participants: Any, completions: Any
) -> TrainingFigure:
    """An administration's participants and completions of a published course in a period (awaiting review)."""
    require(actor, "training.record", organisation.pk)
    problems: list[Problem] = []
    if course_key not in selectors.published_entry_keys("course"):
        problems.append(
            Problem(("course",), "unknown-course", _("no published course has the id {value!r}"), {"value": course_key})
        )
    period = _text(period, "period", problems=problems, required=True, limit=40)
    if period and not FIGURE_PERIOD.fullmatch(period):
        problems.append(
            Problem(
                ("period",),
                "period",
                _("write the period as 2026, 2026-H2 or 2026-Q4, not {value!r}"),
                {"value": period},
            )
        )
    counts = {
        name: _count(value, name, problems)
        for name, value in (("participants", participants), ("completions", completions))
    }
    if not problems and counts["completions"] > counts["participants"]:
        problems.append(
            Problem(
                ("completions",),
                "range",
                _("more completions ({completions}) than participants ({participants})"),
                counts,
            )
        )
    if problems:
        raise InvalidInput(problems)
    figure = TrainingFigure.objects.create(
        course_key=course_key,
        organisation=organisation,
        period=period,
        author=_person(actor),
        created_at=timezone.now(),
        **counts,
    )
    _log(actor, "plans.figure.record", str(figure.pk), course=course_key, period=period)
    return figure


def _count(value: Any, name: str, problems: list[Problem]) -> int:
    text = str(value if value is not None else "").strip()
    if not COUNT.fullmatch(text) or int(text) > MAX_PEOPLE:  # ASCII digits only: "²³".isdigit() is true
        problems.append(
            Problem(
                (name,), "number", _("give a whole number from 0 to 1,000,000, not {value!r}"), {"value": text[:20]}
            )
        )
        return 0
    return int(text)


@transaction.atomic
def figure_review(actor: Actor, figure: TrainingFigure, publish: bool, note: str = "") -> None:
    """Publish a training figure, or decline it saying why: a coordinator who did not record it."""
    require(actor, "training.publish")
    figure = TrainingFigure.objects.select_for_update().get(pk=figure.pk)
    if figure.state != TrainingFigure.State.SUBMITTED:
        raise InvalidTransition(_("this update has already been reviewed"))
    if figure.author_id == actor.person_id:
        raise PermissionDenied(_("another coordinator must review your own update (four-eyes rule)"))
    if not publish:
        note = _text(note, "reason", required=True)
    figure.state = TrainingFigure.State.PUBLISHED if publish else TrainingFigure.State.DECLINED
    figure.reviewed_by, figure.reviewed_at, figure.review_note = actor.db_user, timezone.now(), note
    figure.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
    _log(actor, "plans.figure.publish" if publish else "plans.figure.decline", str(figure.pk))
    if publish:
        public_changed()


# ----- periods ----------------------------------------------------------------------------------------------------


@transaction.atomic
def period_open(actor: Actor, strategy: Strategy, label: str, starts_on: dt.date, ends_on: dt.date) -> Period:
    require(actor, "plan.period")
    label = _text(label, "label", required=True, limit=40)
    if ends_on < starts_on:
        raise InvalidInput(
            [
                Problem(
                    ("ends_on",),
                    "dates",
                    _("the period ends ({end}) before it starts ({start})"),
                    {"end": ends_on.isoformat(), "start": starts_on.isoformat()},
                )
            ]
        )
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if strategy.published_id is None:
        raise Conflict(_("publish the plan before opening a reporting period"))
    open_now = strategy.periods.filter(state=Period.State.OPEN).first()
    if open_now is not None:
        raise Conflict(_("the period {label} is still open: close it first"), params={"label": open_now.label})
    if strategy.periods.filter(label=label).exists():
        raise InvalidInput([Problem(("label",), "duplicate", _("there already is a period {label}"), {"label": label})])
    period = Period.objects.create(
        strategy=strategy,
        label=label,
        starts_on=starts_on,
        ends_on=ends_on,
        opened_by=actor.db_user,
        opened_at=timezone.now(),
    )
    _log(actor, "plans.period.open", f"{strategy.key}/{label}")
    public_changed()
    return period


@transaction.atomic
def period_close(actor: Actor, period: Period) -> None:
    require(actor, "plan.period")
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.state == Period.State.CLOSED:
        raise InvalidTransition(_("the period {label} is already closed"), params={"label": period.label})
    period.state, period.closed_by, period.closed_at = Period.State.CLOSED, actor.db_user, timezone.now()
    period.save(update_fields=["state", "closed_by", "closed_at"])
    _log(actor, "plans.period.close", f"{period.strategy.key}/{period.label}")
    public_changed()


# ----- progress updates -------------------------------------------------------------------------------------------


@transaction.atomic
def update_record(
    actor: Actor, strategy: Strategy, item_key: str, period: Period, organisation: Organisation, data: dict[str, Any]
) -> ProgressUpdate:
    """Record a progress update (awaiting review). ``data``: status, rag, method, progress (0–100, for a manual
    figure), milestones_reached, achievements, actual, forecast, bottlenecks, next_steps, confidence, changes, links,
    language, corrects (an update id)."""
    require(actor, "progress.record", organisation.pk)
    document = selectors.published_document(strategy)
    item = document.item(item_key) if document is not None else None
    if document is None or item is None:
        raise InvalidInput(
            [Problem(("item",), "unknown-item", _("the plan has no item {value!r}"), {"value": item_key})]
        )
    if not selectors.organisation_is_responsible(organisation, document, item.key):
        raise PermissionDenied(
            _("{organisation} is not a responsible body of {item}"),
            params={"organisation": organisation.slug, "item": item.key},
        )
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.strategy_id != strategy.pk:
        raise InvalidInput([Problem(("period",), "period", _("the period belongs to another plan"))])
    if period.state != Period.State.OPEN:
        raise Conflict(_("the period {label} is closed: it takes no more updates"), params={"label": period.label})
    values = _update_values(data, document, item.key, strategy)
    update = ProgressUpdate.objects.create(
        strategy=strategy,
        item_key=item.key,
        period=period,
        organisation=organisation,
        author=_person(actor),
        created_at=timezone.now(),
        **values,
    )
    _log(actor, "plans.update.record", str(update.pk), item=item.key, period=period.label, status=update.status)
    return update


def _update_values(data: dict[str, Any], document: Document, key: str, strategy: Strategy) -> dict[str, Any]:
    problems: list[Problem] = []

    def choice(name: str, allowed: tuple[str, ...]) -> str:
        value = str(data.get(name) or "")
        if value not in allowed:
            problems.append(Problem((name,), "choice", _("choose one of: {allowed}"), {"allowed": ", ".join(allowed)}))
        return value

    item = document.item(key)
    assert item is not None
    status = choice("status", vocab.STATUSES)
    rag = choice("rag", vocab.RAG)
    method = choice("method", vocab.METHODS)
    confidence = choice("confidence", vocab.CONFIDENCE)
    language = choice("language", LANGUAGES)
    reached = [str(m) for m in data.get("milestones_reached") or []]
    value: Decimal | None = None
    if method == "manual":
        value = _percent(data.get("progress"), problems)
    elif method == "milestones":
        keys = [m.key for m in item.milestones]
        if not keys:
            problems.append(Problem(("method",), "milestones", _("the item has no milestones to count")))
        unknown = [m for m in reached if m not in keys]
        if unknown:
            problems.append(
                Problem(
                    ("milestones_reached",), "unknown", _("unknown milestones: {names}"), {"names": ", ".join(unknown)}
                )
            )
        if keys and not unknown:
            value = (Decimal(100) * len(set(reached)) / len(keys)).quantize(Decimal("0.01"))
    elif method == "weighted_children" and not document.children(item.key):
        problems.append(Problem(("method",), "children", _("the item has no parts to weigh: set the figure by hand")))
    bottlenecks = []
    for i, raw in enumerate(_list(data.get("bottlenecks"), "bottlenecks", problems)):
        description = _text(str(raw.get("description", "")), ("bottlenecks", i, "description"), problems=problems)
        if not description:
            problems.append(Problem(("bottlenecks", i, "description"), "required", _("describe the bottleneck")))
        bottlenecks.append(
            {
                "description": description,
                "owner": _text(str(raw.get("owner", "")), ("bottlenecks", i, "owner"), problems=problems, limit=200),
                "mitigation": _text(
                    str(raw.get("mitigation", "")), ("bottlenecks", i, "mitigation"), problems=problems
                ),
                "escalate": bool(raw.get("escalate")),
            }
        )
    changes = []
    for i, raw in enumerate(_list(data.get("changes"), "changes", problems)):
        kind = str(raw.get("kind", ""))
        if kind not in vocab.CHANGE_KINDS:
            problems.append(
                Problem(
                    ("changes", i, "kind"),
                    "choice",
                    _("choose one of: {allowed}"),
                    {"allowed": ", ".join(vocab.CHANGE_KINDS)},
                )
            )
        description = _text(str(raw.get("description", "")), ("changes", i, "description"), problems=problems)
        reason = _text(str(raw.get("reason", "")), ("changes", i, "reason"), problems=problems)
        if not description or not reason:
            problems.append(
                Problem(("changes", i, "reason"), "required", _("say what changes in scope, budget or time, and why"))
            )
        changes.append({"kind": kind, "description": description, "reason": reason})
    links = _links(data.get("links") or {}, problems)
    corrects = None
    if data.get("corrects"):
        corrects = ProgressUpdate.objects.filter(
            pk=data["corrects"], strategy=strategy, item_key=key, state=ProgressUpdate.State.PUBLISHED
        ).first()
        if corrects is None:
            problems.append(
                Problem(("corrects",), "corrects", _("a correction names a published update of the same item"))
            )
    texts = {
        name: _text(str(data.get(name) or ""), name, problems=problems)
        for name in ("achievements", "actual", "forecast", "next_steps")
    }
    if problems:
        raise InvalidInput(problems)
    return {
        "status": status,
        "rag": rag,
        "method": method,
        "confidence": confidence,
        "language": language,
        "progress": value,
        "milestones_reached": sorted(set(reached)),
        "bottlenecks": bottlenecks,
        "changes": changes,
        "links": links,
        "corrects": corrects,
        **texts,
    }


def _percent(raw: Any, problems: list[Problem]) -> Decimal | None:
    try:
        value = Decimal(str(raw).strip().replace(",", ".").rstrip("%").strip())
    except ArithmeticError:
        value = None
    if raw in (None, "") or value is None or not value.is_finite():
        problems.append(Problem(("progress",), "number", _("give the progress as a number from 0 to 100")))
        return None
    if not Decimal(0) <= value <= Decimal(100):
        problems.append(
            Problem(
                ("progress",), "range", _("progress is a percentage from 0 to 100, not {value}"), {"value": str(value)}
            )
        )
        return None
    return value.quantize(Decimal("0.01"))


def _links(raw: Any, problems: list[Problem]) -> dict[str, list[str]]:
    if not isinstance(raw, dict):
        problems.append(Problem(("links",), "type", _("expected links by kind")))
        return {}
    out: dict[str, list[str]] = {}
    for kind in ("records", "pilots", "proposals"):
        values = [str(v).strip() for v in raw.get(kind) or [] if str(v).strip()][:MAX_LIST]
        if values:
            out[kind] = values
    published_pilots = selectors.published_pilot_keys() if out.get("pilots") else set()
    for key in out.get("pilots", []):
        if key not in published_pilots:
            problems.append(
                Problem(
                    ("links", "pilots"), "unknown-pilot", _("no published pilot has the id {value!r}"), {"value": key}
                )
            )
    unknown = selectors.unknown_records(out.get("records", []))
    if unknown:
        problems.append(
            Problem(
                ("links", "records"),
                "unknown-record",
                _("no published register record has the id {value!r}"),
                {"value": unknown[0]},
            )
        )
    return out


def _list(raw: Any, name: str, problems: list[Problem]) -> list[dict[str, Any]]:
    if raw in (None, ""):
        return []
    if not isinstance(raw, list) or not all(isinstance(v, dict) for v in raw) or len(raw) > MAX_LIST:
        problems.append(Problem((name,), "type", _("expected a list of at most {limit} entries"), {"limit": MAX_LIST}))
        return []
    return raw


def _text(
    value: str, loc: Any, *, problems: list[Problem] | None = None, required: bool = False, limit: int = MAX_TEXT
) -> str:
    loc = loc if isinstance(loc, tuple) else (loc,)
    text = (value or "").strip()
    problem = None
    if required and not text:
        problem = Problem(loc, "required", _("a value is required"))
    elif len(text) > limit:
        problem = Problem(loc, "too-long", _("at most {limit} characters"), {"limit": limit})
    if problem is not None:
        if problems is None:
            raise InvalidInput([problem])
        problems.append(problem)
    return text


@transaction.atomic
def update_publish(actor: Actor, update: ProgressUpdate) -> None:
    _review(actor, update, ProgressUpdate.State.PUBLISHED, "")
    public_changed()


@transaction.atomic
def update_decline(actor: Actor, update: ProgressUpdate, reason: str) -> None:
    _review(actor, update, ProgressUpdate.State.DECLINED, _text(reason, "reason", required=True))


def _review(actor: Actor, update: ProgressUpdate, state: str, note: str) -> None:
    require(actor, "progress.publish")
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if update.state != ProgressUpdate.State.SUBMITTED:
        raise InvalidTransition(_("this update has already been reviewed"))
    if update.author_id == actor.person_id:
        raise PermissionDenied(_("another coordinator must review your own update (four-eyes rule)"))
    update.state, update.reviewed_by, update.reviewed_at, update.review_note = (
        state,
        actor.db_user,
        timezone.now(),
        note,
    )
    update.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
    _log(
        actor,
        "plans.update.publish" if state == ProgressUpdate.State.PUBLISHED else "plans.update.decline",
        str(update.pk),
    )


@transaction.atomic
def grade_add(actor: Actor, update: ProgressUpdate, rag: str, comment: str) -> Grade:
    require(actor, "progress.grade")
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if update.state != ProgressUpdate.State.PUBLISHED:
        raise InvalidTransition(_("only a published update can be graded"))
    if update.author_id == actor.person_id or can(actor, "progress.record", update.organisation_id):
        raise PermissionDenied(_("an independent grade comes from outside the responsible organisation"))
    if rag not in vocab.RAG:
        raise InvalidInput(
            [Problem(("rag",), "choice", _("choose one of: {allowed}"), {"allowed": ", ".join(vocab.RAG)})]
        )
    grade = Grade.objects.create(
        update=update,
        rag=rag,
        comment=_text(comment, "comment", required=True),
        grader=_person(actor),
        created_at=timezone.now(),
    )
    _log(actor, "plans.update.grade", str(update.pk), rag=rag)
    public_changed()
    return grade
