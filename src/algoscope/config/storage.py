"""The file storage setting: a folder by default, or an S3-compatible object store shared by every machine.

``ALGOSCOPE_S3_BUCKET`` turns the object store on (django-storages' ``S3Storage``); the other variables are the
usual ones of S3-compatible services (AWS, MinIO, Ceph, Scaleway, OVH): ``ALGOSCOPE_S3_ENDPOINT_URL``,
``ALGOSCOPE_S3_REGION``, ``ALGOSCOPE_S3_ACCESS_KEY_ID`` and ``ALGOSCOPE_S3_SECRET_ACCESS_KEY`` (or the machine's
own credentials when unset), ``ALGOSCOPE_S3_PREFIX`` (a folder inside the bucket). Files are private: the
platform serves what is public itself, so no object is ever readable from the bucket directly. The key needs
``s3:GetObject``, ``s3:PutObject``, ``s3:DeleteObject`` and ``s3:ListBucket`` on the bucket (without the last, a
missing file answers "forbidden" instead of "not found").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def s3_storage(environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The ``STORAGES["default"]`` entry for an object store, or ``None`` when ``ALGOSCOPE_S3_BUCKET`` is unset."""
    bucket = environ.get("ALGOSCOPE_S3_BUCKET", "").strip()
    if not bucket:
        return None
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "default_acl": None,  # the bucket's own (private) policy: new AWS buckets refuse object ACLs
        "querystring_auth": True,  # never a public object URL
        "file_overwrite": True,  # a PUT replaces an object whole: the platform chooses unique names itself
        "max_memory_size": 16 * 1024 * 1024,  # a larger file read is spooled to disk, never held in memory
        "location": environ.get("ALGOSCOPE_S3_PREFIX", "").strip("/"),
    }
    for name, option in (
        ("ALGOSCOPE_S3_ENDPOINT_URL", "endpoint_url"),
        ("ALGOSCOPE_S3_REGION", "region_name"),
        ("ALGOSCOPE_S3_ACCESS_KEY_ID", "access_key"),
        ("ALGOSCOPE_S3_SECRET_ACCESS_KEY", "secret_key"),
    ):
        if environ.get(name):
            options[option] = environ[name]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
