"""A database that cannot be written: public pages and API reads keep working, a write gets a 503 saying so (never
a bare "Server Error (500)"), and nothing is half-written. Run in a separate process against a real SQLite file
opened read-only, as a maintenance window or a read-only copy would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json
from django.test import Client
from django.contrib.auth import get_user_model
from algoscope.register.models import Algorithm
record = Algorithm.objects.filter(published_version__isnull=False).first()
client = Client()
out = {
    "home": client.get("/en/").status_code,
    "record": client.get(f"/en/algorithms/{record.public_id}/").status_code,
    "api": client.get("/api/v1/algorithms/").status_code,
    "feed": client.get("/feeds/publications.atom").status_code,
    "health": client.get("/health/").status_code,
}
signed = client.post("/accounts/login/", {"username": "editor.gent", "password": "algoscope-demo"})
out["sign_in"] = signed.status_code
out["sign_in_says"] = "Read-only for now" in signed.content.decode()
api = client.post("/api/v1/algorithms/", data="{}", content_type="application/json", HTTP_AUTHORIZATION="Bearer alg_x")
out["api_write"] = api.status_code
print("RESULT" + json.dumps(out))
"""


@pytest.mark.slow
def test_a_read_only_database_serves_reads_and_refuses_writes_clearly(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "ALGOSCOPE_"))},
        "DATABASE_URL": f"sqlite:///{db}",
        "ALGOSCOPE_DATA_DIR": str(tmp_path),
        "ALGOSCOPE_DEBUG": "1",
        "ALGOSCOPE_JOBS": "sync",
        "ALGOSCOPE_ENV_FILE": str(tmp_path / "none"),
    }
    run = [sys.executable, "-m", "algoscope"]
    subprocess.run([*run, "migrate", "-v0"], env=env, check=True, timeout=300)
    loader = "from algoscope.register.demo import load_demo; load_demo()"
    subprocess.run([*run, "shell", "-c", loader], env=env, check=True, timeout=300)
    before = db.read_bytes()
    done = subprocess.run(
        [*run, "shell", "-c", PROBE],
        env={**env, "ALGOSCOPE_DB_READ_ONLY": "1", "ALGOSCOPE_DEBUG": "0", "ALGOSCOPE_SECRET_KEY": "k" * 60},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    line = next((line for line in done.stdout.splitlines() if line.startswith("RESULT")), None)
    assert line is not None, done.stdout + done.stderr
    result = json.loads(line[len("RESULT") :])
    assert {key: result[key] for key in ("home", "record", "api", "feed", "health")} == dict.fromkeys(
        ("home", "record", "api", "feed", "health"), 200
    )
    assert result["sign_in"] == 503 and result["sign_in_says"]  # signing in writes last_login: refused, clearly
    assert result["api_write"] in (401, 503)  # an unknown token is refused before any write
    assert db.read_bytes() == before  # nothing written
