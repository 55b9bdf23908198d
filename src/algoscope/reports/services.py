"""Building, writing, publishing and discarding reports to Parliament.

- **Build** (a coordinator, or the operator's command line): the period must be over and every plan reporting
  period that ends within it closed; the scope must hold a published plan with a reporting period in it. The draft
  holds the snapshot; the same period and scope again is refused while a draft or a published report exists (a
  correction names the published report it corrects).
- **Rebuild** a draft: a new snapshot (after a late correction was published, say).
- **Write**: the executive summary, what Parliament is asked, what a correction corrects, per language.
- **Publish**: another coordinator than the one who built it (the operator's command line may publish at once);
  every text in every language of the report; the next number. The report is then final; its PDFs and open-data
  annex are laid out once in the background (``reports.jobs``: seconds per language), stored with their SHA-256,
  and it is public. Nothing of a published report changes afterwards; a failed layout is retried.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from algoscope.accounts.permissions import Actor, require
from algoscope.common import tasks
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied, Problem
from algoscope.common.messages import Text
from algoscope.common.messages import gettext_noop as _
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.plaintext import clean_text, visible
from algoscope.plans.models import Period as PlanPeriod
from algoscope.plans.models import Strategy
from algoscope.reports import snapshot as snapshots
from algoscope.reports.engine.periods import Period, PeriodError, parse_period
from algoscope.reports.engine.scope import Scope, country_scope, plan_scope
from algoscope.reports.models import Report
from algoscope.reports.sections.base import Window
from algoscope.reports.sections.plans import plans_in_scope

MAX_SUMMARY: Final = 20_000
LANGUAGE_NAMES: Final = {"nl": _("Dutch"), "fr": _("French"), "de": _("German"), "en": _("English")}
QUEUE: Final = "reports"  # the background layout of a published report's files (``reports.jobs``)
TEXT_FIELDS: Final = ("summary", "asks", "correction_note")
PUBLIC_OR_PENDING: Final = (Report.State.PUBLISHING, Report.State.PUBLISHED)


def _require(actor: Actor, action: str) -> None:
    """A coordinator, or the operator's command line (a person with the operator role is not a coordinator)."""
    require(actor, action)
    if actor.db_user is not None and "coordinator" not in actor.site_roles:
        raise PermissionDenied(_("only the coordinators build and publish reports"))


def _contributed(actor: Actor, report: Report) -> None:
    if actor.person_id is not None and actor.person_id not in report.contributors:
        report.contributors = [*report.contributors, actor.person_id]


def _log(actor: Actor, verb: str, report: Report, **data: Any) -> None:
    audit_log_write(actor=actor, action=f"reports.report.{verb}", object_type="report", object_id=str(report.pk),
                    data={"period": report.period, "scope": report.scope, **data})  # fmt: skip


def period_of(label: str) -> Period:
    try:
        return parse_period(label)
    except PeriodError:
        raise InvalidInput([Problem(("period",), "format", _(
            "{value} is not a period: a year (2026), a half (2026-H2), a quarter (2026-Q3) or a month (2026-09)"
        ), {"value": label})]) from None  # fmt: skip


def scope_of(key: str) -> Scope:
    key = (key or "").strip()
    found = country_scope(key)
    if found is not None:
        return found
    strategy = Strategy.objects.filter(key=key, published__isnull=False).first()
    if strategy is None:
        raise InvalidInput([Problem(("scope",), "unknown", _(
            "{value} is not a scope: benelux, BE, NL, LU or the id of a published plan"
        ), {"value": key})])  # fmt: skip
    return plan_scope(strategy.key, strategy.jurisdiction)


def languages_of(values: list[str] | str) -> list[str]:
    wanted = [v.strip().lower() for v in (values.split(",") if isinstance(values, str) else values) if v.strip()]
    unknown = [v for v in wanted if v not in LANGUAGES]
    if unknown or not wanted or len(set(wanted)) != len(wanted):
        raise InvalidInput([Problem(("languages",), "invalid", _(
            "the languages must be one or more of nl, fr, de, en, each once (given: {value})"
        ), {"value": ",".join(wanted) or "none"})])  # fmt: skip
    return wanted


