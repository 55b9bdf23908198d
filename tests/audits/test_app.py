"""Audits in the app: an auditor uploads decisions, the job computes, the report is published; bad files fail whole."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from algoscope.accounts.models import SiteRole
from algoscope.accounts.permissions import Actor
from algoscope.audits import jobs, services
from algoscope.audits.models import Audit
from algoscope.common.errors import Conflict, InvalidInput, PermissionDenied
from algoscope.common.messages import stored_text
from algoscope.common.models import AuditLogEntry
from algoscope.register.models import AlgorithmFacet

pytestmark = pytest.mark.django_db
PARAMETERS = {"protected": "race, sex", "label": "recidivism", "prediction": "high_risk", "reference": "race=Caucasian"}


@pytest.fixture(autouse=True)
def _sync_jobs(settings: Any, tmp_path: Path) -> None:
    settings.JOBS = "sync"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def auditor(make_user: Any) -> Actor:
    user = make_user()
    SiteRole.objects.create(user=user, role=SiteRole.Role.AUDITOR)
    return Actor(user=user)


@pytest.fixture
def audit(auditor: Actor, make_record: Any) -> Audit:
    return services.audit_create(actor=auditor, algorithm=make_record(), title="COMPAS-style check")


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")


def test_only_auditors_open_audits_of_published_records(editor: Actor, auditor: Actor, make_record: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.audit_create(actor=editor, algorithm=make_record(), title="x")
    with pytest.raises(InvalidInput, match="only published records"):
        services.audit_create(actor=auditor, algorithm=make_record(state="draft"), title="x")


def test_upload_computes_keeps_counts_and_deletes_raw_rows(
    audit: Audit, auditor: Actor, compas_csv: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_set_data(actor=auditor, audit=audit, upload=upload(compas_csv), parameters=PARAMETERS)
    audit.refresh_from_db()
    assert audit.status == "ready" and audit.progress == 1.0
    assert audit.result["input"]["rows"] == 6172 and audit.result["input"]["file"] == "compas.csv"
    race = next(g for g in audit.result["groupings"] if g["attributes"] == ["race"])
    assert race["reference"] == {"race": "Caucasian"}
    assert audit.upload == ""
    assert not list((Path(jobs.settings.MEDIA_ROOT) / "audit-uploads").rglob("input.*"))  # raw rows deleted
    assert AuditLogEntry.objects.filter(action="audits.audit.compute", object_id=str(audit.pk)).exists()
    assert not jobs.run_job(audit.pk)  # a job runs once: nothing is queued any more


def test_a_bad_file_fails_whole_and_can_be_rerun_with_other_settings(
    audit: Audit, auditor: Actor, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    path = tmp_path / "decisions.csv"
    path.write_text("race,sex,recidivism,high_risk\nA,F,fraud,0\nB,M,ok,1\nA,M,fraud,1\n")
    parameters = {**PARAMETERS, "reference": ""}
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_set_data(actor=auditor, audit=audit, upload=upload(path), parameters=parameters)
    audit.refresh_from_db()
    assert audit.status == "failed" and audit.result is None
    assert [stored_text(e) for e in audit.errors] == [
        "decisions.csv, column 'recidivism': has the values 'fraud', 'ok': say which one means a positive outcome "
        "(--positive-label / --positive-prediction)"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_rerun(actor=auditor, audit=audit, parameters={**parameters, "positive_label": "fraud"})
    audit.refresh_from_db()
    assert audit.status == "ready" and audit.errors == [] and audit.result["input"]["rows"] == 3
    with django_capture_on_commit_callbacks(execute=True):  # a new run that fails leaves no older result shown
        services.audit_set_data(actor=auditor, audit=audit, upload=upload(path), parameters=parameters)
    audit.refresh_from_db()
    assert audit.status == "failed" and audit.result is None


def test_failure_messages_name_the_uploaded_file_column_and_row(
    audit: Audit, auditor: Actor, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    path = tmp_path / "upload.csv"
    path.write_text("race,sex,recidivism,high_risk\nA,F,1,0\nB,,0,1\n")
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_set_data(actor=auditor, audit=audit, upload=upload(path, "besluiten.csv"), parameters=PARAMETERS)
    audit.refresh_from_db()
    assert audit.status == "failed" and audit.result is None
    assert [stored_text(e) for e in audit.errors] == [
        "besluiten.csv, column 'sex', row 3: 1 empty or missing cell (row 3); fill or remove them"
    ]
    assert audit.upload  # kept, so the auditor can fix the settings without uploading again


def test_bad_settings_store_no_file(audit: Audit, auditor: Actor, compas_csv: Path) -> None:
    with pytest.raises(InvalidInput) as exc:
        services.audit_set_data(actor=auditor, audit=audit, upload=upload(compas_csv), parameters={"protected": ""})
    assert {p.loc for p in exc.value.problems} == {("protected",), ("label",), ("prediction",)}
    audit.refresh_from_db()
    assert audit.status == "draft" and audit.upload == ""


@pytest.mark.slow
def test_publish_needs_texts_then_shows_on_the_record_and_in_the_facet(
    client: Client,
    audit: Audit,
    auditor: Actor,
    editor: Actor,
    compas_csv: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_set_data(actor=auditor, audit=audit, upload=upload(compas_csv), parameters=PARAMETERS)
    audit.refresh_from_db()
    public_url = f"/en/algorithms/{audit.algorithm.public_id}/audits/{audit.pk}/"
    assert client.get(public_url).status_code == 404  # not yet published
    with pytest.raises(InvalidInput) as exc:
        services.audit_publish(actor=auditor, audit=audit)
    assert {p.loc for p in exc.value.problems} == {("findings",), ("recommendations",)}
    services.audit_update_texts(actor=auditor, audit=audit, findings="FPR differs.", recommendations="Recalibrate.")
    services.audit_action_add(
        actor=auditor, audit=audit, description="Recalibrate", owner="Data team", due_on="2027-03-01"
    )
    services.audit_respond(actor=editor, audit=audit, response="We will recalibrate the model.")
    with pytest.raises(PermissionDenied):
        services.audit_respond(actor=auditor, audit=audit, response="not theirs")
    services.audit_publish(actor=auditor, audit=audit)
    assert AlgorithmFacet.objects.filter(algorithm=audit.algorithm, facet="has_audit", value="yes").exists()
    record = client.get(f"/en/algorithms/{audit.algorithm.public_id}/").content.decode()
    assert "COMPAS-style check" in record and "with the organisation" in record
    report = client.get(public_url).content.decode()
    assert "FPR differs." in report and "We will recalibrate the model." in report and "Data team" in report
    pdf = client.get(public_url + "report.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Recalibrate" in text and audit.result["input"]["sha256"][:16] in text
    # laid out once and then served from the cache; a new response is a new PDF, never a stale one
    from unittest import mock

    with mock.patch("algoscope.audits.views.report_pdf", side_effect=AssertionError("laid out again")):
        assert client.get(public_url + "report.pdf").content == pdf.content
    services.audit_respond(actor=editor, audit=audit, response="Recalibrated in March.")
    renewed = client.get(public_url + "report.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(renewed.content)).pages)
    assert "Recalibrated in March." in text
    french = client.get(public_url.replace("/en/", "/fr/") + "report.pdf")
    assert french.content != renewed.content  # each language its own file
    search = client.get("/api/v1/search/?has_audit=yes").json()
    assert [hit["id"] for hit in search["items"]] == [audit.algorithm.public_id]
    assert "Independent audit" in [f["label"] for f in search["facets"]]


def test_pages_for_the_auditor_and_the_organisation(
    client: Client,
    audit: Audit,
    auditor: Actor,
    editor: Actor,
    make_user: Any,
    make_org: Any,
    compas_csv: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(auditor.user)  # type: ignore[arg-type]
    page = client.get(f"/editor/audits/{audit.pk}/").content.decode()
    assert "Decision data" in page and "Upload and compute" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/editor/audits/{audit.pk}/data/",
            {**PARAMETERS, "file": upload(compas_csv), "keep_raw": "on"},
        )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == "ready" and audit.upload  # kept on request
    page = client.get(f"/editor/audits/{audit.pk}/").content.decode()
    assert "Significant disparity" in page and "Read the report" in page
    response = client.get(f"/editor/audits/{audit.pk}/report/")
    report = response.content.decode()
    assert audit.title in report and "<svg" in report  # the report itself, with its charts
    # inside the site's shell (header with the language switch, footer), styled by a stylesheet of the site's own:
    # the policy allows no inline style
    assert 'class="utrecht-page-header site-header"' in report and 'hreflang="fr"' in report and "site-footer" in report
    assert "/static/css/audit-report.css" in report and "<style" not in report
    assert "style-src 'self';" in response["Content-Security-Policy"] + ";"
    bad = client.post(f"/editor/audits/{audit.pk}/actions/", {"description": "Retrain", "owner": "", "due_on": "soon"})
    assert bad.status_code == 422  # the page again, the form as sent, each problem at its field
    page = bad.content.decode()
    assert '<span class="utrecht-form-field-error-message" id="owner-error">This field is required.</span>' in page
    assert '<span class="utrecht-form-field-error-message" id="due_on-error">Enter a valid date.</span>' in page
    assert 'aria-describedby="owner-error"' in page and 'value="Retrain"' in page
    assert not audit.actions.exists()
    dutch = client.post(
        f"/editor/audits/{audit.pk}/actions/",
        {"description": "x", "owner": "", "due_on": "2027-01-01"},
        HTTP_ACCEPT_LANGUAGE="nl",
    ).content.decode()
    assert "Dit veld is verplicht." in dutch  # in the page's language, as on every page
    wrong = client.post(
        f"/editor/audits/{audit.pk}/data/",
        {**PARAMETERS, "rerun": "1", "reference": "race", "min_cell": "-1", "encoding": "klingon"},
    )
    assert wrong.status_code == 422
    page = wrong.content.decode()
    assert "line 1: write column=value, not &#x27;race&#x27;" in page
    assert "Ensure this value is greater than or equal to 0." in page and "unknown encoding &#x27;klingon&#x27;" in page
    assert 'value="race, sex"' in page  # what the auditor typed stays
    for codec in ("base64", "rot13"):  # codecs, not text encodings: refused at the field, not in the job
        bad = client.post(f"/editor/audits/{audit.pk}/data/", {**PARAMETERS, "rerun": "1", "encoding": codec})
        assert bad.status_code == 422 and f"unknown encoding &#x27;{codec}&#x27;" in bad.content.decode()
    client.force_login(editor.user)  # type: ignore[arg-type]
    assert "Your response is published with the report." in client.get(f"/editor/audits/{audit.pk}/").content.decode()
    outsider = make_user(make_org("Elsewhere"), "editor")
    client.force_login(outsider)
    assert client.get(f"/editor/audits/{audit.pk}/").status_code == 404


def test_the_worker_runs_queued_audits(
    audit: Audit, auditor: Actor, compas_csv: Path, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Queued as a task of Django's task framework (database backend); ``algoscope work`` runs it."""
    settings.JOBS = "database"
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_set_data(actor=auditor, audit=audit, upload=upload(compas_csv), parameters=PARAMETERS)
    assert Audit.objects.get(pk=audit.pk).status == "queued"
    with pytest.raises(Conflict):
        services.audit_rerun(actor=auditor, audit=audit, parameters=PARAMETERS)
    out = io.StringIO()
    call_command("work", "--once", stdout=out)
    assert "1 audits" in out.getvalue()
    assert Audit.objects.get(pk=audit.pk).status == "ready"


