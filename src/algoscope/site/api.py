"""The JSON API at ``/api/v1/``: per-resource routers and the one place where errors become RFC 7807."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from algoscope import __version__
from algoscope.aiact.api import aiact
from algoscope.common.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied, Problem
from algoscope.common.middleware import is_read_only_error
from algoscope.common.problems import problem_response
from algoscope.common.ratelimits import RateLimited, too_many
from algoscope.interop.api import interop
from algoscope.participation.api import participation
from algoscope.plans.api import plans
from algoscope.register.api import algorithms, organisations, search
from algoscope.reports.api import reports

logger = logging.getLogger(__name__)

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An RFC 7807 problem document; `errors` locates each problem of an input.",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string", "example": "urn:algoscope:problem:invalid-input"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["loc", "code", "msg"],
                "properties": {
                    "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                    "code": {"type": "string"},
                    "msg": {"type": "string"},
                },
            },
        },
    },
}


class DocumentedAPI(NinjaAPI):
    """The API whose description lists, for every operation, the problems it can answer with (the handlers below
    write them; the description is derived from what each operation takes, so a new operation is covered too)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem = {"content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}

        def answer(description: str) -> dict[str, Any]:
            return {"description": description, **problem}

        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                codes: dict[int, str] = {500: "Unexpected error (logged)", 503: "Read-only for maintenance"}
                if operation.get("parameters") or operation.get("requestBody"):
                    codes[422] = "Invalid input: each problem located"
                if "{" in path:
                    codes[404] = "Not found (or not visible to you)"
                if operation.get("security"):
                    codes[401] = "No token, or an unknown, revoked or expired one"
                    codes[403] = "The token's role or organisation does not allow it; the four-eyes rule"
                if operation.get("requestBody"):
                    codes[400] = "A body that cannot be read (not JSON, or not the form it should be)"
                if method in ("post", "put", "patch"):
                    codes[413] = "Body over 2.5 MB"
                    if operation.get("security"):
                        codes[409] = "A newer change exists, or the record's state does not allow it"
                if operation.get("operationId") in RATE_LIMITED:
                    codes[429] = "Too many requests from this address (anonymous)"
                for code, description in codes.items():
                    declared = responses.get(code) or responses.get(str(code))  # ninja's own keys are numbers
                    if declared is None:
                        responses[code] = answer(description)
                    else:  # the operation's own answer for that status, or a problem (e.g. the import's 422)
                        declared.setdefault("content", {}).update(problem["content"])
        return schema


RATE_LIMITED = frozenset({"aiact_classify", "aiact_next_questions", "interop_export", "reports_live"})

api = DocumentedAPI(
    title="Algoscope API",
    version="1",
    description=(
        "The public register of algorithms used by public administrations in Belgium and the Benelux. "
        "Reads are public and return published records only; writes need an organisation's API token "
        "(`Authorization: Bearer alg_…`). Errors are RFC 7807 problem details (`application/problem+json`)."
    ),
    urls_namespace="api",
    openapi_extra={"info": {"x-algoscope-version": __version__}},
)
api.add_router("/algorithms", algorithms)
api.add_router("/organisations", organisations)
api.add_router("/search", search)
api.add_router("/aiact", aiact)
api.add_router("/interop", interop)
api.add_router("/plans", plans)
api.add_router("/participation", participation)
api.add_router("/reports", reports)


def _loc(raw: Any) -> tuple[str | int, ...]:
    return tuple(part for part in raw if part not in ("payload", "filters"))


# API operations that anyone may post because they store nothing (they compute an answer from the body). Any
# other operation that is not a read needs a token: the access-matrix test fails the build otherwise.
STATELESS_POSTS = frozenset({"aiact_classify", "aiact_next_questions"})


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [
        Problem(_loc(err.get("loc", ())), str(err.get("type", "invalid")), str(err.get("msg", "")))
        for err in exc.errors
    ]
    return problem_response(
        request,
        status=422,
        code="validation-error",
        detail="The request has invalid fields.",
        errors=problems,
    )


@api.exception_handler(InvalidInput)
def on_invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    # Services locate problems inside what they were given (the content, the facts); the client sent it in the body.
    problems = [
        p
        if p.loc and p.loc[0] in ("query", "body", "path")
        else Problem((*exc.body_prefix, *p.loc), p.code, p.template, p.params)
        for p in exc.problems
    ]
    return problem_response(request, status=422, code="validation-error", detail=exc.message, errors=problems)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        request,
        status=401,
        code="authentication-required",
        detail="Send a valid, unrevoked API token as 'Authorization: Bearer alg_…'.",
        headers={"WWW-Authenticate": 'Bearer realm="algoscope"'},
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(request, status=403, code=exc.code, detail=exc.message)


@api.exception_handler(NotFound)
def on_not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return problem_response(request, status=404, code="not-found", detail=exc.message)


@api.exception_handler(Http404)
def on_http404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, status=404, code="not-found", detail="There is nothing at this address.")


@api.exception_handler(Conflict)
def on_conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return problem_response(request, status=409, code=exc.code, detail=exc.message)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem_response(request, status=400, code=exc.code, detail=exc.message)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(request, status=exc.status_code, code=f"http-{exc.status_code}", detail=str(exc))


@api.exception_handler(RateLimited)
def on_rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    return too_many(request)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return problem_response(
        request,
        status=413,
        code="request-too-large",
        detail=f"The request body is over {limit:,} bytes; send files as multipart uploads.",
    )


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    if is_read_only_error(exc):
        return problem_response(
            request,
            status=503,
            code="read-only",
            detail="The register cannot save changes at the moment (maintenance); reads work. Try again later.",
            headers={"Retry-After": "600"},
        )
    logger.exception("unexpected API error", exc_info=exc)
    return problem_response(
        request,
        status=500,
        code="internal-error",
        detail="Something went wrong on our side; it has been logged.",
    )


def api_not_found(request: HttpRequest) -> HttpResponse:
    """Any address under ``/api/`` that no operation serves: the API's 404, not the site's HTML page."""
    return problem_response(request, status=404, code="not-found", detail="There is no API operation at this address.")
