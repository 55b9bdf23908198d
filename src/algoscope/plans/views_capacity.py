"""Capacity building's pages: the training catalogue with the administrations' participation, the library of good
practices (searchable across countries and languages), their downloads; in the workspace, recording training
figures, reviewing them, and a course's or practice's next step."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor, can
from algoscope.common.actions import perform
from algoscope.common.multilingual import resolve_text
from algoscope.common.textfiles import spreadsheet_safe
from algoscope.common.translation import page_language
from algoscope.plans import presentation as show
from algoscope.plans import selectors, services
from algoscope.plans.engine.capacity import LANGUAGES, MODES, PROFILES, capacity_file
from algoscope.plans.models import CatalogueEntry, TrainingFigure
from algoscope.plans.views_pilots import document_action, render_review
from algoscope.register.exports import stream_csv
from algoscope.register.search.text import normalise

PROFILE_LABELS = {
    "civil_servants": gettext_lazy("Civil servants"),
    "ai_creators": gettext_lazy("AI creators (technical experts)"),
    "ai_practitioners": gettext_lazy("AI practitioners (who bring AI into their field)"),
    "ai_users": gettext_lazy("AI users (who use AI tools responsibly)"),
    "students_teachers": gettext_lazy("Students and teachers"),
    "citizens": gettext_lazy("Citizens"),
}
MODE_LABELS = {
    "mooc": gettext_lazy("MOOC"),
    "online": gettext_lazy("Online"),
    "classroom": gettext_lazy("Classroom"),
    "hybrid": gettext_lazy("Hybrid"),
}
LEVEL_LABELS = {
    "awareness": gettext_lazy("Awareness"),
    "basic": gettext_lazy("Basic"),
    "intermediate": gettext_lazy("Intermediate"),
    "advanced": gettext_lazy("Advanced"),
}
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "français", "de": "Deutsch", "en": "English", "lb": "Lëtzebuergesch"}


def training(request: HttpRequest) -> HttpResponse:
    language = page_language()
    asked = {name: request.GET.get(name, "") for name in ("profile", "language", "mode", "jurisdiction")}
    totals = selectors.figure_totals()
    rows = []
    for _row, course in selectors.published_courses():
        if (
            (asked["profile"] and asked["profile"] not in course.profiles)
            or (asked["language"] and asked["language"] not in course.languages)
            or (asked["mode"] and asked["mode"] != course.mode)
            or (asked["jurisdiction"] and asked["jurisdiction"] != course.jurisdiction)
        ):
            continue
        participants, completions = totals.get(course.key, (None, None))
        rows.append(
            {
                "course": course,
                "title": show.shown(course.title, language),
                "jurisdiction": show.jurisdiction(course.jurisdiction),
                "mode": MODE_LABELS[course.mode],
                "level": LEVEL_LABELS[course.level],
                "profiles": [PROFILE_LABELS[p] for p in course.profiles],
                "languages": [LANGUAGE_NAMES[lang] for lang in course.languages],
                "participants": participants,
                "completions": completions,
            }
        )
    return render(request, "plans/training.html", {
        "rows": rows, "asked": asked, "profiles": [(p, PROFILE_LABELS[p]) for p in PROFILES],
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "modes": [(m, MODE_LABELS[m]) for m in MODES],
        "jurisdictions": [(j, show.jurisdiction(j)) for j in show.JURISDICTION_LABELS],
    })  # fmt: skip


def course(request: HttpRequest, key: str) -> HttpResponse:
    found = next((c for _r, c in selectors.published_courses() if c.key == key), None)
    if found is None:
        raise Http404("no published course with this id")
    language = page_language()
    figures = [f for f in selectors.current_figures() if f.course_key == key]
    return render(request, "plans/course.html", {
        "course": found, "title": show.shown(found.title, language), "summary": show.shown(found.summary, language),
        "jurisdiction": show.jurisdiction(found.jurisdiction), "mode": MODE_LABELS[found.mode],
        "level": LEVEL_LABELS[found.level], "profiles": [PROFILE_LABELS[p] for p in found.profiles],
        "languages": [LANGUAGE_NAMES[lang] for lang in found.languages], "figures": figures,
        "total": selectors.figure_totals().get(key, (0, 0)),
        "plan_items": show.plan_item_links(found.plan_items, language),
    })  # fmt: skip


def practices(request: HttpRequest) -> HttpResponse:
    """The good practices, searched in every language they are written in (accents and case ignored)."""
    language = page_language()
    query = request.GET.get("q", "").strip()[:200].replace("\u2019", "'")  # a typographic apostrophe is one
    jurisdiction = request.GET.get("jurisdiction", "")
    words = normalise(query).split()
    rows = []
    for _row, entry in selectors.published_practices():
        haystack = normalise(  # the texts' typographic apostrophes read as plain ones too
            " ".join(
                [
                    *entry.title.values(),
                    *entry.lessons.values(),
                    entry.contact,
                    entry.record,
                    entry.pilot,
                ]
            ).replace("\u2019", "'")
        )
        if (jurisdiction and entry.jurisdiction != jurisdiction) or not all(w in haystack for w in words):
            continue
        rows.append(
            {
                "practice": entry,
                "title": show.shown(entry.title, language),
                "lessons": show.shown(entry.lessons, language),
                "jurisdiction": show.jurisdiction(entry.jurisdiction),
            }
        )
    return render(request, "plans/practices.html", {
        "rows": rows, "q": query, "jurisdiction": jurisdiction,
        "jurisdictions": [(j, show.jurisdiction(j)) for j in show.JURISDICTION_LABELS],
    })  # fmt: skip


def practice(request: HttpRequest, key: str) -> HttpResponse:
    found = next((p for _r, p in selectors.published_practices() if p.key == key), None)
    if found is None:
        raise Http404("no published good practice with this id")
    language = page_language()
    return render(request, "plans/practice.html", {
        "practice": found, "title": show.shown(found.title, language), "lessons": show.shown(found.lessons, language),
        "jurisdiction": show.jurisdiction(found.jurisdiction),
        "tags": [show.tag_label(ref, language) for ref in found.tags],
    })  # fmt: skip


def capacity_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    courses = [c for _r, c in selectors.published_courses()]
    practices_ = [p for _r, p in selectors.published_practices()]
    if fmt == "yaml":
        response = HttpResponse(capacity_file(courses, practices_), content_type="application/yaml; charset=utf-8")
    elif fmt == "csv":  # the published training figures
        titles = {c.key: resolve_text(c.title, "en", "en").text for c in courses}  # one stable language
        header = [
            "course",
            "course_title",
            "organisation",
            "organisation_name",
            "period",
            "participants",
            "completions",
            "published_at",
        ]
        rows = [
            [f.course_key, spreadsheet_safe(titles.get(f.course_key, "")), f.organisation.slug,
             spreadsheet_safe(str(f.organisation)), f.period, str(f.participants), str(f.completions),
             f.reviewed_at.isoformat() if f.reviewed_at else ""]
            for f in selectors.current_figures()
        ]  # fmt: skip
        return stream_csv([header, *rows], "capacity-figures.csv", request)
    else:
        raise Http404("unknown format")
    response["Content-Disposition"] = f'attachment; filename="capacity.{fmt}"'
    return response


# ----- the workspace ----------------------------------------------------------------------------------------------


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    """Record a training figure for one's administration; coordinators review the figures awaiting review."""
    actor = Actor.for_request(request)
    organisations = list(Organisation.objects.filter(pk__in=actor.organisation_ids("training.record")))
    coordinator = can(actor, "training.publish")
    if not organisations and not coordinator:
        raise Http404("for the administrations' editors and the coordinators")
    errors: list[str] = []
    posted: dict[str, Any] = {}
    if request.method == "POST":
        posted = request.POST.dict()
        organisation = next((o for o in organisations if str(o.pk) == request.POST.get("organisation")), None)
        if organisation is None:
            raise Http404("not one of your organisations")
        errors = perform(
            request,
            lambda: services.figure_record(
                actor,
                request.POST.get("course", ""),
                organisation,
                request.POST.get("period", ""),
                request.POST.get("participants"),
                request.POST.get("completions"),
            ),
            success=_("Recorded: a coordinator reviews it before it is published."),
            forbidden_is_not_found=False,
        )
        if not errors:
            return redirect("editor:training_figures")
    language = page_language()
    return render(request, "plans/figures.html", {
        "organisations": organisations, "coordinator": coordinator, "errors": errors, "posted": posted,
        "courses": [(c.key, show.shown(c.title, language)) for _r, c in selectors.published_courses()],
        "queue": _queue(language) if coordinator else [],
        "mine": TrainingFigure.objects.filter(author_id=actor.person_id).select_related("organisation")[:20],
    }, status=400 if errors else 200)  # fmt: skip


