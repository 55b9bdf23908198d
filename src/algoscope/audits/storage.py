"""Where uploaded decision files live while an audit needs them."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from django.conf import settings

from algoscope.audits.models import Audit

UPLOAD_DIR = "audit-uploads"


def upload_path(audit: Audit, name: str) -> Path:
    """A folder of its own per upload (the audit's id and a random part): discarding it can never touch another
    audit's file, even where two databases share the media folder."""
    suffix = ".parquet" if name.lower().endswith((".parquet", ".pq")) else ".csv"
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR / f"{audit.pk}-{secrets.token_hex(8)}" / f"input{suffix}"


def discard_upload(audit: Audit) -> None:
    """Delete the raw decisions (the counts table in the result is what an audit keeps); the caller saves."""
    if audit.upload:
        shutil.rmtree((Path(settings.MEDIA_ROOT) / audit.upload).parent, ignore_errors=True)
        audit.upload = ""