def check_ready(period: Period, scope: Scope, today: dt.date) -> list[Strategy]:
    """Why a report cannot be built now, or the plans in scope."""
    if not period.is_over(today):
        raise Conflict(_("the period {period} is not over: it ends on {date}; a report is built after its close"),
                       params={"period": period.label, "date": period.ends_on.isoformat()})  # fmt: skip
    window = Window(period, scope, timezone.now())
    strategies = [strategy for strategy, _document in plans_in_scope(window)]
    if not strategies:
        raise Conflict(_("no published plan is in the scope {scope}"), params={"scope": scope.key})
    reporting = PlanPeriod.objects.filter(
        strategy__in=strategies, starts_on__lte=period.ends_on, ends_on__gte=period.starts_on
    ).select_related("strategy")
    still_open = [p for p in reporting if p.state == PlanPeriod.State.OPEN and p.ends_on <= period.ends_on]
    if still_open:
        first = still_open[0]
        raise Conflict(_(
            "the reporting period {label} of {plan} is still open: a coordinator closes it before the report is built"
        ), params={"label": first.label, "plan": first.strategy.key})  # fmt: skip
    if not [p for p in reporting if p.state == PlanPeriod.State.CLOSED]:
        raise Conflict(_("no plan in the scope {scope} has a closed reporting period in {period}: nothing to report"),
                       params={"scope": scope.key, "period": period.label})  # fmt: skip
    return strategies


def previous_report(period: Period, scope: str) -> Report | None:
    """The scope's latest published report of an earlier period (its newest correction, if corrected)."""
    return (
        Report.objects.filter(state=Report.State.PUBLISHED, scope=scope, ends_on__lt=period.starts_on)
        .order_by("-ends_on", "-number")
        .first()
    )


def _take(period: Period, scope: Scope) -> tuple[dict[str, Any], dt.datetime]:
    taken_at = timezone.now()
    return snapshots.take(Window(period, scope, taken_at), previous_report(period, scope.key)), taken_at


@transaction.atomic
def report_build(
    actor: Actor,
    period_label: str,
    scope_key: str,
    languages: list[str] | str,
    *,
    corrects: int | None = None,
    today: dt.date | None = None,
) -> Report:
    _require(actor, "report.build")
    period, scope, wanted = period_of(period_label), scope_of(scope_key), languages_of(languages)
    check_ready(period, scope, today or timezone.localdate())
    existing = Report.objects.select_for_update().filter(period=period.label, scope=scope.key)
    draft = existing.filter(state=Report.State.DRAFT).first()
    if draft is not None:
        raise Conflict(_("a draft of this report exists already (built on {date}): rebuild it or discard it"),
                       params={"date": timezone.localtime(draft.built_at).date().isoformat()})  # fmt: skip
    original = existing.filter(state__in=PUBLIC_OR_PENDING, corrects__isnull=True).first()
    corrected = None
    if corrects is not None:
        corrected = existing.filter(state=Report.State.PUBLISHED, number=corrects).first()
        if corrected is None:
            raise InvalidInput([Problem(("corrects",), "unknown", _(
                "report No. {number} is not a published report of {period} for {scope}"
            ), {"number": corrects, "period": period.label, "scope": scope.key})])  # fmt: skip
    elif original is not None:
        raise Conflict(_(
            "report No. {number} for {period} ({scope}) is published: a correction is a new report that names it"
        ), params={"number": original.number, "period": period.label, "scope": scope.key})  # fmt: skip
    data, taken_at = _take(period, scope)
    report = Report.objects.create(
        period=period.label, starts_on=period.starts_on, ends_on=period.ends_on, scope=scope.key, languages=wanted,
        corrects=corrected, snapshot=data, snapshot_sha256=snapshots.sha256(data), taken_at=taken_at,
        built_by=actor.db_user, built_at=timezone.now(), contributors=[actor.person_id] if actor.person_id else [],
    )  # fmt: skip
    _log(actor, "build", report, sha256=report.snapshot_sha256, corrects=corrects)
    return report


def _draft(report: Report) -> Report:
    fresh = Report.objects.select_for_update().filter(pk=report.pk).first()
    if fresh is None:
        raise NotFound(_("this report was discarded"))
    if fresh.state == Report.State.PUBLISHING:
        raise InvalidTransition(_("report No. {number} is final: its files are being laid out"),
                                params={"number": fresh.number})  # fmt: skip
    if fresh.state != Report.State.DRAFT:
        raise InvalidTransition(_("report No. {number} is published: it is never changed"),
                                params={"number": fresh.number})  # fmt: skip
    return fresh


