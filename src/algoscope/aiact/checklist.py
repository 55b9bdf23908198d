"""The obligations checklist of a record: the latest assessment's obligations with the organisation's progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from algoscope.aiact.engine.texts import texts_for
from algoscope.aiact.models import Assessment, ObligationProgress
from algoscope.aiact.publication import ProgressRow, published_ai_act, working_progress
from algoscope.aiact.selectors import assessment_latest
from algoscope.register.models import Algorithm, AlgorithmVersion

OPEN = (ObligationProgress.Status.TODO, ObligationProgress.Status.IN_PROGRESS)


@dataclass(frozen=True)
class ChecklistItem:
    obligation: str
    role: str
    role_title: str
    title: str
    refs: tuple[str, ...]
    kind: str
    applies_from: dt.date
    legal_status: str  # "applies", or "not_applicable" when the rules except it (``exception_refs`` say why)
    exception_refs: tuple[str, ...]
    status: str
    reason: str
    evidence: tuple[dict[str, str], ...]
    updated_by: str
    updated_at: dt.datetime | None
    overdue: bool

    @property
    def key(self) -> str:
        return f"{self.role}:{self.obligation}"

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["refs"] = list(self.refs)
        data["exception_refs"] = list(self.exception_refs)
        data["evidence"] = list(self.evidence)
        return data


@dataclass
class Checklist:
    assessment: Assessment | None
    today: dt.date
    items: list[ChecklistItem] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)

    def item(self, obligation: str, role: str) -> ChecklistItem | None:
        return next((i for i in self.items if i.obligation == obligation and i.role == role), None)

    def summary(self) -> dict[str, int]:
        """Progress per mandatory obligation (voluntary ones are counted apart), each counted once however many roles
        it applies to: done (or not applicable)
        when it is so for every role, overdue when it is for any, otherwise the least advanced role's status."""
        by_obligation: dict[str, list[ChecklistItem]] = {}
        voluntary: set[str] = set()
        for item in self.items:
            if item.kind != "mandatory":  # a voluntary code is no obligation: never counted, never overdue
                voluntary.add(item.obligation)
                continue
            by_obligation.setdefault(item.obligation, []).append(item)
        order = [
            ObligationProgress.Status.TODO,
            ObligationProgress.Status.IN_PROGRESS,
            ObligationProgress.Status.DONE,
            ObligationProgress.Status.NOT_APPLICABLE,
        ]
        counts = dict.fromkeys(ObligationProgress.Status.values, 0)
        overdue = 0
        for items in by_obligation.values():
            statuses = {ObligationProgress.Status(item.status) for item in items}
            least: ObligationProgress.Status
            if statuses == {ObligationProgress.Status.NOT_APPLICABLE}:
                least = ObligationProgress.Status.NOT_APPLICABLE
            elif statuses <= {ObligationProgress.Status.DONE, ObligationProgress.Status.NOT_APPLICABLE}:
                least = ObligationProgress.Status.DONE
            else:
                least = min(statuses, key=order.index)
            counts[str(least)] += 1
            overdue += any(item.overdue for item in items)
        return {"total": len(by_obligation), **counts, "overdue": overdue, "voluntary": len(voluntary)}


def obligation_checklist(
    algorithm: Algorithm,
    *,
    language: str = "en",
    today: dt.date | None = None,
    assessment: Assessment | None = None,
    progress: Mapping[tuple[str, str], ProgressRow] | None = None,
) -> Checklist:
    """Every obligation of the latest complete assessment, per role, with its status (``todo`` when not set):
    the organisation's working state, or (``assessment`` and ``progress`` given) a published one.

    An obligation the rules except (for example a legacy system under Art. 111(2)) starts as not applicable,
    with the exception as its reason. One is overdue when its date has come and it is neither done nor
    marked not applicable.
    """
    day = today or dt.date.today()
    published = progress is not None  # a published state: its assessment, even none, is the one to use
    latest = assessment if assessment is not None or published else assessment_latest(algorithm)
    checklist = Checklist(assessment=latest, today=day)
    if latest is None or latest.result is None:
        return checklist
    texts = texts_for(language)
    stored = progress if progress is not None else working_progress(algorithm)
    for role, duties in latest.result["obligations"].items():
        for duty in duties:
            row = stored.get((duty["id"], role))
            applies_from = dt.date.fromisoformat(duty["applies_from"])
            excepted = duty["status"] != "applies"
            if row is not None:
                status, reason = row.status, row.reason
            elif excepted:
                status, reason = ObligationProgress.Status.NOT_APPLICABLE, "; ".join(duty["exception_refs"])
            else:
                status, reason = ObligationProgress.Status.TODO, ""
            checklist.items.append(
                ChecklistItem(
                    obligation=duty["id"],
                    role=role,
                    role_title=texts(f"roles.{role}"),
                    title=texts(f"obligations.{duty['id']}"),
                    refs=tuple(duty["refs"]),
                    kind=duty["kind"],
                    applies_from=applies_from,
                    legal_status=duty["status"],
                    exception_refs=tuple(duty["exception_refs"]),
                    status=str(status),
                    reason=reason,
                    evidence=row.evidence if row else (),
                    updated_by=row.updated_by if row else "",
                    updated_at=dt.datetime.fromisoformat(row.updated_at) if row and row.updated_at else None,
                    overdue=duty["kind"] == "mandatory" and not excepted and applies_from <= day and status in OPEN,
                )
            )
    return checklist


def published_checklist(
    algorithm: Algorithm, *, language: str = "en", today: dt.date | None = None, version: AlgorithmVersion | None = None
) -> Checklist:
    """The checklist as ``version`` (the published one by default) made it public."""
    published = published_ai_act(algorithm, version)
    return obligation_checklist(
        algorithm, language=language, today=today, assessment=published.assessment, progress=published.progress
    )