def _queue(language: str) -> list[dict[str, Any]]:
    """The figures awaiting review, each with its course's title and the published figure it would replace."""
    titles = {c.key: show.shown(c.title, language) for _r, c in selectors.published_courses()}
    current = {(f.course_key, f.organisation_id, f.period): f for f in selectors.current_figures()}
    return [
        {
            "figure": f,
            "title": titles.get(f.course_key),
            "replaces": current.get((f.course_key, f.organisation_id, f.period)),
        }
        for f in TrainingFigure.objects.filter(state=TrainingFigure.State.SUBMITTED).select_related(
            "organisation", "author"
        )
    ]


@login_required
@require_POST
def figure_review(request: HttpRequest, figure_id: int, verb: str) -> HttpResponse:
    actor = Actor.for_request(request)
    if not can(actor, "training.publish") or verb not in ("publish", "decline"):
        raise Http404("coordinators only")
    figure = get_object_or_404(TrainingFigure, pk=figure_id)
    for error in perform(
        request,
        lambda: services.figure_review(actor, figure, verb == "publish", request.POST.get("reason", "")),
        success=_("Published.") if verb == "publish" else _("Declined."),
        forbidden_is_not_found=False,
    ):
        messages.error(request, error)
    return redirect("editor:training_figures")


@login_required
def entry_review(request: HttpRequest, key: str) -> HttpResponse:
    if not can(Actor.for_request(request), "plan.edit"):
        raise Http404("coordinators only")
    row = get_object_or_404(CatalogueEntry, key=key)
    title = show.shown(row.content.get("title", {}), page_language())
    public = "public:course" if row.kind == "course" else "public:practice"
    return render_review(request, row, title, "editor:entry_action", public)


@login_required
@require_POST
def entry_action(request: HttpRequest, key: str, action: str) -> HttpResponse:
    return document_action(request, get_object_or_404(CatalogueEntry, key=key), action, "editor:entry")
