"""Where uploaded decision files live while an audit needs them."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings

from algoscope.audits.models import Audit

UPLOAD_DIR = "audit-uploads"


def upload_path(audit: Audit, name: str) -> Path:
    suffix = ".parquet" if name.lower().endswith((".parquet", ".pq")) else ".csv"
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR / str(audit.pk) / f"input{suffix}"


def discard_upload(audit: Audit) -> None:
    """Delete the raw decisions (the counts table in the result is what an audit keeps); the caller saves."""
    if audit.upload:
        shutil.rmtree((Path(settings.MEDIA_ROOT) / audit.upload).parent, ignore_errors=True)
        audit.upload = ""
