"""The plans' sections: status and RAG per country, strategy and objective; concrete results; bottlenecks; the
commitments and their slippage; the harmonisation gaps; the AI Act test-bed; training; the full action table.

An item's status at the close of a period is its latest published report among the reporting periods that end by
the period's last day (a correction counts as its period's report); reports of later periods are left out. The plans
are read in their published version when the snapshot is taken: the baseline the reports were made against."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from algoscope.plans import selectors
from algoscope.plans.engine.document import Item
from algoscope.plans.engine.document import Strategy as Document
from algoscope.plans.engine.harmonisation import matrix
from algoscope.plans.engine.progress import RAG, STATUSES, Reported, roll_up
from algoscope.plans.engine.taxonomy import builtin
from algoscope.plans.models import Grade, ProgressUpdate, Strategy
from algoscope.reports.engine.periods import Period, parse_period
from algoscope.reports.engine.scope import jurisdiction_country
from algoscope.reports.engine.texts import text
from algoscope.reports.sections.base import Data, Window, counts, org_name

NOT_REPORTED = "not_reported"
CONCERNS = ("amber", "amber_red", "red")  # what needs political attention
CLOSED = frozenset({"completed", "cancelled", "superseded"})


def plans_in_scope(window: Window) -> list[tuple[Strategy, Document]]:
    return [
        (strategy, document)
        for strategy, document in selectors.published_strategies()
        if window.scope.covers_plan(document.key, document.jurisdiction)
    ]


def updates_at_close(strategy: Strategy, document: Document, window: Window) -> dict[str, ProgressUpdate]:
    """Each item's latest published report as the period closed (see the module's note)."""
    rows = ProgressUpdate.objects.filter(strategy=strategy, state=ProgressUpdate.State.PUBLISHED)
    if not window.live:
        rows = rows.filter(period__ends_on__lte=window.period.ends_on, reviewed_at__lte=window.taken_at)
    latest: dict[str, ProgressUpdate] = {}
    for update in rows.select_related("period", "organisation").order_by("-period__ends_on", "-created_at", "-pk"):
        item = document.item(update.item_key)
        latest.setdefault(item.key if item is not None else update.item_key, update)
    return latest


class PlanState:
    """One plan as the period closed: its items' latest reports and rolled-up progress."""

    def __init__(self, strategy: Strategy, document: Document, window: Window) -> None:
        self.strategy, self.document = strategy, document
        self.updates = updates_at_close(strategy, document, window)
        reported = {
            key: Reported(float(u.progress) if u.progress is not None else None, u.status, u.method)
            for key, u in self.updates.items()
        }
        self.rolled, self.overall = roll_up(document, reported)
        self.country = jurisdiction_country(document.jurisdiction) or "BENELUX"

    def leaves(self, under: str | None = None) -> list[Item]:
        """The actions (items without parts), all or those below ``under``."""
        parents = {item.parent for item in self.document.items if item.parent}
        leaves = [item for item in self.document.items if item.key not in parents]
        if under is None:
            return leaves
        return [item for item in leaves if under in self.ancestors(item)]

    def ancestors(self, item: Item) -> list[str]:
        found, seen = [], set()
        while item.parent and item.parent not in seen:
            seen.add(item.parent)
            found.append(item.parent)
            parent = self.document.item(item.parent)
            if parent is None:
                break
            item = parent
        return found

    def status(self, key: str) -> str:
        update = self.updates.get(key)
        return update.status if update is not None else NOT_REPORTED

    def rag(self, key: str) -> str:
        update = self.updates.get(key)
        return update.rag if update is not None else NOT_REPORTED

    def progress(self, key: str) -> float:
        return half_up(self.rolled[key].progress) if key in self.rolled else 0.0


def half_up(value: float, digits: int = 1) -> float:
    """Rounded as the plans' pages round (half away from zero: 33.25 → 33.3), not Python's half to even."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


@functools.lru_cache(maxsize=1)
def states(window: Window) -> list[PlanState]:
    """The plans in scope as the period closed, read once per snapshot (each window has its own moment) for all
    the sections that need them."""
    return [PlanState(strategy, document, window) for strategy, document in plans_in_scope(window)]


def of_the_period(window: Window, update: ProgressUpdate) -> bool:
    """A report made for a reporting period within the report's (the live figures: every report)."""
    return window.live or window.period.covers(update.period.starts_on, update.period.ends_on)


