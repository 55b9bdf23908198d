"""``/api/v1/plans/``: the published plans with their progress, a plan's versions, its published progress reports,
and the harmonisation matrix. Read-only and public; ids are the plans' own (stable) ids."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from algoscope.common.errors import NotFound
from algoscope.plans import selectors
from algoscope.plans.engine.capacity import course_to_dict, practice_to_dict
from algoscope.plans.engine.document import strategy_to_dict
from algoscope.plans.engine.pilots import pilot_to_dict
from algoscope.plans.engine.progress import roll_up
from algoscope.plans.models import ProgressUpdate, Strategy

plans = Router(tags=["Plans"])


class PlanSummaryOut(Schema):
    id: str
    kind: str
    jurisdiction: str
    title: dict[str, str]
    adopted_on: str
    version: int
    published_at: str
    items: int
    progress: float


class PlanProgressOut(Schema):
    progress: float
    method: str
    formula: str


class PlanOut(Schema):
    version: int
    published_at: str
    note: str
    plan: dict[str, Any]  # the canonical document (the YAML download's content)
    progress: PlanProgressOut
    items_progress: dict[str, PlanProgressOut]


class PlanVersionOut(Schema):
    number: int
    published_at: str
    note: str


class PlanUpdateOut(Schema):
    id: int
    item: str
    period: str
    organisation: str
    created_at: str
    corrects: int | None
    language: str
    status: str
    rag: str
    progress: float | None
    method: str
    achievements: str
    actual: str
    forecast: str
    bottlenecks: list[dict[str, Any]]
    next_steps: str
    confidence: str
    changes: list[dict[str, Any]]
    links: dict[str, list[str]]
    independent_grades: list[dict[str, str]]


class UpdatesQuery(Schema):
    item: str | None = None


class MatrixQuery(Schema):
    scheme: Literal["oecd", "ai_watch"] = "oecd"


def _strategy(key: str) -> Strategy:
    strategy = selectors.strategy_get_public(key)
    if strategy is None or strategy.published is None:
        raise NotFound(f"no published plan {key!r}")
    return strategy


@plans.get("/", response=list[PlanSummaryOut], operation_id="plans_list")
def plan_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every published plan with its overall progress (the weighted roll-up of its published reports)."""
    out = []
    for strategy, document in selectors.published_strategies():
        assert strategy.published is not None
        _rolled, overall = roll_up(document, selectors.latest_reports(strategy, document))
        out.append(
            {
                "id": document.key,
                "kind": document.kind,
                "jurisdiction": document.jurisdiction,
                "title": document.title,
                "adopted_on": document.adopted_on,
                "version": strategy.published.number,
                "published_at": strategy.published.published_at.isoformat(),
                "items": len(document.items),
                "progress": overall.progress,
            }
        )
    return out


@plans.get("/harmonisation", response=dict[str, Any], operation_id="plans_harmonisation")
def harmonisation(request: HttpRequest, query: Query[MatrixQuery]) -> dict[str, Any]:
    """Tags (OECD principles and recommendations, or AI Watch areas) × strategies: the items covering each cell, gaps,
    possible duplication within a country, and each covering item's progress."""
    grid, unmapped, progress = selectors.harmonisation(query.scheme)
    return selectors.harmonisation_data(query.scheme, grid, unmapped, progress)


@plans.get("/{key}", response=PlanOut, operation_id="plans_get")
def plan_get(request: HttpRequest, key: str) -> dict[str, Any]:
    """The current published version of a plan, with every item's progress and the formula that gave it."""
    strategy = _strategy(key)
    assert strategy.published is not None
    document = selectors.version_document(strategy.published)
    rolled, overall = roll_up(document, selectors.latest_reports(strategy, document))

    def progress(r: Any) -> dict[str, Any]:
        return {"progress": r.progress, "method": r.method, "formula": r.formula()}

    return {
        "version": strategy.published.number,
        "published_at": strategy.published.published_at.isoformat(),
        "note": strategy.published.note,
        "plan": strategy_to_dict(document),
        "progress": progress(overall),
        "items_progress": {k: progress(r) for k, r in rolled.items()},
    }