@transaction.atomic
def report_rebuild(actor: Actor, report: Report, *, today: dt.date | None = None) -> Report:
    _require(actor, "report.build")
    report = _draft(report)
    period, scope = period_of(report.period), scope_of(report.scope)
    check_ready(period, scope, today or timezone.localdate())
    report.snapshot, report.taken_at = _take(period, scope)
    report.snapshot_sha256 = snapshots.sha256(report.snapshot)
    report.built_by, report.built_at = actor.db_user, timezone.now()
    _contributed(actor, report)
    report.save()
    _log(actor, "rebuild", report, sha256=report.snapshot_sha256)
    return report


@transaction.atomic
def report_write(actor: Actor, report: Report, texts: dict[str, dict[str, str]]) -> Report:
    """``texts``: field (summary, asks, correction_note) → language → text; an empty text (or one of invisible
    characters only) removes it."""
    _require(actor, "report.build")
    report = _draft(report)
    for name, values in texts.items():
        if name not in TEXT_FIELDS:
            raise InvalidInput([Problem((name,), "unknown", _("not a text of a report"))])
        kept = dict(getattr(report, name))
        for language, value in values.items():
            if language not in LANGUAGES:
                raise InvalidInput([Problem((name, language), "language", _("not one of nl, fr, de, en"))])
            cleaned = clean_text(value, f"{name}.{language}", maximum=MAX_SUMMARY, required=False)
            if visible(cleaned):
                kept[language] = cleaned
            else:
                kept.pop(language, None)
        setattr(report, name, kept)
    _contributed(actor, report)
    report.save()
    _log(actor, "write", report, fields=sorted(texts))
    return report


def missing_texts(report: Report) -> list[Problem]:
    """What must be written, in every language of the report, before it is published."""
    needed = [("summary", Text(_("the executive summary")))]
    if report.snapshot.get("sections", {}).get("bottlenecks", {}).get("rows"):
        needed.append(("asks", Text(_("what Parliament is asked about the bottlenecks"))))
    if report.corrects_id is not None:
        needed.append(("correction_note", Text(_("what this report corrects"))))
    return [
        Problem((name, language), "required", _("{what} is not written in {language}"),
                {"what": what, "language": Text(LANGUAGE_NAMES[language])})
        for name, what in needed
        for language in report.languages
        if not getattr(report, name).get(language)
    ]  # fmt: skip


@transaction.atomic
def report_publish(actor: Actor, report: Report, reviewed: str | None = None) -> Report:
    """Freeze the draft as the next numbered report and lay out its files in the background (``reports.jobs``): it
    is public once they are stored with their SHA-256. ``reviewed``: the draft's ``content_sha256`` as the publisher
    read it (the pages send it); a draft changed since is refused. Nobody who built, rebuilt or wrote the draft
    publishes it (the operator's command line excepted)."""
    _require(actor, "report.publish")
    report = _draft(report)
    if actor.person_id is not None and (
        actor.person_id in report.contributors or report.built_by_id == actor.person_id
    ):
        raise PermissionDenied(_("another coordinator must publish the report you built (four-eyes rule)"))
    if reviewed is not None and reviewed != report.content_sha256():
        raise Conflict(_("the draft changed after you read it: read it again before publishing"))
    problems = missing_texts(report)
    if problems:
        raise InvalidInput(problems, _("the report cannot be published yet"))
    report.number = (Report.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    report.published_by, report.published_at = actor.db_user, timezone.now()
    report.state, report.status, report.errors = Report.State.PUBLISHING, "queued", []
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise Conflict(_("another report for this period and scope was published meanwhile")) from None
    _log(actor, "publish", report, number=report.number)
    tasks.start(QUEUE, report.pk)
    return report


@transaction.atomic
def report_retry(actor: Actor, report: Report) -> Report:
    """Lay out the files of a report whose layout failed again (its number, texts and snapshot stay as they are)."""
    _require(actor, "report.publish")
    fresh = Report.objects.select_for_update().filter(pk=report.pk).first()
    if fresh is None or fresh.state != Report.State.PUBLISHING or fresh.status != "failed":
        raise InvalidTransition(_("only a report whose layout failed is laid out again"))
    fresh.status, fresh.errors = "queued", []
    fresh.save(update_fields=["status", "errors"])
    _log(actor, "retry", fresh, number=fresh.number)
    tasks.start(QUEUE, fresh.pk)
    return fresh


@transaction.atomic
def report_discard(actor: Actor, report: Report) -> None:
    _require(actor, "report.build")
    report = _draft(report)
    _log(actor, "discard", report)
    report.delete()
