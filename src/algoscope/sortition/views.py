"""Panel pages: the organisers' workspace (respondents, check, selection, publication, draw) and the public page."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_POST

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor, can
from algoscope.common.actions import perform
from algoscope.common.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem
from algoscope.common.numbers import percent
from algoscope.common.translation import language_choices, localized, page_language
from algoscope.sortition import selectors, services
from algoscope.sortition.engine import verifier
from algoscope.sortition.engine.charts import probability_chart, quantiles
from algoscope.sortition.engine.errors import where
from algoscope.sortition.engine.model import Quota, fold
from algoscope.sortition.forms import PanelSettingsForm
from algoscope.sortition.models import Panel
from algoscope.sortition.services import PanelSettings
from algoscope.sortition.work_views import panel_work

MEDIA_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".zip": "application/zip",
    ".py": "text/x-python; charset=utf-8",
}
VERIFIER_NAME = "verify_panel.py"  # the standard-library verifier, served as it is in the source
ZIP_NAME = "public.zip"


FIELD_LABELS = {
    "organisation": gettext_lazy("Organisation that runs the panel"),
    "title": gettext_lazy("Title"),
    "purpose": gettext_lazy("Purpose (shown on the public page)"),
    "texts_language": gettext_lazy("Language of the title and purpose"),
    "size": gettext_lazy("Panel size"),
    "algorithm": gettext_lazy("Method"),
    "lottery_size": gettext_lazy("Tickets in the lottery"),
    "k_anonymity": gettext_lazy("Publish a profile only when more respondents than this share it"),
    "retention_days": gettext_lazy("Delete the respondents this many days after the upload"),
    "categories": gettext_lazy("Quotas (CSV: feature, value, min, max)"),
    "respondents": gettext_lazy("Respondents (CSV: one row per person, a column per feature)"),
    "seed_source": gettext_lazy("How the seed is chosen"),
    "seed_known_at": gettext_lazy("When the seed becomes known"),
    "seed": gettext_lazy("Seed"),
    "username": gettext_lazy("Add a panel organiser (user name)"),
}


def problem_text(p: Problem) -> str:
    """``file, row 3, column 'gender': message`` (or ``field: message``) in the page's language."""
    if p.loc and str(p.loc[0]) in FIELD_LABELS:
        return f"{FIELD_LABELS[str(p.loc[0])]}: {localized(p)}"
    return where(p, _) + localized(p)


