"""A whole platform in one file, and back: every app's rows (``dumpdata`` with their ids, and natural keys for
Django's own registries, so they load into any database, SQLite or PostgreSQL) and every stored file (uploads,
kept audit files, panel files, cached PDFs).

``backup`` writes ``data.xml``, ``media/`` (every file of the file storage, a folder or an object store) and
``manifest.json`` (what is inside, with the SHA-256 of each part) into a ``.tar.gz``; ``restore`` checks the
manifest, refuses a database that already holds an organisation or an account, loads the rows in one transaction,
writes the files (never outside the file storage) and rebuilds the search index, which is derived data."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from algoscope import __version__
from algoscope.common import storage
from algoscope.register.services.algorithms import first_publication_dates_fill

# Transient or derived tables: sessions, sign-in throttling, finished task results, Django's own registries (the
# migrations recreate them), the admin's history (the audit log is the record).
EXCLUDED = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "django_tasks_database",
    "common.PublicGeneration",  # derived, like the search index: the restore raises it afresh (cached answers end)
)


class BackupError(Exception):
    pass


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _add(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    archive.addfile(info, io.BytesIO(content))


def backup(target: Path) -> dict[str, Any]:
    """Write the platform to ``target`` (.tar.gz); return the manifest."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        "--natural-foreign",  # permissions and content types by name: the target's own ids may differ
        "--format=xml",  # times to the microsecond (Django's JSON keeps milliseconds)
        *[f"--exclude={name}" for name in EXCLUDED],
        stdout=out,
    )
    data = out.getvalue().encode()
    names = sorted(storage.files())  # the file storage: a folder, or an object store
    hashes: dict[str, str] = {}
    manifest: dict[str, Any] = {
        "format": "algoscope-backup-1",
        "software": __version__,
        "rows": data.count(b"<object "),
        "data_sha256": _sha256(data),
        "files": hashes,
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with tarfile.open(partial, "w:gz") as archive:
        _add(archive, "data.xml", data)
        for name in names:
            content = storage.read(name)
            if content is None:  # deleted meanwhile (a purge, a replaced cache file)
                continue
            hashes[name] = _sha256(content)
            _add(archive, f"media/{name}", content)
        _add(archive, "manifest.json", json.dumps(manifest, indent=1).encode())  # last: it lists what came before
    partial.replace(target)  # a backup file is whole, or not there
    return manifest


def restore(source: Path) -> dict[str, Any]:
    """Load a backup into an empty, migrated database and its files into the media folder; return the manifest."""
    from algoscope.accounts.models import Organisation

    if Organisation.objects.exists() or get_user_model().objects.exists():
        raise BackupError("the database is not empty: restore into a freshly migrated database")
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115  # closed below
    except tarfile.TarError as exc:
        raise BackupError(f"{source}: not an Algoscope backup ({exc})") from exc
    with archive:
        try:
            manifest: dict[str, Any] = json.loads(archive.extractfile("manifest.json").read())  # type: ignore[union-attr]
            data = archive.extractfile("data.xml").read()  # type: ignore[union-attr]
        except (KeyError, AttributeError, json.JSONDecodeError) as exc:
            raise BackupError(f"{source}: not an Algoscope backup ({exc})") from exc
        if manifest.get("format") != "algoscope-backup-1" or _sha256(data) != manifest.get("data_sha256"):
            raise BackupError(f"{source}: the data does not match its manifest (damaged or altered)")
        members = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
        unpacked = {}
        for member in members:
            name = member.name[len("media/") :]
            if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
                raise BackupError(f"{source}: the file {name} would land outside the file storage")
            content = archive.extractfile(member).read()  # type: ignore[union-attr]
            if manifest["files"].get(name) != _sha256(content):
                raise BackupError(f"{source}: the file {name} does not match its manifest")
            unpacked[name] = content
        if set(unpacked) != set(manifest["files"]):
            raise BackupError(f"{source}: files are missing from the backup")
    with tempfile.NamedTemporaryFile(suffix=".xml") as rows, transaction.atomic():
        rows.write(data)
        rows.flush()
        if manifest["rows"]:
            call_command("loaddata", rows.name, verbosity=0)
        first_publication_dates_fill()  # a backup from before the date was stored on the record
        call_command("reindex_search", stdout=io.StringIO())
    for name, content in unpacked.items():
        storage.save(name, content)
    return manifest
