"""The file storage setting: a folder by default, or an S3-compatible object store shared by every machine; and
where the cached public answers are kept (``page_cache``).

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
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured


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


def page_cache(environ: Mapping[str, str], data_dir: Path) -> dict[str, Any]:
    """Where the anonymous public answers are kept (``common.public_cache``), from ``ALGOSCOPE_PAGE_CACHE``:
    ``memory`` (each process its own: the default, and all a single process needs), ``folder`` (one folder under
    the data directory that a machine's web workers share, with diskcache, at most ``ALGOSCOPE_PAGE_CACHE_MB``: what
    ``config/gunicorn.py`` chooses), or a Django cache backend's class with ``ALGOSCOPE_PAGE_CACHE_LOCATION``
    (Django's ``RedisCache`` and a Redis URL, for several machines). The folder's values are read back with pickle:
    only the platform may write there."""
    kind = environ.get("ALGOSCOPE_PAGE_CACHE", "memory")
    options = {"MAX_ENTRIES": int(environ.get("ALGOSCOPE_PAGE_CACHE_ENTRIES", "1000"))}
    if kind == "memory":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages", "OPTIONS": options}
    if kind == "folder":  # diskcache: sharded SQLite files, safe for many processes, oldest out when full
        location = environ.get("ALGOSCOPE_PAGE_CACHE_LOCATION") or str(data_dir / "cache" / "pages")
        megabytes = int(environ.get("ALGOSCOPE_PAGE_CACHE_MB", "512"))
        return {
            "BACKEND": "algoscope.common.disk_cache.KeptOpenDiskCache",
            "LOCATION": location,
            "SHARDS": 8,
            "DATABASE_TIMEOUT": 0.05,  # a busy shard is a miss (computed again), never a wait
            "OPTIONS": {"size_limit": megabytes * 1_048_576},
        }
    shared = environ.get("ALGOSCOPE_PAGE_CACHE_LOCATION", "")
    if not shared:
        raise ImproperlyConfigured(
            f"ALGOSCOPE_PAGE_CACHE={kind!r} needs ALGOSCOPE_PAGE_CACHE_LOCATION (e.g. a Redis URL)"
        )
    return {"BACKEND": kind, "LOCATION": shared, "OPTIONS": options}
