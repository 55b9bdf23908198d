"""Gunicorn's settings for the production web server: ``gunicorn -c python:algoscope.config.gunicorn
algoscope.config.wsgi``. Each value can be set in the environment."""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("ALGOSCOPE_BIND", "0.0.0.0:8000")  # inside a container or behind a proxy
# Synchronous workers: the pages are CPU-bound; two per core plus one is gunicorn's advice.
workers = int(os.environ.get("ALGOSCOPE_WEB_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
timeout = int(os.environ.get("ALGOSCOPE_WEB_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000  # a worker is replaced now and then, so a slow leak never grows
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("ALGOSCOPE_FORWARDED_ALLOW_IPS", "127.0.0.1")