def _tally(state: PlanState, items: list[Item]) -> Data:
    return {
        "actions": len(items),
        "rag": counts([state.rag(i.key) for i in items], (*RAG, NOT_REPORTED)),
        "status": counts([state.status(i.key) for i in items], (*STATUSES, NOT_REPORTED)),
    }


def collect_status(window: Window, previous: Data | None) -> Data:
    plans: list[Data] = []
    figures: dict[str, Any] = {}
    by_country: dict[str, Data] = {}
    for state in states(window):
        key = state.document.key
        tally = _tally(state, state.leaves())
        objectives = [
            {"id": root.key, "number": root.number, "title": text(root.title), "progress": state.progress(root.key),
             **_tally(state, state.leaves(root.key) or [root])}
            for root in state.document.roots()
        ]  # fmt: skip
        plans.append({
            "id": key, "title": text(state.document.title), "jurisdiction": state.document.jurisdiction,
            "country": state.country, "progress": half_up(state.overall.progress), **tally, "objectives": objectives,
        })  # fmt: skip
        figures[f"{key}.progress"] = half_up(state.overall.progress)
        figures[f"{key}.actions"] = tally["actions"]
        for rag, n in tally["rag"].items():
            figures[f"{key}.rag.{rag}"] = n
        for status, n in tally["status"].items():
            figures[f"{key}.status.{status}"] = n
        country = by_country.setdefault(state.country, {"actions": 0, "rag": dict.fromkeys((*RAG, NOT_REPORTED), 0)})
        country["actions"] += tally["actions"]
        for rag, n in tally["rag"].items():
            country["rag"][rag] += n
    for code, totals in by_country.items():
        figures[f"{code}.actions"] = totals["actions"]
        for rag, n in totals["rag"].items():
            figures[f"{code}.rag.{rag}"] = n
    countries = [{"id": c, **by_country[c]} for c in sorted(by_country)]
    return {"plans": plans, "countries": countries, "figures": figures}


def collect_results(window: Window, previous: Data | None) -> Data:
    """Actions completed in the period (their report is of a period within it), what the reports of the period
    achieved, and the KPIs whose value moved: from the baseline, and since the previous report."""
    before = {row["id"]: row for row in (previous or {}).get("kpis", [])}
    completed: list[Data] = []
    achievements: list[Data] = []
    kpis: list[Data] = []
    for state in states(window):
        for key, update in sorted(state.updates.items()):
            item = state.document.item(key)
            title = text(item.title if item else {})
            if not of_the_period(window, update):
                continue
            if update.status == "completed":
                completed.append({"id": key, "plan": state.document.key, "title": title, "period": update.period.label,
                                  "organisation": org_name(update.organisation)})  # fmt: skip
            if update.achievements.strip():
                achievements.append({"id": key, "plan": state.document.key, "title": title,
                                     "text": text(update.achievements, update.language),
                                     "organisation": org_name(update.organisation)})  # fmt: skip
        for item in state.document.items:
            for kpi in item.kpis:
                if kpi.current is None:
                    continue
                ident = f"{state.document.key}/{item.key}/{kpi.key}"
                previous_value = before.get(ident, {}).get("current")
                if kpi.current == kpi.baseline and previous_value in (None, kpi.current):
                    continue
                kpis.append({
                    "id": ident, "item": item.key, "plan": state.document.key, "name": text(kpi.name),
                    "unit": kpi.unit, "baseline": kpi.baseline, "current": kpi.current, "target": kpi.target,
                    "target_date": kpi.target_date, "measured_at": kpi.measured_at, "previous": previous_value,
                    "source": kpi.source,
                })  # fmt: skip
    figures = {"completed": len(completed), "kpis_moved": len(kpis)}
    return {"completed": completed, "achievements": achievements, "kpis": kpis, "figures": figures}


def collect_bottlenecks(window: Window, previous: Data | None) -> Data:
    """Actions graded amber or red as the period closed, with their bottlenecks (owner, mitigation, whether the
    reporter asks for escalation) and the independent grades given by then."""
    rows: list[Any] = []
    for state in states(window):
        for key, update in sorted(state.updates.items()):
            if update.rag not in CONCERNS:
                continue
            item = state.document.item(key)
            grades = Grade.objects.filter(update=update, created_at__lte=window.taken_at).order_by("created_at")
            rows.append({
                "id": key, "plan": state.document.key, "title": text(item.title if item else {}),
                "rag": update.rag, "status": update.status, "period": update.period.label,
                "organisation": org_name(update.organisation), "confidence": update.confidence,
                "bottlenecks": [
                    {"description": text(b.get("description", ""), update.language),
                     "owner": b.get("owner", ""), "mitigation": text(b.get("mitigation", ""), update.language),
                     "escalate": bool(b.get("escalate"))}
                    for b in update.bottlenecks
                ],
                "grades": [{"rag": g.rag, "comment": text(g.comment, update.language)} for g in grades],
            })  # fmt: skip
    order = {rag: i for i, rag in enumerate(reversed(CONCERNS))}
    rows.sort(key=lambda r: (order[r["rag"]], r["plan"], r["id"]))
    figures = {
        **{f"rag.{rag}": sum(1 for r in rows if r["rag"] == rag) for rag in CONCERNS},
        "escalated": sum(1 for r in rows if any(b["escalate"] for b in r["bottlenecks"])),
    }
    return {"rows": rows, "figures": figures}


