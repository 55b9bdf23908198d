"""Transparency as the period closed: the register's published records per country and organisation (and those
first published in the period), their AI Act classes, the published audits and their findings, and the questions
people asked about them: received in the period, answered by its close, and how long answering took."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.db.models import Q

from algoscope.aiact.engine.ruleset import CATEGORIES
from algoscope.aiact.models import Assessment
from algoscope.aiact.publication import KEY as AI_ACT
from algoscope.aiact.publication import NOT_ASSESSED
from algoscope.audits.models import Audit
from algoscope.participation.engine.figures import answer_figures
from algoscope.participation.models import Question
from algoscope.register.models import Algorithm, AlgorithmVersion
from algoscope.reports.engine.scope import BENELUX
from algoscope.reports.engine.texts import text
from algoscope.reports.sections.base import Data, Window, org_name


def published_versions(window: Window) -> list[AlgorithmVersion]:
    """Each record's version in force as the period closed (its latest published by then), for records of
    organisations in scope and not retired by then."""
    retired = set(
        Algorithm.objects.filter(retired_at__isnull=False, retired_at__lt=window.closes_at).values_list("pk", flat=True)
    )
    versions = (
        AlgorithmVersion.objects.filter(
            published_at__lt=window.closes_at, organisation__country__in=sorted(window.scope.countries)
        )
        .select_related("organisation", "algorithm")
        .order_by("algorithm_id", "-number")
    )
    latest: dict[int, AlgorithmVersion] = {}
    for version in versions:
        if version.algorithm_id not in retired:
            latest.setdefault(version.algorithm_id, version)
    return list(latest.values())


def collect_records(window: Window, previous: Data | None) -> Data:
    versions = published_versions(window)
    assessment_ids = {
        (v.parts or {}).get(AI_ACT, {}).get("assessment") for v in versions if (v.parts or {}).get(AI_ACT)
    } - {None}
    categories = dict(Assessment.objects.filter(pk__in=assessment_ids).values_list("pk", "categories"))
    organisations: dict[str, dict[str, Any]] = {}
    classes: Counter[str] = Counter()
    for version in versions:
        org = version.organisation
        row = organisations.setdefault(org.slug, {"id": org.slug, "name": org_name(org), "country": org.country,
                                                  "published": 0, "new": 0})  # fmt: skip
        row["published"] += 1
        first = version.algorithm.first_published_at
        row["new"] += window.in_period(first)
        assessment = (version.parts or {}).get(AI_ACT, {}).get("assessment")
        for category in categories.get(assessment) or [NOT_ASSESSED]:
            classes[category] += 1
    rows = sorted(organisations.values(), key=lambda r: (r["country"], r["id"]))
    countries = sorted({r["country"] for r in rows})
    figures: dict[str, Any] = {
        "published": len(versions),
        "new_in_period": sum(r["new"] for r in rows),
        "organisations": len(rows),
        **{f"{c}.published": sum(r["published"] for r in rows if r["country"] == c) for c in countries},
        **{f"class.{c}": classes.get(c, 0) for c in (*CATEGORIES, NOT_ASSESSED)},
    }
    return {
        "organisations": rows,
        "classes": [{"id": c, "records": classes.get(c, 0)} for c in (*CATEGORIES, NOT_ASSESSED) if classes.get(c)],
        "figures": figures,
    }


def collect_audits(window: Window, previous: Data | None) -> Data:
    audits = (
        Audit.objects.filter(
            status=Audit.Status.PUBLISHED,
            published_at__lt=window.closes_at,
            algorithm__organisation__country__in=sorted(window.scope.countries),
        )
        .select_related("algorithm__organisation")
        .prefetch_related("actions")
        .order_by("published_at", "pk")
    )
    rows: list[Any] = []
    for audit in audits:
        actions = [a for a in audit.actions.all() if window.by_close(a.created_at)]
        rows.append({
            "id": f"audit-{audit.pk}",
            "title": text(audit.title, audit.texts_language or audit.algorithm.organisation.original_language),
            "record": audit.algorithm.public_id, "organisation": org_name(audit.algorithm.organisation),
            "auditor": audit.auditor_label,
            "published_on": window.day(audit.published_at).isoformat() if audit.published_at else "",
            "in_period": window.in_period(audit.published_at),
            "findings": text(audit.findings, audit.texts_language or audit.algorithm.organisation.original_language),
            "actions_open": sum(1 for a in actions if a.status == "open"),
            "actions_done": sum(1 for a in actions if a.status == "done"),
        })  # fmt: skip
    figures = {
        "published": len(rows),
        "in_period": sum(1 for r in rows if r["in_period"]),
        "actions_open": sum(r["actions_open"] for r in rows),
        "actions_done": sum(r["actions_done"] for r in rows),
    }
    return {"rows": rows, "figures": figures}


def questions_in_scope(window: Window) -> Any:
    """Questions about organisations (and their records) in scope; those to the AI contact point in the Benelux
    scope and in Belgium's (the contact point is the Belgian federal steering committee's)."""
    general = window.scope.key == BENELUX or window.scope.covers_country("BE")
    wanted = Q(organisation__country__in=sorted(window.scope.countries))
    if general:
        wanted |= Q(channel=Question.Channel.CONTACT)
    return Question.objects.filter(wanted)


def collect_questions(window: Window, previous: Data | None) -> Data:
    """Questions asked in the period; answered means answered by the close (a later answer does not change the
    report), overdue is counted at the close too."""
    rows = [
        (asked, answered if window.by_close(answered) else None, channel, kind)
        for asked, answered, channel, kind in questions_in_scope(window).values_list(
            "created_at", "answered_at", "channel", "kind"
        )
        if window.in_period(asked)
    ]
    deadline = settings.ANSWER_DEADLINE_DAYS

    def figures_of(selected: list[Any]) -> dict[str, Any]:
        found = answer_figures(((a, b) for a, b, _c, _k in selected), now=window.closes_at, deadline_days=deadline)
        return {
            "received": found.received, "answered": found.answered, "open": found.open, "overdue": found.overdue,
            "answered_within_deadline": found.answered_within_deadline,
            "median_days": round(found.median_days, 1) if found.median_days is not None else None,
        }  # fmt: skip

    channels = {c: figures_of([r for r in rows if r[2] == c]) for c in Question.Channel.values}
    total = figures_of(rows)
    figures = {**total, "error_reports": sum(1 for r in rows if r[3] == Question.Kind.ERROR)}
    for channel, found in channels.items():
        figures.update({f"{channel}.{k}": v for k, v in found.items()})
    return {"deadline_days": deadline, "channels": channels, "total": total, "figures": figures}
