"""The uploaded files under MEDIA_ROOT: their sizes and checksums, and adding one to an
archive while hashing exactly the bytes that went in."""

from __future__ import annotations

import hashlib
import tarfile
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from .manifest import FileState


class _HashingReader:
    """Reads a file for the archive and hashes exactly the bytes that went in."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.hash.update(chunk)
        return chunk


def file_state(path: Path) -> FileState:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return FileState(bytes=path.stat().st_size, sha256=digest.hexdigest())


def media_files(root: Path) -> list[tuple[str, Path]]:
    """Every regular file under ``root`` (links are not followed), by its relative name."""
    if not root.is_dir():
        return []
    return [
        (path.relative_to(root).as_posix(), path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT).resolve()


def media_state(root: Path | None = None) -> dict[str, FileState]:
    """Size and checksum of every file under MEDIA_ROOT (or ``root``)."""
    return {name: file_state(path) for name, path in media_files(root or media_root())}


def archive_add(tar: tarfile.TarFile, source: Path, name: str) -> FileState:
    """Add ``source`` to the archive as ``name``, readable only by its owner."""
    info = tar.gettarinfo(str(source), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    with source.open("rb") as raw:
        reader = _HashingReader(raw)
        tar.addfile(info, reader)
    return FileState(bytes=info.size, sha256=reader.hash.hexdigest())