def _months_between(before: str, after: str) -> int | None:
    """Whole months a date moved (positive: later), or None when one is not a date."""
    try:
        a, b = dt.date.fromisoformat(before[:10]), dt.date.fromisoformat(after[:10])
    except ValueError:
        return None
    return (b.year - a.year) * 12 + (b.month - a.month)


def collect_commitments(window: Window, previous: Data | None) -> Data:
    """Every action and milestone with a date: closed (completed, reached, cancelled, superseded) or open, overdue
    when open after its date, and how far its date moved since the previous report (slippage)."""
    before = {row["id"]: row for row in (previous or {}).get("rows", [])}
    rows: list[Any] = []
    delays: list[Any] = []
    for state in states(window):
        delays += _delays(state, window)
        for item in state.leaves():
            entries: list[Any] = []
            if item.end:
                closed = state.status(item.key) in CLOSED
                entries.append((item.key, item.end, text(item.title), "action", closed))
            reached = set(state.updates[item.key].milestones_reached) if item.key in state.updates else set()
            for milestone in item.milestones:
                closed = milestone.state == "reached" or milestone.key in reached
                entries.append(
                    (f"{item.key}#{milestone.key}", milestone.date, text(milestone.title), "milestone", closed)
                )
            for ident, due, title, kind, closed in entries:
                earlier = before.get(f"{state.document.key}/{ident}", {}).get("due", "")
                rows.append({
                    "id": f"{state.document.key}/{ident}", "item": item.key, "plan": state.document.key, "kind": kind,
                    "title": title, "due": due, "closed": closed,
                    "overdue": (not closed) and due[:10] < window.period.ends_on.isoformat(),
                    "previous_due": earlier, "slipped_months": _months_between(earlier, due) if earlier else None,
                })  # fmt: skip
    rows.sort(key=lambda r: (r["closed"], r["due"], r["id"]))
    figures = {
        "open": sum(1 for r in rows if not r["closed"]),
        "closed": sum(1 for r in rows if r["closed"]),
        "overdue": sum(1 for r in rows if r["overdue"]),
        "slipped": sum(1 for r in rows if (r["slipped_months"] or 0) > 0),
        "delays_reported": len(delays),
    }
    return {"rows": rows, "delays": delays, "figures": figures, "previous": bool(previous)}


def _delays(state: PlanState, window: Window) -> list[Data]:
    """The changes of timing the reports of the period give, with their reason."""
    found = []
    for key, update in sorted(state.updates.items()):
        if not of_the_period(window, update):
            continue
        changed = state.document.item(key)
        found += [
            {"id": f"{state.document.key}/{key}", "item": key, "title": text(changed.title if changed else {}),
             "description": text(change.get("description", ""), update.language),
             "reason": text(change.get("reason", ""), update.language), "organisation": org_name(update.organisation)}
            for change in update.changes
            if change.get("kind") == "time"
        ]  # fmt: skip
    return found


def collect_harmonisation(window: Window, previous: Data | None) -> Data:
    """The OECD principles and recommendations no plan of the scope covers, and each plan's gaps."""
    documents = [document for _strategy, document in plans_in_scope(window)]
    tags = builtin().in_scheme("oecd")
    refs = {tag.ref for tag in tags}
    mapped = [d for d in documents if any(refs & set(item.tags) for item in d.items)]
    grid = matrix(mapped, tags)
    titles = {d.key: text(d.title) for d in mapped}
    rows: list[Any] = []
    for row in grid.rows:
        missing = [{"id": cell.strategy, "title": titles[cell.strategy]} for cell in row.cells if cell.gap]
        if missing:
            rows.append({"id": row.tag.ref, "code": row.tag.code, "title": text(row.tag.title),
                         "missing": missing, "covered_by": row.covered_by})  # fmt: skip
    figures = {
        "tags": len(grid.rows),
        "gaps": grid.gaps(),
        "uncovered": sum(1 for row in grid.rows if row.covered_by == 0),
        "possible_duplications": grid.overlaps(),
    }
    plans = [
        {"id": d.key, "title": titles[d.key], "gaps": sum(1 for r in rows for m in r["missing"] if m["id"] == d.key)}
        for d in mapped
    ]
    return {
        "rows": rows,
        "plans": plans,
        "not_mapped": [d.key for d in documents if d not in mapped],
        "figures": figures,
    }


