"""The container image and the compose file stay true to the project: they cannot be built on the test machine (no
container engine there), so what they rely on is checked here: the commands they run exist, every setting they
set is documented, uv is the version the Makefile installs, and the image's build step (collecting the static files
into the image, away from the data volume) works."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
CONTAINERFILE = (ROOT / "Containerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
OPERATIONS = (ROOT / "docs/operations.md").read_text()


def test_compose_runs_postgresql_the_migrations_the_web_server_and_the_worker() -> None:
    services = COMPOSE["services"]
    assert set(services) == {"db", "migrate", "web", "worker"}
    assert services["db"]["image"].startswith("postgres:15")
    commands = {name: service.get("command") for name, service in services.items() if name != "db"}
    assert commands == {"migrate": ["algoscope", "migrate", "--no-input"], "web": None, "worker": ["algoscope", "work"]}
    assert {"migrate", "work"} <= set(get_commands())
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgres://algoscope:algoscope@db:5432/")
    assert 'CMD ["gunicorn", "-c", "python:algoscope.config.gunicorn", "algoscope.config.wsgi"]' in CONTAINERFILE
    assert [name for name, service in services.items() if "build" in service] == ["web"]  # one image for all
    assert services["worker"]["healthcheck"] == {"disable": True}  # the image's check asks the web server


def test_nothing_secret_or_heavy_goes_into_the_build() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", ".git", "var"} <= set(ignored)


def test_the_health_probe_asks_with_a_host_the_site_allows(client, db) -> None:  # type: ignore[no-untyped-def]
    from algoscope.config.probe import probe_request

    request = probe_request({"ALGOSCOPE_ALLOWED_HOSTS": ".register.example.be,other", "ALGOSCOPE_BIND": "0.0.0.0:9000"})
    assert request.full_url == "http://127.0.0.1:9000/health/" and request.get_header("Host") == "register.example.be"
    assert probe_request({}).get_header("Host") == "localhost"
    with override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["register.example.be"]):
        answer = client.get("/health/", HTTP_HOST="register.example.be")  # over plain HTTP, as the probe asks
    assert answer.status_code == 200


def test_every_setting_they_use_is_documented() -> None:
    used = set(re.findall(r"\b(ALGOSCOPE_[A-Z0-9_]*[A-Z0-9])\b", CONTAINERFILE + (ROOT / "compose.yaml").read_text()))
    assert used and {name for name in used if f"`{name}`" not in OPERATIONS} == set()


def test_uv_is_the_version_the_makefile_installs() -> None:
    version = re.search(r"^UV_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), flags=re.M)
    assert version is not None and f'"uv=={version[1]}"' in CONTAINERFILE


@pytest.mark.slow
@pytest.mark.own_database
def test_the_image_build_step_collects_static_files_outside_the_data_volume(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALGOSCOPE_", "DJANGO_", "DATABASE_"))}
    env |= {
        "ALGOSCOPE_ENV_FILE": "/nonexistent",
        "ALGOSCOPE_STATIC_ROOT": str(tmp_path / "static"),
        "ALGOSCOPE_DATA_DIR": str(tmp_path / "build"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "algoscope", "collectstatic", "--no-input", "-v0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "static/css").is_dir() and list((tmp_path / "static").rglob("*.css.gz"))
    assert not (tmp_path / "build/static").exists() or not any((tmp_path / "build/static").iterdir())
