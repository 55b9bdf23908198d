"""A process killed in the middle of its work leaves nothing half-written, and no job "running" for ever.

Real processes on their own SQLite database, killed with SIGKILL (no clean-up of any kind): the worker
(``algoscope work``) while it computes a panel selection and while it computes an audit; ``algoscope import`` while
it plans and writes hundreds of records."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.own_database  # each test migrates a SQLite file of its own: once is enough

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


def _environment(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    db = tmp_path / "db.sqlite3"
    return db, {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "ALGOSCOPE_DATA_DIR": str(tmp_path),
        "ALGOSCOPE_JOBS": "database",
        "ALGOSCOPE_ENV_FILE": str(tmp_path / "none.env"),
    }


@pytest.mark.slow
def test_a_killed_worker_leaves_no_job_running_for_ever(tmp_path: Path) -> None:
    db, env = _environment(tmp_path)
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
    assert "0 panels, " in _run(env, "work", "--once")
    with sqlite3.connect(db) as connection:
        status, errors = connection.execute("SELECT status, errors FROM sortition_panel").fetchone()
    assert status == "failed" and "the computation stopped at {stage}" in errors and "start it again" in errors
    assert f'"stage": "{stage}"' in errors  # kept as a template and its values: shown in each reader's language
    # and the organiser can compute it again
    assert "restarted queued" in _run(env, "shell", "-c", RESTART)
    assert "1 panels, " in _run(env, "work", "--once")
    assert _panel(db)[0] == "computed"


AUDIT_SETUP = """
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from algoscope.accounts import services as account_services
from algoscope.accounts.models import Membership, SiteRole
from algoscope.accounts.permissions import Actor
from algoscope.audits import services
from algoscope.register import services as register
from tests.conftest import content
org = account_services.organisation_create(
    actor=Actor.for_system("test"), name={{"nl": "Stad"}}, org_type="municipal", country="BE",
    identifier_scheme="kbo", identifier="0207.451.227",
)
people = {{}}
for role in ("editor", "reviewer", "auditor"):
    people[role] = get_user_model().objects.create_user(username=role, password="a-long-password-1")
Membership.objects.create(user=people["editor"], organisation=org, role="editor")
Membership.objects.create(user=people["reviewer"], organisation=org, role="reviewer")
SiteRole.objects.create(user=people["auditor"], role="auditor")
record = register.algorithm_create(actor=Actor(user=people["editor"]), organisation=org, content=content())
register.algorithm_submit(actor=Actor(user=people["editor"]), algorithm=record)
register.algorithm_publish(actor=Actor(user=people["reviewer"]), algorithm=record)
auditor = Actor(user=people["auditor"])
audit = services.audit_create(actor=auditor, algorithm=record, title="Check")
upload = SimpleUploadedFile("decisions.csv", open({path!r}, "rb").read(), content_type="text/csv")
with transaction.atomic():
    services.audit_set_data(actor=auditor, audit=audit, upload=upload, parameters={parameters!r})
"""
AUDIT_RERUN = """
from django.db import transaction
from algoscope.accounts.permissions import Actor
from algoscope.audits import services
from algoscope.audits.models import Audit
audit = Audit.objects.get()
with transaction.atomic():
    services.audit_rerun(actor=Actor(user=audit.auditor), audit=audit, parameters={parameters!r})
print("rerun", Audit.objects.get().status)
"""
AUDIT_PARAMETERS = {"protected": "race, sex", "label": "outcome", "prediction": "flagged", "reference": ""}


def _audit(db: Path) -> tuple[str, str, Any, str]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT status, progress_stage, result, upload FROM audits_audit").fetchone()


def _decisions(path: Path, rows: int) -> None:
    """A decisions file the job reads for about a second: long enough to be killed in the middle."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(7)
    frame = pl.DataFrame(
        {
            "race": rng.choice(["A", "B", "C"], rows),
            "sex": rng.choice(["F", "M"], rows),
            "outcome": rng.integers(0, 2, rows),
            "flagged": rng.integers(0, 2, rows),
        }
    )
    frame.write_csv(path)


