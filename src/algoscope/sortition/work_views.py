"""Pages of a panel's work: the organisers' page to record sessions, documents, recommendations and what the panel
oversees; the responsible bodies' list of recommendations and the page to answer one; and the parts other pages
show (the panel's public page, a record's page, a pilot's page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor, can, can_as_listed
from algoscope.common import references
from algoscope.common.actions import perform_form
from algoscope.common.forms import PageForm
from algoscope.common.references import Backlink
from algoscope.common.translation import page_language
from algoscope.register.models import Algorithm, AlgorithmVersion
from algoscope.sortition import work
from algoscope.sortition.models import Panel, PanelDocument, PanelLink, Recommendation, RecommendationResponse

LANGUAGES = list(settings.LANGUAGES)
TONES = {
    "under_study": "warning",
    "accepted": "success",
    "partly": "warning",
    "rejected": "danger",
    "in_progress": "active",
    "implemented": "success",
}


class SessionForm(PageForm):
    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=200)
    summary = forms.CharField(
        label=gettext_lazy("What the panel did"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=LANGUAGES)


class DocumentForm(PageForm):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=PanelDocument.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=200)
    url = forms.CharField(label=gettext_lazy("Web address"), required=False, max_length=500)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=LANGUAGES)


class RecommendationForm(PageForm):
    title = forms.CharField(label=gettext_lazy("The recommendation in one line"), required=False, max_length=200)
    text = forms.CharField(
        label=gettext_lazy("The recommendation as the panel wrote it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=LANGUAGES)
    responsible = forms.ChoiceField(label=gettext_lazy("Who must answer"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = [(o.slug, o.display_name()) for o in Organisation.objects.order_by("slug")]
        field: Any = self.fields["responsible"]
        field.choices = [("", _("The government (the AI plan's steering committee)")), *organisations]


class LinkForm(PageForm):
    target = forms.ChoiceField(label=gettext_lazy("What the panel oversees or evaluates"))
    role = forms.ChoiceField(label=gettext_lazy("As"), choices=PanelLink.Role.choices)

    def __init__(self, *args: Any, language: str, panel: Panel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        records = Algorithm.objects.filter(organisation=panel.organisation, published_version__isnull=False)
        choices = [
            (f"record:{a.public_id}", f"{a.public_id} · {a.pub_sort_name}")
            for a in records.order_by("pub_sort_name")[:300]
        ]
        choices += [(t.reference, t.title) for t in references.choices("pilot", language)]
        self.fields["target"].choices = choices  # type: ignore[attr-defined]


class ResponseForm(PageForm):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=RecommendationResponse.Status.choices)
    text = forms.CharField(
        label=gettext_lazy("The public response"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=LANGUAGES)


def recommendation_rows(panel: Panel) -> list[dict[str, Any]]:
    rows = []
    for recommendation in panel.recommendations.select_related("responsible").prefetch_related("responses"):
        responses = list(recommendation.responses.all())
        current = responses[0] if responses else None
        rows.append(
            {
                "r": recommendation,
                "current": current,
                "tone": TONES.get(current.status, "neutral") if current else "neutral",
                "history": responses[1:],
            }
        )
    return rows


def panel_work(panel: Panel, language: str) -> dict[str, Any]:
    """The panel's work for its public page."""
    links = []
    for link in panel.links.order_by("role", "target"):
        kind, _sep, key = link.target.partition(":")
        if kind == "record":
            record = Algorithm.objects.filter(public_id=key).select_related("published_version").first()
            name = record.published_version.text("name", language) if record and record.published_version else None
            shown = (
                {"title": name.text, "language": name.language if name.fallback else ""}
                if name
                else {"title": key, "language": ""}
            )
            links.append({"link": link, "url": reverse("public:algorithm", args=[key]), **shown})
        elif (target := references.resolve(link.target, language)) is not None:
            links.append({"link": link, "url": target.url, "title": target.title, "language": target.language})
    return {
        "sessions": list(panel.sessions.all()),
        "documents": list(panel.documents.all()),
        "recommendations": recommendation_rows(panel),
        "oversees": links,
    }


