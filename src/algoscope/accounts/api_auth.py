"""How the JSON API knows who writes: ``Authorization: Bearer alg_…``, an organisation's API token.

Every app's API authenticates writes with ``token_auth`` and turns the request into an actor with ``token_actor``.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from algoscope.accounts.models import ApiToken
from algoscope.accounts.permissions import Actor
from algoscope.accounts.services import api_token_authenticate
from algoscope.common.errors import NotFound


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer alg_…``: an organisation's API token."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        try:
            return api_token_authenticate(token)
        except NotFound:
            return None


token_auth = ApiTokenAuth()


def token_actor(request: HttpRequest) -> Actor:
    """The actor of a request that authenticated with an organisation's API token."""
    token = request.auth  # type: ignore[attr-defined]  # set by django-ninja after authentication
    assert isinstance(token, ApiToken)
    return Actor.for_token(token)
