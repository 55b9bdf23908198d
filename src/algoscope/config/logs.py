"""Log lines as JSON objects, one a line, for a log collector (``ALGOSCOPE_LOG_FORMAT=json``): the application's
(``settings.LOGGING``) and the web server's own (``config.gunicorn.JsonLogger``: gunicorn's errors and its access
log, whose fields become keys instead of one Apache-style line)."""

from __future__ import annotations

import logging
import os
from typing import Any

from pythonjsonlogger.json import JsonFormatter

FIELDS = "%(levelname)s %(name)s %(message)s %(process)d"
RENAMED = {"levelname": "level", "name": "logger"}


def json_wanted() -> bool:
    return os.environ.get("ALGOSCOPE_LOG_FORMAT") == "json"


def json_formatter() -> logging.Formatter:
    """``time`` is ISO 8601 in UTC with microseconds: the web server's master process and the application (which
    sets Brussels time) would otherwise write local times without an offset, an hour apart."""
    return JsonFormatter(FIELDS, rename_fields=RENAMED, timestamp="time")


def access_fields(resp: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
    """What the access log records of one request (the fields of gunicorn's default line, the referrer left out)."""
    status = str(getattr(resp, "status", "") or "").split(None, 1)
    return {
        "method": environ.get("REQUEST_METHOD", ""),
        "path": str(environ.get("RAW_URI") or environ.get("PATH_INFO", "")).split("?", 1)[0],  # as sent
        "query": environ.get("QUERY_STRING", ""),
        "status": int(status[0]) if status and status[0].isdigit() else None,
        "bytes": getattr(resp, "sent", None),
        "duration_ms": round(request_time.total_seconds() * 1000, 1),
        "remote": environ.get("REMOTE_ADDR", ""),
        "user_agent": environ.get("HTTP_USER_AGENT", ""),
    }
