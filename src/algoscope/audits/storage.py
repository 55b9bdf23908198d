"""Where uploaded decision files live while an audit needs them (``common.storage``: a folder or an object store)."""

from __future__ import annotations

import secrets

from algoscope.audits.models import Audit
from algoscope.common import storage

UPLOAD_DIR = "audit-uploads"


def upload_name(audit: Audit, name: str) -> str:
    """A folder of its own per upload (the audit's id and a random part): discarding it can never touch another
    audit's file, even where two databases share the storage."""
    suffix = ".parquet" if name.lower().endswith((".parquet", ".pq")) else ".csv"
    return f"{UPLOAD_DIR}/{audit.pk}-{secrets.token_hex(8)}/input{suffix}"


def discard_upload(audit: Audit) -> None:
    """Delete the raw decisions (the counts table in the result is what an audit keeps); the caller saves."""
    if audit.upload:
        storage.delete(audit.upload)
        audit.upload = ""
