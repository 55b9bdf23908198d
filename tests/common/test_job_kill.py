"""A worker killed in the middle of a job: the job does not stay "running" for ever. A real worker process
(``algoscope work``) on its own SQLite database, killed with SIGKILL while it computes a panel selection."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ALGOSCOPE = [sys.executable, "-m", "algoscope"]
SETUP = """
from pathlib import Path
from django.contrib.auth import get_user_model
from django.db import transaction
from algoscope.accounts.models import SiteRole
from algoscope.accounts import services as account_services
from algoscope.accounts.permissions import Actor
from algoscope.sortition import services
data = Path({data!r})
org = account_services.organisation_create(
    actor=Actor.for_system("test"), name={{"nl": "Stad"}}, org_type="municipal", country="BE",
    identifier_scheme="kbo", identifier="0207.451.227",
)
user = get_user_model().objects.create_user(username="organiser", password="a-long-password-1")
SiteRole.objects.create(user=user, role="organiser")
actor = Actor(user=user)
panel = services.panel_create(
    actor=actor, organisation=org, title="Panel", purpose="Why", size="80", algorithm="leximin"
)
services.panel_upload(
    actor=actor, panel=panel,
    categories=("features.csv", (data / "features.csv").read_bytes()),
    respondents=("candidates.csv", (data / "candidates.csv").read_bytes()),
)
with transaction.atomic():
    services.panel_start(actor=actor, panel=panel)
"""
RESTART = """
from django.db import transaction
from algoscope.accounts.permissions import Actor
from algoscope.sortition import services
from algoscope.sortition.models import Panel
panel = Panel.objects.get()
with transaction.atomic():
    services.panel_start(actor=Actor(user=panel.organisers.get()), panel=panel)
print("restarted", Panel.objects.get().status)
"""


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([*ALGOSCOPE, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _panel(db: Path) -> tuple[str, str, float]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT status, progress_stage, progress FROM sortition_panel").fetchone()


@pytest.mark.slow
def test_a_killed_worker_leaves_no_job_running_for_ever(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "ALGOSCOPE_DATA_DIR": str(tmp_path),
        "ALGOSCOPE_JOBS": "database",
        "ALGOSCOPE_ENV_FILE": str(tmp_path / "none.env"),
    }
    _run(env, "migrate", "-v0")
    _run(env, "shell", "-c", SETUP.format(data=str(ROOT / "tests/sortition/data/synthetic_300")))
    assert _panel(db)[0] == "queued"
    worker = subprocess.Popen(
        [*ALGOSCOPE, "work"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while _panel(db)[0] != "running" or _panel(db)[2] <= 0:
            assert time.monotonic() < deadline and worker.poll() is None, "the worker did not start the job"
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGKILL)  # mid-run: no clean-up of any kind
        worker.wait(timeout=30)
    status, stage, _progress = _panel(db)
    assert status == "running"  # what a dead process leaves behind
    # Later (the heartbeat stopped longer ago than a panel may go without reporting), any worker's housekeeping:
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE sortition_panel SET heartbeat_at = datetime('now', '-2 hours')")
    assert "0 panels done" in _run(env, "work", "--once")
    with sqlite3.connect(db) as connection:
        status, errors = connection.execute("SELECT status, errors FROM sortition_panel").fetchone()
    assert status == "failed" and f"the computation stopped at {stage}" in errors and "start it again" in errors
    # and the organiser can compute it again
    assert "restarted queued" in _run(env, "shell", "-c", RESTART)
    assert "1 panels done" in _run(env, "work", "--once")
    assert _panel(db)[0] == "computed"