@pytest.mark.slow
def test_a_worker_killed_during_an_audit_stores_no_result_and_the_audit_can_run_again(tmp_path: Path) -> None:
    db, env = _environment(tmp_path)
    decisions = tmp_path / "decisions.csv"
    _decisions(decisions, 5_000_000)
    _run(env, "migrate", "-v0")
    _run(env, "shell", "-c", AUDIT_SETUP.format(path=str(decisions), parameters=AUDIT_PARAMETERS))
    assert _audit(db)[0] == "queued"
    worker = subprocess.Popen([*ALGOSCOPE, "work"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while _audit(db)[0] != "running":  # claimed: from here until the one final transaction
            assert time.monotonic() < deadline and worker.poll() is None, "the worker did not start the job"
            time.sleep(0.005)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    status, stage, result, upload = _audit(db)
    assert (status, result) == ("running", None), "the job finished before it was killed; nothing was tested"
    assert upload  # the decisions file stays for the next run
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE audits_audit SET heartbeat_at = datetime('now', '-2 hours')")
    _run(env, "work", "--once")
    with sqlite3.connect(db) as connection:
        status, errors, result = connection.execute("SELECT status, errors, result FROM audits_audit").fetchone()
    assert status == "failed" and result is None and f'"stage": "{stage}"' in errors and "stopped at {stage}" in errors
    assert "rerun queued" in _run(env, "shell", "-c", AUDIT_RERUN.format(parameters=AUDIT_PARAMETERS))
    _run(env, "work", "--once")
    status, _stage, result, _upload = _audit(db)
    assert status == "ready" and '"rows": 5000000' in result
    print(f"audit of 5,000,000 rows: worker killed at {stage!r}, no result; failed with its reason; computed again")


IMPORT_SETUP = """
from algoscope.accounts import services as account_services
from algoscope.accounts.permissions import Actor
account_services.organisation_create(
    actor=Actor.for_system("test"), name={"nl": "Gemeente Amsterdam"}, org_type="municipal", country="NL",
    identifier_scheme="oin", identifier="00000001002564440000",
)
"""
NL_EXAMPLE = ROOT.parent / "shared/data/standards/nl-algoritmeregister/examples/Gemeente_Amsterdam.json"


def _records(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT COUNT(*) FROM register_algorithm").fetchone()[0]


@pytest.mark.slow
def test_an_import_killed_at_any_moment_writes_all_records_or_none(tmp_path: Path) -> None:
    """Hundreds of real Dutch register records (one record, renamed): the import is killed after a growing delay
    until it gets to finish; every time before that the register holds none of them."""
    db, env = _environment(tmp_path)
    (record,) = json.loads(NL_EXAMPLE.read_text(encoding="utf-8"))
    copies = [{**record, "id": f"{record['id']}-{i}", "name": f"{record['name']} {i}"} for i in range(400)]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(copies), encoding="utf-8")
    _run(env, "migrate", "-v0")
    _run(env, "shell", "-c", IMPORT_SETUP)
    command = [
        *ALGOSCOPE,
        "import",
        str(path),
        "--standard",
        "nl-algoritmeregister",
        "--organisation",
        "00000001002564440000",
    ]
    killed = 0
    for delay in (1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 20.0, 40.0):
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            written = _records(db)
            assert written in (0, 400), f"killed after {delay} s: a half-written import ({written} of 400)"
            if written:  # killed after its one transaction committed (printing the report): all of them
                break
            killed += 1
            continue
        assert process.returncode == 0, process.stderr.read()[-2000:] if process.stderr else ""
        break
    assert killed >= 2, "the import finished too fast to be killed in the middle"
    assert _records(db) == 400
    print(f"import of 400 records: killed {killed} times (after 1 to {delay} s), none written; then all 400")


IMPORT_JOB_SETUP = (
    IMPORT_SETUP
    + """
from pathlib import Path
from django.contrib.auth import get_user_model
from algoscope.accounts.models import Membership, Organisation
from algoscope.interop.jobs import import_submit
org = Organisation.objects.get()
user = get_user_model().objects.create_user(username="editor", password="a-long-password-1")
Membership.objects.create(user=user, organisation=org, role="editor")
job = import_submit(
    actor=Actor(user=user), organisation=org, standard="nl-algoritmeregister",
    data=Path(__PATH__).read_bytes(), filename="records.json", dry_run=False,
)
print(job.pk)
"""
)


def _import_job(db: Path) -> tuple[str, str, float, str]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT status, progress_stage, progress, errors FROM interop_importjob").fetchone()


@pytest.mark.slow
def test_a_worker_killed_during_an_import_job_writes_no_record_and_the_job_fails_with_its_reason(
    tmp_path: Path,
) -> None:
    """The worker reads an uploaded file of 600 real Dutch register records (one, renamed) and is killed while it
    writes them: no record is written, and the housekeeping fails the job with the stage it reached."""
    db, env = _environment(tmp_path)
    (record,) = json.loads(NL_EXAMPLE.read_text(encoding="utf-8"))
    copies = [{**record, "id": f"{record['id']}-{i}", "name": f"{record['name']} {i}"} for i in range(600)]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(copies), encoding="utf-8")
    _run(env, "migrate", "-v0")
    _run(env, "shell", "-c", IMPORT_JOB_SETUP.replace("__PATH__", repr(str(path))))
    assert _import_job(db)[0] == "queued"
    worker = subprocess.Popen([*ALGOSCOPE, "work"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while _import_job(db)[1] != "writing":  # planned; writing in one transaction
            assert time.monotonic() < deadline and worker.poll() is None, "the worker did not get far in the job"
            time.sleep(0.01)
        time.sleep(0.3)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    status, stage, progress, _errors = _import_job(db)
    assert status == "running", "the job finished before it was killed; nothing was tested"
    assert _records(db) == 0, f"killed at {stage} ({progress:.0%}): a half-written import"
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE interop_importjob SET heartbeat_at = datetime('now', '-2 hours')")
    _run(env, "work", "--once")
    status, _stage, _progress, errors = _import_job(db)
    assert status == "failed" and "stopped at {stage}" in errors and f'"stage": "{stage}"' in errors
    assert _records(db) == 0
    print(f"import job of 600 records: worker killed at {stage!r} ({progress:.0%}), none written; failed with reason")
