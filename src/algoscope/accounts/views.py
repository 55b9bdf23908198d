"""Pages where an organisation's administrator manages its API tokens."""

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
from algoscope.common.errors import InvalidInput
from algoscope.common.translation import errors_by_path


def _token_organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not can(Actor.for_request(request), "organisation.manage_tokens", organisation.pk):
        raise Http404("no organisation whose tokens you manage")
    return organisation


@login_required
def tokens(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _token_organisation(request, slug)
    actor = Actor.for_request(request)
    created: str | None = None
    form = TokenForm()
    if request.method == "POST" and request.POST.get("revoke"):
        token = ApiToken.objects.filter(organisation=organisation, prefix=request.POST["revoke"]).first()
        if token is None:
            raise Http404("no such token")
        services.api_token_revoke(actor=actor, token=token)
        messages.success(request, _("Token revoked. It no longer works."))
        return redirect("editor:tokens", slug=slug)
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, created = services.api_token_create(actor=actor, organisation=organisation, **form.cleaned_data)
                form = TokenForm()
            except InvalidInput as exc:
                for path, texts in errors_by_path(exc.problems).items():
                    for text in texts:
                        form.add_error(path if path in form.fields else None, text)
    return render(
        request,
        "accounts/tokens.html",
        {
            "organisation": organisation,
            "tokens": organisation.api_tokens.select_related("created_by"),
            "created": created,
            "form": form,
        },
        status=422 if form.errors else 200,
    )
