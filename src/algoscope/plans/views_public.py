"""The public plan pages: the plans, one plan with its progress, one item with its updates, the harmonisation matrix
and the comparison of two strategies, and their downloads (YAML, CSV, JSON with stable ids)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext

from algoscope.common.references import backlinks
from algoscope.common.translation import page_language
from algoscope.plans import presentation as show
from algoscope.plans import selectors
from algoscope.plans.engine import csvfile
from algoscope.plans.engine.document import strategy_to_dict
from algoscope.plans.engine.harmonisation import compare, links
from algoscope.plans.engine.progress import roll_up
from algoscope.plans.engine.taxonomy import builtin
from algoscope.plans.models import Strategy
from algoscope.register.exports import BadSeparator, separator_of, stream_csv

SCHEMES = ("oecd", "ai_watch")


def _strategy(key: str) -> Strategy:
    strategy = selectors.strategy_get_public(key)
    if strategy is None:
        raise Http404("no published plan with this id")
    return strategy


def plan_list(request: HttpRequest) -> HttpResponse:
    language = page_language()
    rows = []
    for strategy, document in selectors.published_strategies():
        _rolled, overall = roll_up(document, selectors.latest_reports(strategy, document))
        rows.append({
            "strategy": strategy, "document": document, "title": show.shown(document.title, language),
            "jurisdiction": show.jurisdiction(document.jurisdiction), "kind": show.KIND_LABELS.get(document.kind, ""),
            "items": len(document.items), "overall": overall,
            "reported": strategy.updates.filter(state="published").values("item_key").distinct().count(),
            "provisional": sum(1 for item in document.items if item.provisional),
        })  # fmt: skip
    return render(request, "plans/list.html", {"rows": rows})


def plan_detail(request: HttpRequest, key: str) -> HttpResponse:
    strategy = _strategy(key)
    language = page_language()
    versions = list(strategy.versions.order_by("-number"))
    version = versions[0]
    asked = request.GET.get("version", "")
    if asked:
        version = next((v for v in versions if str(v.number) == asked), None)  # type: ignore[assignment]
        if version is None:
            raise Http404("no such version")
    document = selectors.version_document(version)
    latest = selectors.latest_updates(strategy, document)
    rolled, overall = roll_up(document, selectors.latest_reports(strategy, document))
    rows = [
        show.item_row(document, item, language, rolled.get(item.key), latest.get(item.key)) for item in document.items
    ]
    escalated = [u for u in latest.values() if any(b.get("escalate") for b in u.bottlenecks)]
    return render(request, "plans/detail.html", {
        "strategy": strategy, "document": document, "version": version, "versions": versions,
        "current": version.number == versions[0].number, "title": show.shown(document.title, language),
        "summary": show.shown(document.summary, language), "jurisdiction": show.jurisdiction(document.jurisdiction),
        "kind": show.KIND_LABELS.get(document.kind, ""), "rows": rows, "overall": overall,
        "overall_method": show.method_label(overall.method), "periods": strategy.periods.all(),
        "overall_formula": overall.formula(gettext("not reported"), _page_number),
        "escalated": escalated, "extra": _yaml(document.extra),
        "provisional": sum(1 for item in document.items if item.provisional),
    })  # fmt: skip


def plan_item(request: HttpRequest, key: str, item: str) -> HttpResponse:
    strategy = _strategy(key)
    language = page_language()
    assert strategy.published is not None
    document = selectors.version_document(strategy.published)
    found = document.item(item)
    if found is None:
        raise Http404("no such item in the plan")
    rolled, _overall = roll_up(document, selectors.latest_reports(strategy, document))
    updates = selectors.item_updates(strategy, document, found.key)
    history = []
    for i, update in enumerate(updates):
        previous = updates[i + 1] if i + 1 < len(updates) else None
        history.append(
            {
                "update": update,
                "previous_forecast": previous.forecast if previous else "",
                "status": show.status_label(update.status),
                "rag": show.rag_label(update.rag),
                "method": show.method_label(update.method),
                "grades": [(g, show.rag_label(g.rag)) for g in update.grades.all()],
            }
        )
    parent = document.item(found.parent) if found.parent else None
    children = [
        show.item_row(document, child, language, rolled.get(child.key), None) for child in document.children(found.key)
    ]
    item_rolled = rolled.get(found.key)
    return render(request, "plans/item.html", {
        "strategy": strategy, "document": document, "row": show.item_row(document, found, language, item_rolled, None),
        "item": found, "title": show.shown(found.title, language), "summary": show.shown(found.summary, language),
        "plan_title": show.shown(document.title, language),
        "parent": parent, "parent_title": show.shown(parent.title, language) if parent else None,
        "children": children, "rolled": item_rolled,
        "method": show.method_label(item_rolled.method) if item_rolled else "", "history": history,
        "formula": item_rolled.formula(gettext("not reported"), _page_number) if item_rolled else "",
        "responsible": selectors.responsible_organisations(document, found.key),
        "kpis": [(kpi, show.shown(kpi.name, language)) for kpi in found.kpis],
        "milestones": [(m, show.shown(m.title, language)) for m in found.milestones],
        "related": [(link, selectors.strategy_get_public(link.strategy)) for link in found.related],
        "backlinks": backlinks("plan-item", f"{strategy.key}/{found.key}", language),
        "extra": _yaml(found.extra),
        "today": dt.date.today().isoformat(),
        "kpi_unit_lang": "en",  # units are written once, in English
        "budget_amounts": [found.budget.planned, found.budget.committed, found.budget.spent] if found.budget else [],
    })  # fmt: skip


def plan_download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    strategy = _strategy(key)
    assert strategy.published is not None
    document = selectors.version_document(strategy.published)
    name = f"{strategy.key}-v{strategy.published.number}"
    if fmt == "yaml":
        body = yaml.safe_dump(strategy_to_dict(document), allow_unicode=True, sort_keys=False)
        response = HttpResponse(body, content_type="application/yaml; charset=utf-8")
    elif fmt == "json":
        response = JsonResponse(strategy_to_dict(document), json_dumps_params={"ensure_ascii": False, "indent": 1})
    elif fmt == "csv":
        try:
            delimiter = separator_of(request)
        except BadSeparator as exc:
            return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
        response = HttpResponse("\ufeff" + csvfile.write(document, delimiter), content_type="text/csv; charset=utf-8")
    else:
        raise Http404("unknown format")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _matrix_context(request: HttpRequest) -> dict[str, Any]:
    language = page_language()
    scheme = request.GET.get("scheme", "oecd")
    if scheme not in SCHEMES:
        scheme = "oecd"
    grid, unmapped, progress = selectors.harmonisation(scheme)
    documents = list(grid.strategies)
    texts = selectors.tag_texts()
    rows = [
        {
            "row": row,
            "label": show.tag_label(row.tag.ref, language),
            "official": texts.get(row.tag.ref),
            "cells": [(cell, [(key, progress[cell.strategy].get(key)) for key in cell.items]) for cell in row.cells],
        }
        for row in grid.rows
    ]
    columns = [{"document": d, "label": show.short_label(d), "title": show.shown(d.title, language)} for d in documents]
    return {
        "grid": grid,
        "unmapped": [{"document": d, "title": show.shown(d.title, language)} for d in unmapped],
        "rows": rows,
        "progress": progress,
        "columns": columns,
        "scheme": scheme,
        "schemes": [(s, show.shown(builtin().schemes[s], language)) for s in SCHEMES],
    }


def harmonisation(request: HttpRequest) -> HttpResponse:
    context = _matrix_context(request)
    context["choices"] = [
        (d.key, show.short_label(d), show.shown(d.title, page_language())) for _s, d in selectors.published_strategies()
    ]
    return render(request, "plans/harmonisation.html", context)


def harmonisation_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    context = _matrix_context(request)
    grid = context["grid"]
    if fmt == "json":
        data = selectors.harmonisation_data(
            context["scheme"], grid, [e["document"] for e in context["unmapped"]], context["progress"]
        )
        response: HttpResponse = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    elif fmt == "csv":
        lines = [["tag", "strategy", "items", "gap", "possible_duplication", "progress"]]
        lines += [
            [
                row.tag.ref,
                c.strategy,
                "|".join(c.items),
                str(c.gap).lower(),
                str(c.overlap).lower(),
                "|".join(
                    f"{k}={round(context['progress'][c.strategy][k], 2)}"
                    for k in c.items
                    if k in context["progress"][c.strategy]
                ),
            ]
            for row in grid.rows
            for c in row.cells
        ]
        return stream_csv(lines, f"harmonisation-{context['scheme']}.csv", request)
    else:
        raise Http404("unknown format")
    response["Content-Disposition"] = f'attachment; filename="harmonisation-{context["scheme"]}.{fmt}"'
    return response


def plan_compare(request: HttpRequest) -> HttpResponse:
    language = page_language()
    published = {d.key: d for _s, d in selectors.published_strategies()}
    choices = [(k, show.short_label(d), show.shown(d.title, language)) for k, d in published.items()]
    left, right = published.get(request.GET.get("left", "")), published.get(request.GET.get("right", ""))
    context: dict[str, Any] = {"choices": choices, "left": left, "right": right}
    if left is not None and right is not None:
        tags = [t for scheme in SCHEMES for t in builtin().in_scheme(scheme)]
        context["pairs"] = [
            {"label": show.tag_label(p.tag.ref, language),
             "left": [(i, show.shown(i.title, language)) for i in p.left],
             "right": [(i, show.shown(i.title, language)) for i in p.right]}
            for p in compare(left, right, tags)
        ]  # fmt: skip
        context["links"] = [(item, relation, other) for item, relation, other in links(left, right)]
        context["left_title"], context["right_title"] = (
            show.shown(left.title, language),
            show.shown(right.title, language),
        )
    return render(request, "plans/compare.html", context)


def _page_number(value: float, decimals: int) -> str:
    """A number as the page writes it: the language's decimal mark, rounded half up (``floatformat``)."""
    return str(floatformat(value, decimals))


def _yaml(data: dict[str, Any]) -> str:
    if not data:
        return ""
    return yaml.safe_dump(json.loads(json.dumps(data)), allow_unicode=True, sort_keys=False, width=100)