def collect_testbed(window: Window, previous: Data | None) -> Data:
    rows: list[Any] = []
    for _row, pilot in selectors.published_pilots():
        if not window.scope.covers_jurisdictions(pilot.jurisdictions):
            continue
        if window.scope.plan and not any(ref.split(":")[0] == window.scope.plan for ref in pilot.plan_items):
            continue
        rows.append({
            "id": pilot.key, "title": text(pilot.title), "domain": pilot.domain, "status": pilot.status,
            "legal_basis": pilot.legal_basis, "jurisdictions": list(pilot.jurisdictions),
            "authorities": [
                {"name": a.name, "jurisdiction": a.jurisdiction, "role": a.role} for a in pilot.authorities
            ],
            "joint": len({a.jurisdiction for a in pilot.authorities if a.role != "observer"}) > 1,
            "start": pilot.start, "end": pilot.end, "extended_to": pilot.extended_to, "lessons": text(pilot.lessons),
            "records": list(pilot.records), "sandbox": pilot.legal_basis == "ai_act_art_57",
        })  # fmt: skip
    rows.sort(key=lambda r: r["id"])
    figures = {
        "pilots": len(rows),
        "sandboxes": sum(1 for r in rows if r["sandbox"]),
        "joint_supervision": sum(1 for r in rows if r["joint"]),
        **{
            f"status.{s}": sum(1 for r in rows if r["status"] == s)
            for s in ("planned", "running", "extended", "completed", "stopped")
        },
    }
    return {"rows": rows, "figures": figures}


def _figure_period(label: str) -> Period | None:
    try:
        return parse_period(label)
    except ValueError:
        return None


def collect_training(window: Window, previous: Data | None) -> Data:
    """The published training figures of administrations in scope for periods that ended by the report's close (the
    current figure of each course, administration and period, as published when the snapshot was taken); those of
    periods within the report's period are marked."""
    courses = {row.key: course for row, course in selectors.published_courses()}
    rows: list[Any] = []
    for figure in selectors.current_figures():
        period = _figure_period(figure.period)
        if (
            not window.scope.covers_country(figure.organisation.country)
            or figure.reviewed_at is None
            or figure.reviewed_at > window.taken_at
            or period is None
            or (not window.live and period.ends_on > window.period.ends_on)
        ):
            continue
        course = courses.get(figure.course_key)
        rows.append({
            "id": f"{figure.course_key}/{figure.organisation.slug}/{figure.period}", "course": figure.course_key,
            "title": text(course.title if course else {}), "organisation": org_name(figure.organisation),
            "period": figure.period, "participants": figure.participants, "completions": figure.completions,
            "in_period": window.period.covers(period.starts_on, period.ends_on),
        })  # fmt: skip
    figures = {
        "participants": sum(r["participants"] for r in rows),
        "completions": sum(r["completions"] for r in rows),
        "participants_in_period": sum(r["participants"] for r in rows if r["in_period"]),
        "completions_in_period": sum(r["completions"] for r in rows if r["in_period"]),
        "courses": len({r["course"] for r in rows}),
    }
    return {"rows": rows, "figures": figures}


def collect_annex(window: Window, previous: Data | None) -> Data:
    """Every item of every plan in scope, as the period closed."""
    rows: list[Any] = []
    for state in states(window):
        for item in state.document.items:
            update = state.updates.get(item.key)
            rows.append({
                "id": f"{state.document.key}/{item.key}", "plan": state.document.key, "item": item.key,
                "number": item.number, "kind": item.kind, "parent": item.parent, "title": text(item.title),
                "status": state.status(item.key) if update or not state.document.children(item.key) else "",
                "rag": state.rag(item.key) if update or not state.document.children(item.key) else "",
                "progress": state.progress(item.key),
                "start": item.start, "end": item.end, "period": update.period.label if update else "",
                "responsible": [body.name for body in item.bodies],
            })  # fmt: skip
    return {"rows": rows, "figures": {"items": len(rows)}}