@plans.get("/{key}/versions", response=list[PlanVersionOut], operation_id="plans_versions")
def plan_versions(request: HttpRequest, key: str) -> list[dict[str, Any]]:
    strategy = _strategy(key)
    return [
        {"number": v.number, "published_at": v.published_at.isoformat(), "note": v.note}
        for v in strategy.versions.order_by("-number")
    ]


@plans.get("/{key}/versions/{number}", response=dict[str, Any], operation_id="plans_version")
def plan_version(request: HttpRequest, key: str, number: int) -> dict[str, Any]:
    """One published version's document, as it was published (never changed)."""
    version = _strategy(key).versions.filter(number=number).first()
    if version is None:
        raise NotFound(f"plan {key!r} has no version {number}")
    return strategy_to_dict(selectors.version_document(version))


@plans.get("/{key}/updates", response=list[PlanUpdateOut], operation_id="plans_updates")
def plan_updates(request: HttpRequest, key: str, query: Query[UpdatesQuery]) -> list[dict[str, Any]]:
    """The published progress reports, newest first (``?item=`` one item's, including those recorded under the
    provisional ids it replaced); corrections name the report they correct."""
    strategy = _strategy(key)
    assert strategy.published is not None
    document = selectors.version_document(strategy.published)
    updates = (
        selectors.item_updates(strategy, document, query.item)
        if query.item
        else list(selectors.published_updates(strategy))
    )
    return [_update(u) for u in updates]


def _update(u: ProgressUpdate) -> dict[str, Any]:
    return {
        "id": u.pk, "item": u.item_key, "period": u.period.label, "organisation": u.organisation.slug,
        "created_at": u.created_at.isoformat(), "corrects": u.corrects_id, "language": u.language, "status": u.status,
        "rag": u.rag, "progress": float(u.progress) if u.progress is not None else None, "method": u.method,
        "achievements": u.achievements, "actual": u.actual, "forecast": u.forecast, "bottlenecks": u.bottlenecks,
        "next_steps": u.next_steps, "confidence": u.confidence, "changes": u.changes, "links": u.links,
        "independent_grades": [{"rag": g.rag, "comment": g.comment, "created_at": g.created_at.isoformat()}
                               for g in u.grades.all()],
    }  # fmt: skip


@plans.get("/test-bed/pilots", response=list[dict[str, Any]], operation_id="plans_pilots")
def pilots(request: HttpRequest) -> list[dict[str, Any]]:
    """The published pilots and regulatory sandboxes of the AI Act test-bed, each as in the pilots file."""
    return [
        pilot_to_dict(p) | {"version": row.published.number}  # type: ignore[union-attr]
        for row, p in selectors.published_pilots()
    ]


@plans.get("/capacity/courses", response=list[dict[str, Any]], operation_id="plans_courses")
def courses(request: HttpRequest) -> list[dict[str, Any]]:
    """The published training catalogue, each course with its published participants and completions."""
    totals = selectors.figure_totals()
    return [
        course_to_dict(c)
        | {
            "participants": totals.get(c.key, (0, 0))[0],
            "completions": totals.get(c.key, (0, 0))[1],
        }
        for _row, c in selectors.published_courses()
    ]


@plans.get("/capacity/figures", response=list[dict[str, Any]], operation_id="plans_training_figures")
def training_figures(request: HttpRequest) -> list[dict[str, Any]]:
    """The published training figures: per course, administration and period (the latest, which corrects any
    earlier one for the same three)."""
    return [
        {
            "id": f.pk,
            "course": f.course_key,
            "organisation": f.organisation.slug,
            "period": f.period,
            "participants": f.participants,
            "completions": f.completions,
        }
        for f in selectors.current_figures()
    ]


@plans.get("/capacity/practices", response=list[dict[str, Any]], operation_id="plans_practices")
def practices(request: HttpRequest) -> list[dict[str, Any]]:
    """The published good practices."""
    return [practice_to_dict(p) for _row, p in selectors.published_practices()]
