"""Editor pages for civil servants: dashboard, create, edit per language, preview, workflow actions.

Views stay thin: they read with selectors, write with services, and turn domain errors into messages.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor, can
from algoscope.common.actions import perform
from algoscope.common.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.translation import errors_by_path, page_language
from algoscope.register import selectors, services
from algoscope.register.content import GROUPS, empty_content
from algoscope.register.extensions import editor_sections, record_actions
from algoscope.register.forms import EditRecordForm, NewRecordForm, content_from_post, form_fields
from algoscope.register.presentation import (
    GROUP_LABELS,
    LANGUAGE_NAMES,
    content_sections,
    problem_line,
)
from algoscope.register.publication_parts import pending_part_changes
from algoscope.register.record_log import record_log


def _editable(request: HttpRequest, public_id: str) -> Any:
    try:
        return selectors.algorithm_get_for_editing(actor=Actor.for_request(request), public_id=public_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _lock_version(request: HttpRequest) -> int | None:
    """The version the posted form was edited from (none sent, or not a version: no check)."""
    form = EditRecordForm(request.POST)
    return form.cleaned_data["lock_version"] if form.is_valid() else None


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = Actor.for_request(request)
    records = selectors.algorithm_list_for_actor(actor)
    orgs = Organisation.objects.filter(pk__in=actor.organisation_ids("algorithm.view_draft")).order_by("slug")
    token_orgs = actor.organisation_ids("api_token.create") | actor.organisation_ids("organisation.manage_tokens")
    if not orgs and not actor.site_roles and not getattr(request.user, "is_staff", False) and settings.RESIDENT_HOME:
        return redirect(settings.RESIDENT_HOME)  # a resident: no workspace, their own page instead
    return render(
        request,
        "editor/dashboard.html",
        {
            "queue": selectors.review_queue(actor),
            "groups": [
                {
                    "organisation": org,
                    "records": [r for r in records if r.organisation_id == org.pk],
                    "can_create": can(actor, "algorithm.create", org.pk),
                    "can_manage_tokens": org.pk in token_orgs,
                }
                for org in orgs
            ],
        },
    )


@login_required
def algorithm_new(request: HttpRequest) -> HttpResponse:
    actor = Actor.for_request(request)
    orgs = Organisation.objects.filter(pk__in=actor.organisation_ids("algorithm.create")).order_by("slug")
    if not orgs:
        raise DjangoPermissionDenied(_("You are not an editor of any organisation."))
    content = empty_content()
    language = request.GET.get("lang") or request.LANGUAGE_CODE[:2]
    content["original_language"] = language if language in LANGUAGES else "nl"
    errors: dict[str, list[str]] = {}
    selected_org = request.POST.get("organisation") or request.GET.get("organisation") or ""
    if request.method == "POST":
        content["original_language"] = request.POST.get("f-original_language", content["original_language"])
        language = content["original_language"] if content["original_language"] in LANGUAGES else "nl"
        content = content_from_post(request.POST, language, content)
        form = NewRecordForm(request.POST, organisations=orgs)
        if not form.is_valid():
            errors = {name: [str(text) for text in texts] for name, texts in form.errors.items()}
        else:
            try:
                algorithm = services.algorithm_create(
                    actor=actor, organisation=form.cleaned_data["organisation"], content=content
                )
            except InvalidInput as exc:
                errors = errors_by_path(exc.problems)
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(exc.message) from exc
            else:
                messages.success(request, _("Draft created. Add the other sections, then submit it for review."))
                return redirect("editor:algorithm_edit", public_id=algorithm.public_id)
    fields = [
        f
        for f in form_fields(content, language, errors)
        if f["key"] in ("original_language", "name", "short_description", "lifecycle_status", "publication_category")
    ]
    return render(
        request,
        "editor/algorithm_new.html",
        {
            "organisations": orgs,
            "selected_org": selected_org,
            "fields": fields,
            "errors": errors,
            "language": language,
        },
        status=422 if errors else 200,
    )


@login_required
def algorithm_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = Actor.for_request(request)
    algorithm = _editable(request, public_id)
    language = request.GET.get("lang") or algorithm.content.get("original_language") or "nl"
    if language not in LANGUAGES:
        language = "nl"
    content = algorithm.content
    errors: dict[str, list[str]] = {}
    conflict = ""
    # one section at a time (?section=<group>): its fields alone are posted and saved, the others kept as they are
    section = request.GET.get("section")
    section = section if section in GROUPS else None
    if request.method == "POST":
        content = content_from_post(request.POST, language, algorithm.content, {section} if section else None)
        try:
            services.algorithm_update(
                actor=actor,
                algorithm=algorithm,
                content=content,
                expected_lock_version=_lock_version(request),
            )
        except InvalidInput as exc:
            errors = errors_by_path(exc.problems)
        except Conflict as exc:
            conflict = exc.message
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        else:
            messages.success(request, _("Saved."))
            saved = request.POST.get("saved_section")
            if section or saved in GROUPS:  # a section's own save: back to the form, at that section
                edit = reverse("editor:algorithm_edit", args=[algorithm.public_id])
                query = urlencode({"lang": language, **({"section": section} if section else {})})
                return redirect(f"{edit}?{query}#section-{section or saved}")
            return redirect(f"{reverse('editor:algorithm', args=[algorithm.public_id])}?lang={language}")
    fields = form_fields(content, language, errors)
    return render(
        request,
        "editor/algorithm_edit.html",
        {
            "algorithm": algorithm,
            "language": language,
            "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
            "original_language": algorithm.content.get("original_language"),
            "groups": [
                {
                    "key": group,
                    "label": GROUP_LABELS[group],
                    "fields": [f for f in fields if f["group"] == group],
                }
                for group in GROUPS
                if section is None or group == section
            ],
            "sections": [(group, GROUP_LABELS[group]) for group in GROUPS],
            "section": section,
            "errors": errors,
            "conflict": conflict,
            "lock_version": _lock_version(request)
            if request.method == "POST" and not conflict
            else algorithm.lock_version,
        },
        status=409 if conflict else 422 if errors else 200,
    )


@login_required
def algorithm_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = Actor.for_request(request)
    algorithm = _editable(request, public_id)
    language = request.GET.get("lang") or algorithm.content.get("original_language") or "nl"
    org_id = algorithm.organisation_id
    return render(
        request,
        "editor/algorithm_detail.html",
        {
            "algorithm": algorithm,
            "language": language if language in LANGUAGES else "nl",
            "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
            "name": algorithm.title(language),
            "sections": content_sections(algorithm.content, language, include_empty=True),
            "editor_sections": [
                {"template": section.template, "context": context}
                for section in editor_sections()
                if (context := section.context(algorithm, None, language)) is not None
            ],
            "pending_parts": pending_part_changes(algorithm, page_language()),
            "record_actions": [
                {"label": action.label, "url": reverse(action.url_name, args=[algorithm.public_id])}
                for action in record_actions()
                if action.shown(actor, algorithm)
            ],
            "versions": list(algorithm.versions.order_by("-number")),
            "log": record_log(algorithm.public_id),
            "may": {
                "edit": can(actor, "algorithm.edit", org_id),
                "submit": can(actor, "algorithm.submit", org_id) and algorithm.state == "draft",
                "publish": can(actor, "algorithm.publish", org_id) and algorithm.state == "in_review",
                "reject": can(actor, "algorithm.reject", org_id) and algorithm.state == "in_review",
                "retire": can(actor, "algorithm.retire", org_id)
                and algorithm.published_version_id is not None
                and algorithm.state != "retired",
            },
            "own_change": actor.person_id in (algorithm.contributors or []),
        },
    )


TRANSITIONS = {
    "submit": (services.algorithm_submit, (), gettext_lazy("Submitted for review.")),
    "publish": (services.algorithm_publish, ("change_summary",), gettext_lazy("Published. The new version is public.")),
    "reject": (services.algorithm_reject, ("reason",), gettext_lazy("Sent back to the editors.")),
    "retire": (
        services.algorithm_retire,
        ("reason",),
        gettext_lazy("Retired. The record stays public, marked as out of use."),
    ),
}


@login_required
@require_POST
def algorithm_transition(request: HttpRequest, public_id: str, action: str) -> HttpResponseRedirect:
    if action not in TRANSITIONS:
        raise Http404(action)
    service, extra, success = TRANSITIONS[action]
    algorithm = _editable(request, public_id)
    kwargs: dict[str, Any] = {name: request.POST.get(name, "") for name in extra}
    actor, lock_version = Actor.for_request(request), _lock_version(request)
    errors = perform(  # permission, state, conflict or input: say why, change nothing
        request,
        lambda: service(actor=actor, algorithm=algorithm, expected_lock_version=lock_version, **kwargs),  # type: ignore[operator]
        success=str(success),
        problem_text=problem_line,
        forbidden_is_not_found=False,
    )
    for error in errors:
        messages.error(request, error)
    return redirect("editor:algorithm", public_id=algorithm.public_id)
