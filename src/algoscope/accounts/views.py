"""The API tokens page of an organisation: each member with an editing role makes and revokes their own tokens;
the organisation's administrator sees everyone's and may revoke any."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from algoscope.accounts import services
from algoscope.accounts.forms import TokenForm
from algoscope.accounts.models import ApiToken, Organisation
from algoscope.accounts.permissions import Actor, can
from algoscope.accounts.services.tokens import may_revoke
from algoscope.common.actions import perform_form


def _token_organisation(actor: Actor, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not (
        can(actor, "api_token.create", organisation.pk) or can(actor, "organisation.manage_tokens", organisation.pk)
    ):
        raise Http404("no organisation whose tokens you may see")
    return organisation


@login_required
def tokens(request: HttpRequest, slug: str) -> HttpResponse:
    actor = Actor.for_request(request)
    organisation = _token_organisation(actor, slug)
    if request.method == "POST" and request.POST.get("revoke"):
        token = ApiToken.objects.filter(organisation=organisation, prefix=request.POST["revoke"]).first()
        if token is None or not may_revoke(actor, token):
            raise Http404("no such token")
        if token.revoked_at is not None:
            messages.info(request, _("This token was already revoked."))
        else:
            services.api_token_revoke(actor=actor, token=token, reason="revoked on the tokens page")
            messages.success(request, _("Token revoked. It no longer works."))
        return redirect("editor:tokens", slug=slug)
    created: str | None = None
    form = TokenForm(request.POST or None, person_roles=actor.roles_in(organisation.pk))
    if request.method == "POST" and form.is_valid():
        made: list[str] = []

        def create() -> None:
            made.append(services.api_token_create(actor=actor, organisation=organisation, **form.cleaned_data)[1])

        if perform_form(request, form, create, success=_("Token created.")):
            created, form = made[0], TokenForm(person_roles=actor.roles_in(organisation.pk))
    shown = organisation.api_tokens.select_related("created_by")
    sees_all = can(actor, "organisation.manage_tokens", organisation.pk)
    return render(
        request,
        "accounts/tokens.html",
        {
            "organisation": organisation,
            "tokens": shown if sees_all else shown.filter(created_by_id=actor.person_id),
            "sees_all": sees_all,
            "may_create": can(actor, "api_token.create", organisation.pk),
            "created": created,
            "form": form,
        },
        status=422 if form.errors else 200,
    )
