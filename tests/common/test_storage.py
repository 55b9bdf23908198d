"""Files go through Django's storage API, so an object store shared by every machine works like the folder.

The object-store runs use Django's own ``InMemoryStorage``: like S3, none of its files is on this machine, so
everything that would assume one is (the audit engine reading the decisions file, the PDF cache) is caught here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from algoscope.accounts.models import SiteRole
from algoscope.accounts.permissions import Actor
from algoscope.audits import services
from algoscope.audits.models import Audit
from algoscope.common import storage
from algoscope.common.pdf import cached_pdf
from algoscope.config.storage import s3_storage

pytestmark = pytest.mark.django_db


OBJECT_STORE = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DECISIONS = b"race,sex,outcome,flagged\n" + b"".join(
    f"{r},{s},{o},{f}\n".encode() for r in "ABC" for s in "FM" for o in (0, 1) for f in (0, 1) for _ in range(5)
)
PARAMETERS = {"protected": "race, sex", "label": "outcome", "prediction": "flagged", "reference": ""}


def test_the_object_store_setting() -> None:
    assert s3_storage({}) is None and s3_storage({"ALGOSCOPE_S3_BUCKET": " "}) is None
    setting = s3_storage(
        {
            "ALGOSCOPE_S3_BUCKET": "algoscope",
            "ALGOSCOPE_S3_ENDPOINT_URL": "https://s3.example.be",
            "ALGOSCOPE_S3_PREFIX": "/prod/",
            "ALGOSCOPE_S3_ACCESS_KEY_ID": "key",
            "ALGOSCOPE_S3_SECRET_ACCESS_KEY": "secret",
        }
    )
    assert setting is not None and setting["BACKEND"] == "storages.backends.s3.S3Storage"
    options = setting["OPTIONS"]
    assert options["bucket_name"] == "algoscope" and options["location"] == "prod"
    assert options["default_acl"] is None and options["querystring_auth"] is True and options["file_overwrite"]
    from storages.backends.s3 import S3Storage

    store = S3Storage(**options)  # the options are the backend's own (no request is made until a file is used)
    assert store.bucket_name == "algoscope" and store.endpoint_url == "https://s3.example.be"
    with pytest.raises(NotImplementedError):
        store.path("x")  # the reason the platform never asks for a local path


@pytest.fixture
def object_store(settings: Any) -> Any:
    settings.JOBS = "sync"
    with override_settings(STORAGES=OBJECT_STORE):
        assert storage._folder() is None
        yield default_storage


def test_an_audit_computes_from_an_object_store_and_deletes_its_file(
    object_store: Any, make_record: Any, make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = make_user()
    SiteRole.objects.create(user=user, role=SiteRole.Role.AUDITOR)
    auditor = Actor(user=user)
    audit = services.audit_create(actor=auditor, algorithm=make_record(), title="Check")
    upload = SimpleUploadedFile("decisions.csv", DECISIONS, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_set_data(actor=auditor, audit=audit, upload=upload, parameters=PARAMETERS, keep_raw=True)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.READY and audit.result["input"]["rows"] == 120
    assert list(storage.files()) == [audit.upload]  # kept, as asked
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_rerun(actor=auditor, audit=audit, parameters={**PARAMETERS, "reference": "race=A"})
    audit.refresh_from_db()
    assert audit.status == Audit.Status.READY
    again = SimpleUploadedFile("more.csv", DECISIONS, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_set_data(actor=auditor, audit=audit, upload=again, parameters=PARAMETERS)
    audit.refresh_from_db()
    assert audit.upload == "" and list(storage.files()) == []  # the earlier file and this one are gone


def test_the_pdf_cache_lives_in_the_storage(object_store: Any) -> None:
    rendered: list[int] = []

    def render() -> bytes:
        rendered.append(1)
        return b"%PDF-1.7 one"

    assert cached_pdf("audit/1", ["en", 1], render) == b"%PDF-1.7 one"
    assert cached_pdf("audit/1", ["en", 1], render) == b"%PDF-1.7 one" and len(rendered) == 1
    for n in range(12):
        cached_pdf("audit/1", ["en", n + 2], lambda: b"%PDF-1.7 more")
    assert len(list(storage.files("cache/audit/1"))) == 8  # the newest few are kept


def test_a_folder_storage_writes_whole_files_and_removes_empty_folders(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    name = storage.save("a/b/file.bin", b"x" * 10)
    assert (tmp_path / "a/b/file.bin").read_bytes() == b"x" * 10
    assert storage.save("a/b/file.bin", b"y") == name and storage.read(name) == b"y"  # replaced, same name
    assert [p.name for p in (tmp_path / "a/b").iterdir()] == ["file.bin"]  # no temporary file left
    with storage.local_path(name) as path:
        assert path == tmp_path / "a/b/file.bin"
    storage.delete(name)
    assert not (tmp_path / "a").exists() and tmp_path.exists()
    assert storage.read("a/b/file.bin") is None and list(storage.files()) == []
