"""RFC 7807 problem details: the one error shape of the API, pinned by a contract test.

``{"type": "urn:algoscope:problem:<code>", "title", "status", "detail", "instance", "errors": [...]}`` with
``errors[i] = {"loc": [...], "code": ..., "msg": ...}`` for input problems, served as
``application/problem+json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse

from algoscope.common.errors import Problem

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Payload too large",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


def problem_response(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    detail: str,
    errors: Iterable[Problem] = (),
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": f"urn:algoscope:problem:{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.get_full_path(),
    }
    problems = [{"loc": list(p.loc), "code": p.code, "msg": p.message} for p in errors]
    if problems:
        body["errors"] = problems
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response
