"""The files the platform keeps (audit decisions files, the PDF cache, what a backup carries), through Django's
storage API: a folder by default, or an S3-compatible object store that every machine shares
(``config/storage.py``). Nothing outside this module assumes the files are on the local disk."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, default_storage, storages


def _folder() -> Path | None:
    """The folder of a folder storage; ``None`` for an object store (no file of it is on this machine)."""
    backend = storages["default"]
    return Path(backend.location) if isinstance(backend, FileSystemStorage) else None


def save(name: str, content: File[bytes] | bytes) -> str:
    """Store ``content`` (an upload is streamed in chunks) under ``name``, replacing a file of that name; returns the
    name. Whole or not at all: a folder storage writes a temporary file beside it and renames it; an object store
    writes whole objects."""
    if _folder() is None:
        if not getattr(storages["default"], "file_overwrite", False) and default_storage.exists(name):
            default_storage.delete(name)  # a store that would pick another name rather than replace the object
        return str(default_storage.save(name, ContentFile(content) if isinstance(content, bytes) else content))
    target = Path(default_storage.path(name))
    target.parent.mkdir(parents=True, exist_ok=True)
    chunks = [content] if isinstance(content, bytes) else content.chunks()
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", delete=False) as partial:
        try:
            for chunk in chunks:
                partial.write(chunk)
            partial.flush()
            os.fsync(partial.fileno())  # on the disk before it has its name: whole after a crash too
        except BaseException:
            Path(partial.name).unlink(missing_ok=True)
            raise
    os.replace(partial.name, target)
    return name


def read(name: str) -> bytes | None:
    """The file's bytes, or ``None`` when there is no such file."""
    try:
        with default_storage.open(name, "rb") as handle:
            return bytes(handle.read())
    except (FileNotFoundError, OSError):  # gone, or deleted by another process meanwhile
        return None


def modified(name: str) -> float:
    """When the file was last written (seconds since the epoch); 0 when it is gone (another process deleted it)."""
    try:
        return float(default_storage.get_modified_time(name).timestamp())
    except (FileNotFoundError, OSError):
        return 0.0


def exists(name: str) -> bool:
    return bool(name) and bool(default_storage.exists(name))


def delete(name: str) -> None:
    """Delete a file and, on a folder storage, the folders it leaves empty (up to the storage's root)."""
    if not name:
        return
    with contextlib.suppress(FileNotFoundError):
        default_storage.delete(name)
    root = _folder()
    if root is None:
        return
    folder = Path(default_storage.path(name)).parent
    while folder != root and root in folder.parents and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


@contextlib.contextmanager
def local_path(name: str) -> Iterator[Path]:
    """A path on this machine to read the file from (engines read files, not streams): the file itself on a folder
    storage, else a temporary copy, deleted afterwards."""
    if _folder() is not None:
        yield Path(default_storage.path(name))
        return
    suffix = PurePosixPath(name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy, default_storage.open(name, "rb") as source:
        shutil.copyfileobj(source, copy, length=1 << 20)
        copy.flush()
        yield Path(copy.name)


def files(folder: str = "") -> Iterator[str]:
    """Every file's name under ``folder`` (all of them by default), folders first-to-last in name order."""
    try:
        folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(names):
        if name.startswith("."):  # a file being written (``save``) is not there yet
            continue
        yield str(PurePosixPath(folder, name)) if folder else name
    for sub in sorted(folders):
        yield from files(str(PurePosixPath(folder, sub)) if folder else sub)
