"""Imports read by the worker, not the web process: the page and the API store the file and queue a job; the job
acts with its person's (or token's) rights at the time it runs; its report is shown in the reader's language."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from algoscope.accounts.models import ApiToken
from algoscope.common import jobs
from algoscope.interop import jobs as import_jobs
from algoscope.interop.models import ImportJob
from algoscope.interop.standards import STANDARDS
from algoscope.register.models import Algorithm
from tests.register.test_api import token_for

CENTRIC = Path(__file__).resolve().parents[3] / "shared/data/standards/nl-algoritmeregister/examples/Centric.json"
IMPORT = "/api/v1/interop/nl-algoritmeregister/import"


@pytest.fixture(autouse=True)
def _queued(settings: Any, tmp_path: Path) -> None:
    settings.JOBS = "database"  # queued for a worker: the test runs the job itself
    settings.MEDIA_ROOT = tmp_path


def _never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the web process read the uploaded file")

    monkeypatch.setattr(STANDARDS["nl-algoritmeregister"], "read", refuse)


def test_the_page_stores_the_file_and_the_worker_reads_it(
    client: Client, org: Any, make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(make_user(org, "editor"))
    _never_read(monkeypatch)
    with CENTRIC.open("rb") as f:
        response = client.post(
            "/editor/import/", {"standard": "nl-algoritmeregister", "organisation": org.slug, "file": f}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/editor/import/{job.pk}/"
    waiting = client.get(response.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert job.status == "queued" and '<meta http-equiv="refresh"' in waiting and "<progress" in waiting
    assert "En attente du traitement en arrière-plan" in waiting  # the stage, in the reader's language
    monkeypatch.undo()
    assert import_jobs.run_job(job.pk) and not import_jobs.run_job(job.pk)  # run once
    done = client.get(response.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<meta http-equiv="refresh"' not in done and "Nouveau brouillon" in done
    assert Algorithm.objects.count() == 0  # a preview writes nothing


def test_a_refused_form_never_queues_a_job(client: Client, org: Any, make_user: Any) -> None:
    client.force_login(make_user(org, "editor"))
    upload = SimpleUploadedFile("records.pdf", b"%PDF-1.4")
    page = client.post(
        "/editor/import/", {"standard": "nl-algoritmeregister", "organisation": org.slug, "file": upload}
    )
    assert page.status_code == 422 and "is read from json or csv or xlsx, not &#x27;pdf&#x27;" in page.content.decode()
    assert not ImportJob.objects.exists()


def test_the_api_answers_202_for_a_large_file_and_the_job_reports_when_ready(
    client: Client, org: Any, other_org: Any, make_user: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.IMPORT_INLINE_BYTES = 1000  # Centric.json is larger
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(org, make_user)}"}
    _never_read(monkeypatch)
    with CENTRIC.open("rb") as f:
        response = client.post(f"{IMPORT}?dry_run=true", {"file": f}, **headers)
    assert response.status_code == 202, response.content
    body = response.json()
    assert response["Location"] == body["url"] == f"http://testserver/api/v1/interop/imports/{body['id']}"
    assert (body["status"], body["stage"], body["report"], body["dry_run"]) == ("queued", "queued", None, True)
    monkeypatch.undo()
    assert import_jobs.run_job(body["id"])
    ready = client.get(f"/api/v1/interop/imports/{body['id']}", **headers).json()
    assert ready["status"] == "ready" and ready["progress"] == 1.0 and ready["finished_at"]
    assert ready["report"]["counts"]["create"] == 7 and ready["report"]["dry_run"] and not ready["report"]["written"]
    assert Algorithm.objects.count() == 0
    # another organisation's token, or none, does not see the job
    elsewhere = {"HTTP_AUTHORIZATION": f"Bearer {token_for(other_org, make_user)}"}
    assert client.get(f"/api/v1/interop/imports/{body['id']}", **elsewhere).status_code == 404
    assert client.get(f"/api/v1/interop/imports/{body['id']}").status_code == 401
    # a real import of the same file, asked to run in the background although small enough
    settings.IMPORT_INLINE_BYTES = 10_000_000
    with CENTRIC.open("rb") as f:
        queued = client.post(IMPORT, {"file": f}, HTTP_PREFER="respond-async", **headers)
    assert queued.status_code == 202
    assert import_jobs.run_job(queued.json()["id"])
    written = client.get(queued.json()["url"], **headers).json()
    assert written["report"]["written"] and Algorithm.objects.filter(organisation=org, state="draft").count() == 7
    assert not list(Path(settings.MEDIA_ROOT, "import-jobs").rglob("upload.*"))  # every file deleted once read


def test_a_job_acts_with_the_rights_its_token_has_when_it_runs(
    client: Client, org: Any, make_user: Any, settings: Any
) -> None:
    """A token revoked (or expired, or its person gone) between the upload and the worker imports nothing."""
    settings.IMPORT_INLINE_BYTES = 0
    secret = token_for(org, make_user)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    with CENTRIC.open("rb") as f:
        job_id = client.post(IMPORT, {"file": f}, **headers).json()["id"]
    ApiToken.objects.update(revoked_at=timezone.now())
    assert import_jobs.run_job(job_id)
    job = ImportJob.objects.get(pk=job_id)
    assert job.status == "failed" and Algorithm.objects.count() == 0 and job.upload == ""
    assert "may no longer import" in job.errors[0]["template"]


def test_a_broken_file_is_reported_in_the_reader_s_language_and_not_kept(
    client: Client, org: Any, make_user: Any
) -> None:
    client.force_login(make_user(org, "editor"))
    upload = SimpleUploadedFile("kapot.xlsx", b"PK\x03\x04 not really a workbook")
    response = client.post(
        "/editor/import/", {"standard": "nl-algoritmeregister", "organisation": org.slug, "file": upload}
    )
    job = ImportJob.objects.get()
    assert import_jobs.run_job(job.pk)
    assert ImportJob.objects.get().status == "ready" and ImportJob.objects.get().upload == ""  # nothing to confirm
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "geen geldige Excel-werkmap" in page and "File is not" not in page  # read in English, shown in Dutch
    assert "kan zo niets worden geïmporteerd" in page and f'action="/editor/import/{job.pk}/"' not in page


def test_housekeeping_drops_unconfirmed_files_after_a_day_and_old_jobs_after_their_time(
    client: Client, org: Any, make_user: Any, settings: Any
) -> None:
    client.force_login(make_user(org, "editor"))
    for _ in range(2):
        with CENTRIC.open("rb") as f:
            client.post("/editor/import/", {"standard": "nl-algoritmeregister", "organisation": org.slug, "file": f})
    first, second = ImportJob.objects.order_by("pk")
    for job in (first, second):
        import_jobs.run_job(job.pk)
    ImportJob.objects.filter(pk=first.pk).update(created_at=timezone.now() - timezone.timedelta(hours=25))
    jobs.housekeeping()
    assert ImportJob.objects.get(pk=first.pk).upload == "" and ImportJob.objects.get(pk=second.pk).upload
    confirm = client.post(f"/editor/import/{first.pk}/", follow=True).content.decode()
    assert "has been imported or has expired" in confirm and ImportJob.objects.count() == 2
    ImportJob.objects.filter(pk=first.pk).update(created_at=timezone.now() - timezone.timedelta(days=31))
    jobs.housekeeping()
    assert list(ImportJob.objects.values_list("pk", flat=True)) == [second.pk]


def test_a_stale_job_s_reason_shows_in_the_reader_s_language(client: Client, org: Any, make_user: Any) -> None:
    """A job a dead worker left is failed by the housekeeping with its reason, kept as a template."""
    client.force_login(make_user(org, "editor"))
    with CENTRIC.open("rb") as f:
        client.post("/editor/import/", {"standard": "nl-algoritmeregister", "organisation": org.slug, "file": f})
    job = ImportJob.objects.get()
    ImportJob.objects.update(
        status="running", progress_stage="planning", heartbeat_at=timezone.now() - timezone.timedelta(hours=1)
    )
    jobs.housekeeping()
    page = client.get(f"/editor/import/{job.pk}/").content.decode()
    assert "the computation stopped at planning" in page and io  # the reason the housekeeping kept
    french = client.get(f"/editor/import/{job.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "le calcul s&#x27;est arrêté à l&#x27;étape planning" in french  # in each reader's language


def test_a_person_s_page_import_is_not_read_through_the_organisation_s_tokens(
    client: Client, org: Any, make_user: Any
) -> None:
    client.force_login(make_user(org, "editor"))
    with CENTRIC.open("rb") as f:
        client.post("/editor/import/", {"standard": "nl-algoritmeregister", "organisation": org.slug, "file": f})
    job = ImportJob.objects.get()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(org, make_user)}"}
    assert client.get(f"/api/v1/interop/imports/{job.pk}", **headers).status_code == 404


def test_a_file_over_the_limit_is_refused_before_it_is_stored(
    client: Client, org: Any, make_user: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_jobs, "DEFAULT_MAX_BYTES", 1000)
    settings.IMPORT_INLINE_BYTES = 0
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(org, make_user)}"}
    with CENTRIC.open("rb") as f:
        response = client.post(IMPORT, {"file": f}, **headers)
    assert response.status_code == 422 and "the limit is 1000" in response.content.decode()
    assert not ImportJob.objects.exists() and not Path(settings.MEDIA_ROOT, "import-jobs").exists()


def test_an_import_job_is_marked_done_in_the_transaction_that_writes_its_records(
    client: Client, org: Any, make_user: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed between the records and the job's state, a worker would leave drafts under a job that says nothing
    was imported: both are written together, or neither."""
    settings.IMPORT_INLINE_BYTES = 0
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(org, make_user)}"}
    with CENTRIC.open("rb") as f:
        job_id = client.post(IMPORT, {"file": f}, **headers).json()["id"]
    seen: list[str] = []
    original = import_jobs._ready

    def ready(job: int, report: Any) -> None:
        from django.db import connection

        seen.append("in a transaction" if connection.in_atomic_block else "outside")
        original(job, report)
        raise RuntimeError("the worker dies here")

    monkeypatch.setattr(import_jobs, "_ready", ready)
    assert import_jobs.run_job(job_id)
    job = ImportJob.objects.get(pk=job_id)
    assert seen == ["in a transaction"] and job.status == "failed" and Algorithm.objects.count() == 0
