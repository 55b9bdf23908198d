"""The documented production settings pass Django's deployment checks with no warning, and every response carries
the security headers."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from django.test import Client


def test_the_documented_production_settings_pass_check_deploy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("ALGOSCOPE_", "DJANGO_", "DATABASE_"))
    }
    env.update(
        {
            "ALGOSCOPE_ENV_FILE": str(tmp_path / "none"),
            "ALGOSCOPE_SECRET_KEY": secrets.token_urlsafe(50),
            "ALGOSCOPE_ALLOWED_HOSTS": "register.example.be",
            "ALGOSCOPE_HTTPS": "1",
            "ALGOSCOPE_DATA_DIR": str(tmp_path),
            "ALGOSCOPE_EMAIL_URL": "smtp://algoscope:secret@mail.example.be:587",
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "algoscope", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_every_page_has_a_content_security_policy(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
