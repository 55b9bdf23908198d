"""Gunicorn's settings for the production web server: ``gunicorn -c python:algoscope.config.gunicorn
algoscope.config.wsgi``. Each value can be set in the environment."""

from __future__ import annotations

import os
from typing import Any

from gunicorn import glogging

from algoscope.config.logs import access_fields, json_formatter, json_wanted

# The workers share one cache of public answers (a folder under the data directory), so that a page computed by one
# is served by all, and a worker replaced after max_requests starts warm (config/storage.py: page_cache).
os.environ.setdefault("ALGOSCOPE_PAGE_CACHE", "folder")

bind = os.environ.get("ALGOSCOPE_BIND", "0.0.0.0:8000")  # inside a container or behind a proxy
# Synchronous workers: the pages are CPU-bound; two per core plus one is gunicorn's advice, counting the cores this
# process may use (not the host's), and at most 17, so that the database's connections suffice (PostgreSQL allows
# 100 by default: a few machines of web workers, the task workers and the migrations).
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
workers = int(os.environ.get("ALGOSCOPE_WEB_WORKERS", str(min(2 * CORES + 1, 17))))
timeout = int(os.environ.get("ALGOSCOPE_WEB_TIMEOUT", "60"))
graceful_timeout = 30
# A worker is replaced now and then, so that a slow leak never grows; not often, for a new one pays its start again
# (the code, the translations, and at 100,000 records some seconds to build its facet index): every 2,000 requests
# cost a quarter of the CPU under load.
max_requests = int(os.environ.get("ALGOSCOPE_WEB_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
if json_wanted():  # its own lines as JSON too, as the application's (config/logs.py)
    logger_class = "algoscope.config.gunicorn.JsonLogger"
forwarded_allow_ips = os.environ.get("ALGOSCOPE_FORWARDED_ALLOW_IPS", "127.0.0.1")


class JsonLogger(glogging.Logger):  # type: ignore[misc]
    """Gunicorn's ``logger_class`` when the logs are JSON (chosen above)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if getattr(handler, "_gunicorn", False):
                    handler.setFormatter(json_formatter())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        try:  # as gunicorn does: a log line never fails a request (its answer is closed after this)
            fields = access_fields(resp, environ, request_time)
            self.access_log.info("%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields)
        except Exception:
            self.exception("the access log line could not be written")
