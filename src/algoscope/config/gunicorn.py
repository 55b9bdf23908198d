"""Gunicorn's settings for the production web server: ``gunicorn -c python:algoscope.config.gunicorn
algoscope.config.wsgi``. Each value can be set in the environment."""

from __future__ import annotations

import os

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
forwarded_allow_ips = os.environ.get("ALGOSCOPE_FORWARDED_ALLOW_IPS", "127.0.0.1")