def test_published_texts_and_results_are_fixed(
    audit: Audit, auditor: Actor, compas_csv: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_set_data(actor=auditor, audit=audit, upload=upload(compas_csv), parameters=PARAMETERS)
    audit.refresh_from_db()
    services.audit_update_texts(actor=auditor, audit=audit, findings="F", recommendations="R")
    services.audit_publish(actor=auditor, audit=audit)
    with pytest.raises(Conflict, match="published"):
        services.audit_update_texts(actor=auditor, audit=audit, findings="changed")
    with pytest.raises(Conflict, match="published"):  # new data would silently take the public report down
        services.audit_set_data(actor=auditor, audit=audit, upload=upload(compas_csv), parameters=PARAMETERS)
    assert Audit.objects.get(pk=audit.pk).status == "published"


def test_the_start_form_names_the_field_in_the_page_language(client: Any, auditor: Actor, make_record: Any) -> None:
    client.force_login(auditor.user)
    response = client.post(
        "/editor/audits/",
        {"algorithm": "ALG-NOPE0000", "title": "Test", "intervention": "punitive"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 422
    page = response.content.decode()
    error = '<span class="utrecht-form-field-error-message" id="algorithm-error">'
    assert f"{error}aucun algorithme publié ALG-NOPE0000</span>" in page
    assert 'value="Test"' in page and not Audit.objects.exists()
    record = make_record()
    wrong = client.post("/editor/audits/", {"algorithm": record.public_id, "title": "", "intervention": "harsh"})
    assert wrong.status_code == 422 and 'id="title-error"' in wrong.content.decode()
    assert 'id="intervention-error"' in wrong.content.decode()
    ok = client.post("/editor/audits/", {"algorithm": record.public_id, "title": "Check", "intervention": "assistive"})
    audit = Audit.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/editor/audits/{audit.pk}/"
    assert (audit.title, audit.intervention) == ("Check", "assistive")


def test_kept_and_failed_files_are_deleted_after_their_time(
    audit: Audit, auditor: Actor, tmp_path: Path, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Personal data: a failed run's file (kept to compute again) goes ``AUDIT_RAW_FILE_DAYS`` after the run."""
    import datetime as dt

    from django.utils import timezone

    from algoscope.audits.jobs import purge_raw_files
    from algoscope.common.models import AuditLogEntry

    path = tmp_path / "decisions.csv"
    path.write_text("race,sex,recidivism,high_risk\nA,F,fraud,0\nB,M,ok,1\n")
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_set_data(actor=auditor, audit=audit, upload=upload(path), parameters=PARAMETERS)
    audit.refresh_from_db()
    stored = Path(settings.MEDIA_ROOT) / audit.upload
    assert audit.status == "failed" and stored.exists()
    assert purge_raw_files() == 0 and stored.exists()  # still in its time
    later = timezone.now() + dt.timedelta(days=settings.AUDIT_RAW_FILE_DAYS, seconds=1)
    assert purge_raw_files(later) == 1
    audit.refresh_from_db()
    assert audit.upload == "" and not stored.exists()
    assert AuditLogEntry.objects.filter(action="audits.audit.discard_file", object_id=str(audit.pk)).exists()


def test_the_auditor_says_which_language_the_texts_are_in(audit: Audit, auditor: Actor) -> None:
    """The report marks the auditor's texts with their language (``tests/contract/test_page_languages.py`` reads
    the demo's English findings on French pages), so a French page reads a Dutch finding as Dutch."""
    services.audit_update_texts(actor=auditor, audit=audit, texts_language="nl", findings="Geen verschillen.")
    audit.refresh_from_db()
    assert (audit.texts_language, audit.findings) == ("nl", "Geen verschillen.")
    with pytest.raises(InvalidInput):
        services.audit_update_texts(actor=auditor, audit=audit, texts_language="xx")