def _organised(request: HttpRequest, panel_id: int) -> Panel:
    try:
        return selectors.panel_get_organised(Actor.for_request(request), panel_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _settings(request: HttpRequest, *, creating: bool = False) -> PanelSettings:
    """The posted settings, checked and typed by the form; its problems as the services' are (label: message)."""
    form = PanelSettingsForm(request.POST, creating=creating)
    if not form.is_valid():
        raise InvalidInput(
            Problem((name,), "invalid", str(message)) for name, messages in form.errors.items() for message in messages
        )
    return form.settings()


@login_required
def panel_list(request: HttpRequest) -> HttpResponse:
    actor = Actor.for_request(request)
    errors: list[str] = []
    if request.method == "POST":
        organisation = Organisation.objects.filter(pk=request.POST.get("organisation") or 0).first()
        try:
            if organisation is None:
                raise InvalidInput.single(
                    ("organisation",), "required", gettext_noop("choose the organisation that runs the panel")
                )
            panel = services.panel_create(actor=actor, organisation=organisation, **_settings(request, creating=True))
            return redirect("editor:panel", panel_id=panel.pk)
        except InvalidInput as exc:
            errors = [problem_text(p) for p in exc.problems]
        except PermissionDenied as exc:
            raise Http404(exc.message) from exc
    context = {
        "panels": selectors.panels_of(actor),
        "may_create": can(actor, "panel.create"),
        "organisations": Organisation.objects.order_by("slug"),
        "methods": Panel.Method.choices,
        "text_languages": language_choices(),
        "errors": errors,
        "posted": request.POST,
    }
    return render(request, "sortition/list.html", context, status=422 if errors else 200)


def real_chances(panel: Panel) -> list[float]:
    """Everyone's real chance (tickets held ÷ tickets in the lottery), lowest first, from the public files; the
    people already selected are left out (certain)."""
    rows = verifier.read_csv(panel.public_files["respondents.csv"].encode())
    return sorted(float(row["chance"]) for row in rows if row["already_selected"] != "1")


def _chart(report: dict[str, Any], values: list[float]) -> SafeString:
    equal = report["panel_size"] / max(1, report["pool_size"])
    labels = {
        "x": _("respondents, from the lowest chance to the highest"),
        "y": _("chance of selection"),
        "equal": _("equal chance for all: %(p)s") % {"p": percent(equal)},
        "description": _("Lowest chance %(min)s, highest %(max)s; the table below gives the same figures.")
        % {"min": percent(values[0], 2) if values else "–", "max": percent(values[-1], 2) if values else "–"},
        "percent": percent,
    }
    return mark_safe(probability_chart(values, equal, _("Everyone's chance of selection"), labels))  # noqa: S308


def _labelled(panel: Panel, quotas: tuple[Quota, ...]) -> dict[str, Any]:
    """The quotas, the drawn panel's composition and the chances by value, with the features and values named in
    the reader's language (the categories file's ``label_<lang>`` and ``feature_<lang>`` columns) and numbers
    written as the language writes them."""
    language = page_language()
    features: dict[str, str] = {}
    values: dict[tuple[str, str], str] = {}
    limits: dict[tuple[str, str], Quota] = {}
    for q in quotas:
        features.setdefault(fold(q.feature), q.feature_label(language))
        values[(fold(q.feature), fold(q.value))] = q.label(language)
        limits[(fold(q.feature), fold(q.value))] = q

    def names(row: dict[str, Any]) -> dict[str, Any]:
        key = (fold(row["feature"]), fold(row["value"]))
        return {
            **row,
            "feature_label": features.get(key[0], row["feature"]),
            "value_label": values.get(key, row["value"]),
        }

    chances = []
    for row in panel.chances or []:
        quota = limits.get((fold(row["feature"]), fold(row["value"])))
        chances.append(
            {
                **names(row),
                "min_quota": quota.min if quota else "",
                "max_quota": quota.max if quota else "",
                "min_text": percent(row["min"]),
                "mean_text": percent(row["mean"]),
                "max_text": percent(row["max"]),
            }
        )
    return {
        "quotas": [names({"feature": q.feature, "value": q.value, "min": q.min, "max": q.max}) for q in quotas],
        "composition": [names(row) for row in panel.composition or []],
        "chances_by_value": chances,
    }


def _results(panel: Panel) -> dict[str, Any]:
    if panel.report is None or not panel.public_files:
        return {}
    report = panel.report
    chances = real_chances(panel)
    return {
        "report": report,
        "chart": _chart(report, chances),
        "quantiles": [(percent(share, 0), percent(chance, 2)) for share, chance in quantiles(chances)],
        "lowest_highest": f"{percent(chances[0], 2)} – {percent(chances[-1], 2)}" if chances else "–",
        "equal_text": percent(report["panel_size"] / max(1, report["pool_size"]), 2),
        "equal": report["panel_size"] / max(1, report["pool_size"]),
        "manifest": panel.manifest_sha256,
        "file_names": sorted(panel.public_files),
        "gap_text": percent(report["lottery"].get("max_relative_gap"), 2),
    }


@login_required
def panel_detail(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = _organised(request, panel_id)
    check = panel.check_result or {}
    diagnosis = check.get("diagnosis")
    context = {
        "panel": panel,
        "methods": Panel.Method.choices,
        "text_languages": language_choices(),
        "check": check,
        "diagnosis_reason": _(diagnosis["reason"]) if diagnosis else "",
        "warnings": [
            problem_text(Problem(tuple(w["loc"]), "warning", w["template"], w["params"]))
            for w in check.get("warnings", [])
        ],
        "errors": request.session.pop(f"panel-{panel.pk}-errors", []),
        "refresh": panel.busy,
        "organisers": panel.organisers.order_by("username"),
        "private_files": services.PRIVATE_FILES,
        **_results(panel),
        **(_labelled(panel, selectors.panel_quotas(panel)) if panel.categories else {}),
    }
    return render(request, "sortition/detail.html", context)


def _seed_time(request: HttpRequest) -> dt.datetime:
    """The time the seed becomes known, from a ``datetime-local`` field, in the site's time zone."""
    text = request.POST.get("seed_known_at", "").strip()
    parsed = parse_datetime(text) if text else None
    if parsed is None:
        raise InvalidInput.single(
            ("seed_known_at",), "required", gettext_noop("give the date and time the seed becomes known")
        )
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _files(request: HttpRequest) -> dict[str, tuple[str, bytes]]:
    return {
        field: (upload.name or f"{field}.csv", upload.read())
        for field in ("categories", "respondents")
        if (upload := request.FILES.get(field)) is not None
    }


# The organisers' POST actions: what each does (with the actor, the panel and the request) and what it says.
ACTIONS: dict[str, tuple[Callable[[Actor, Panel, HttpRequest], object], Any]] = {
    "settings": (
        lambda actor, panel, request: services.panel_update(actor=actor, panel=panel, **_settings(request)),
        gettext_lazy("Saved."),
    ),
    "upload": (
        lambda actor, panel, request: services.panel_upload(actor=actor, panel=panel, **_files(request)),
        gettext_lazy("The files are stored and checked."),
    ),
    "start": (
        lambda actor, panel, request: services.panel_start(actor=actor, panel=panel),
        gettext_lazy("The selection is queued."),
    ),
    "publish": (
        lambda actor, panel, request: services.panel_publish(
            actor=actor, panel=panel, seed_source=request.POST.get("seed_source", ""), seed_known_at=_seed_time(request)
        ),
        gettext_lazy("The lottery is published."),
    ),
    "draw": (
        lambda actor, panel, request: services.panel_draw(actor=actor, panel=panel, seed=request.POST.get("seed", "")),
        gettext_lazy("The panel is drawn."),
    ),
    "delete-personal-data": (
        lambda actor, panel, request: services.panel_delete_personal_data(actor=actor, panel=panel),
        gettext_lazy("The respondents' personal data is deleted."),
    ),
    "organisers": (
        lambda actor, panel, request: services.panel_add_organiser(
            actor=actor, panel=panel, username=request.POST.get("username", "")
        ),
        gettext_lazy("The organiser is added."),
    ),
}


@login_required
@require_POST
def panel_action(request: HttpRequest, panel_id: int, action: str) -> HttpResponse:
    """One organiser action; problems come back on the panel's page (file, row and column for uploads)."""
    panel = _organised(request, panel_id)
    if action not in ACTIONS:
        raise Http404("no such action")
    run, ok = ACTIONS[action]
    actor = Actor.for_request(request)
    errors = perform(request, lambda: run(actor, panel, request), success=str(ok), problem_text=problem_text)
    if errors:
        request.session[f"panel-{panel.pk}-errors"] = errors
    return redirect("editor:panel", panel_id=panel.pk)


def _download(data: bytes, name: str, panel: Panel) -> HttpResponse:
    response = HttpResponse(data, content_type=MEDIA_TYPES[name[name.rindex(".") :]])
    shown = name if name == VERIFIER_NAME else f"panel-{panel.pk}-{name}"
    response["Content-Disposition"] = f'attachment; filename="{shown}"'
    return response


def public_folder(panel: Panel) -> bytes:
    """The public files in one zip, in a folder ``panel-<id>/``, the same bytes as the single downloads."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(selectors.public_files(panel).items()):
            info = zipfile.ZipInfo(f"panel-{panel.pk}/{name}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


def verifier_source() -> bytes:
    """The verifier as it is in the source: one standard-library file anyone can read and run."""
    return Path(verifier.__file__).read_bytes()


def _public_download(panel: Panel, name: str) -> bytes:
    if name == ZIP_NAME:
        return public_folder(panel)
    if name == VERIFIER_NAME:
        return verifier_source()
    if name not in panel.public_files:
        raise Http404("no such file")
    return selectors.public_file(panel, name)


@login_required
def panel_file(request: HttpRequest, panel_id: int, name: str) -> HttpResponse:
    """The organisers' files (private, after the draw) and the public files (once computed)."""
    panel = _organised(request, panel_id)
    try:
        if name in services.PRIVATE_FILES:
            data = services.private_file(actor=Actor.for_request(request), panel=panel, name=name)
        else:
            data = _public_download(panel, name)
    except Conflict as exc:
        raise Http404(exc.message) from exc
    response = _download(data, name, panel)
    response["Cache-Control"] = "private, no-store"
    return response


def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "sortition/public_list.html", {"panels": selectors.panels_published()})


def public_detail(request: HttpRequest, panel_id: int) -> HttpResponse:
    try:
        panel = selectors.panel_get_published(panel_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    context = {
        "panel": panel,
        **_labelled(panel, selectors.panel_quotas(panel)),
        "zip_name": f"panel-{panel.pk}-{ZIP_NAME}",
        "folder": f"panel-{panel.pk}",
        "verifier_name": VERIFIER_NAME,
        **_results(panel),
        "work": panel_work(panel, page_language()),
    }
    return render(request, "sortition/public_detail.html", context)


def public_file(request: HttpRequest, panel_id: int, name: str) -> HttpResponse:
    try:
        panel = selectors.panel_get_published(panel_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _download(_public_download(panel, name), name, panel)