@login_required
def panel_work_edit(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = get_object_or_404(Panel, pk=panel_id)
    actor = Actor.for_request(request)
    if not can_as_listed(actor, "panel.manage", panel.organisers.values_list("pk", flat=True)):
        raise Http404("no panel you organise")
    language = page_language()
    which = request.POST.get("form", "") if request.method == "POST" else ""
    data = request.POST if request.method == "POST" else None
    session_form = SessionForm(data if which == "session" else None, prefix="session")
    document_form = DocumentForm(data if which == "document" else None, prefix="document")
    recommendation_form = RecommendationForm(data if which == "recommendation" else None, prefix="recommendation")
    link_form = LinkForm(data if which == "link" else None, prefix="link", language=language, panel=panel)
    forms_by_name: dict[str, Any] = {
        "session": session_form, "document": document_form, "recommendation": recommendation_form, "link": link_form
    }  # fmt: skip
    form = forms_by_name.get(which)
    if form is not None and form.is_valid():
        values = form.cleaned_data

        def run() -> object:
            if which == "session":
                return work.session_add(actor=actor, panel=panel, **values)
            if which == "document":
                return work.document_add(actor=actor, panel=panel, **values)
            if which == "recommendation":
                responsible = Organisation.objects.filter(slug=values.pop("responsible")).first()
                return work.recommendation_add(actor=actor, panel=panel, responsible=responsible, **values)
            return work.panel_link(actor=actor, panel=panel, **values)

        if perform_form(request, form, run, success=_("Saved: it is on the panel's public page.")):
            return redirect("editor:panel_work", panel_id=panel.pk)
    return render(
        request,
        "sortition/work.html",
        {"panel": panel, **forms_by_name, "work_context": panel_work(panel, language)},
        status=422 if form is not None and form.errors else 200,
    )


def _responsible_for(actor: Actor) -> Q:
    organisations = actor.organisation_ids("recommendation.respond")
    where = Q(responsible_id__in=organisations)
    if can(actor, "recommendation.respond_general"):
        where |= Q(responsible__isnull=True)
    return where


@login_required
def recommendations(request: HttpRequest) -> HttpResponse:
    actor = Actor.for_request(request)
    rows = (
        Recommendation.objects.filter(_responsible_for(actor))
        .select_related("panel", "responsible")
        .prefetch_related("responses")
    )
    return render(
        request,
        "sortition/recommendations.html",
        {"rows": [{"r": r, "current": next(iter(r.responses.all()), None)} for r in rows.order_by("-created_at")]},
    )


@login_required
def recommendation_respond(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("panel", "responsible"), pk=recommendation_id
    )
    actor = Actor.for_request(request)
    if not work.may_respond(actor, recommendation):
        raise Http404("no recommendation you answer")
    form = ResponseForm(request.POST or None, initial={"language": page_language()})
    if (
        request.method == "POST"
        and form.is_valid()
        and perform_form(
            request,
            form,
            lambda: work.recommendation_respond(actor=actor, recommendation=recommendation, **form.cleaned_data),
            success=_("The response is published on the panel's page."),
        )
    ):
        return redirect("editor:recommendations")
    return render(
        request,
        "sortition/respond.html",
        {"recommendation": recommendation, "form": form, "responses": recommendation.responses.all()},
        status=422 if form.errors else 200,
    )


def record_section(algorithm: Algorithm, version: AlgorithmVersion | None, language: str) -> dict[str, Any] | None:
    """On a record's page: the published panels that oversee or evaluate it."""
    links = PanelLink.objects.filter(
        target=f"record:{algorithm.public_id}", panel__published_at__isnull=False
    ).select_related("panel")
    if version is None or not links:
        return None
    return {"links": list(links)}


def pilot_backlinks(key: str, language: str) -> list[Backlink]:
    return [
        Backlink(
            title=link.panel.title,
            url=reverse("public:panel", args=[link.panel_id]),
            note=str(link.get_role_display()),
            language=link.panel.texts_language,
        )
        for link in PanelLink.objects.filter(target=f"pilot:{key}", panel__published_at__isnull=False).select_related(
            "panel"
        )
    ]
