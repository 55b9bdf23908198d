"""The container's health check: ``python -m algoscope.config.probe`` asks this machine's web server for
``/health/`` with a host name the site allows, and exits 0 when it answers 200 (1 otherwise).

It needs no Django: it reads ``ALGOSCOPE_ALLOWED_HOSTS`` (the first name, or ``localhost``) and ``ALGOSCOPE_BIND``
(the port). ``/health/`` is exempt from the HTTPS redirect, so it works with ``ALGOSCOPE_HTTPS=1`` too."""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def probe_request(environ: dict[str, str] | os._Environ[str]) -> urllib.request.Request:
    names = [n.strip().lstrip(".") for n in environ.get("ALGOSCOPE_ALLOWED_HOSTS", "").split(",")]
    host = next((n for n in names if n and n != "*"), "localhost")
    port = environ.get("ALGOSCOPE_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
    return urllib.request.Request(f"http://127.0.0.1:{port}/health/", headers={"Host": host})


def main() -> int:
    try:
        with urllib.request.urlopen(probe_request(os.environ), timeout=4) as response:  # noqa: S310  # our own URL
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError):
        return 1


if __name__ == "__main__":
    sys.exit(main())
