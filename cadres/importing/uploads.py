"""Uploads kept between the check and the confirmation: the file and its record, by token."""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File

IMPORT_MAX_BYTES = 50 * 1024 * 1024
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def imports_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_save(*, user: Any, upload: File[bytes], filename: str) -> str:
    """Keep an upload for its confirmation; returns the token that names it."""
    _sweep_old_uploads()
    token = secrets.token_urlsafe(24)
    folder = imports_dir()
    with (folder / f"{token}.xlsx").open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    _write_meta(token, {"user": user.pk, "filename": filename[:200], "state": "uploaded"})
    return token


def upload_path(token: str, user: Any) -> Path | None:
    """The kept file if the token is well formed and the upload is this user's."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    meta = read_meta(token)
    path = imports_dir() / f"{token}.xlsx"
    if meta is None or meta.get("user") != user.pk or not path.exists():
        return None
    return path


def read_meta(token: str) -> dict[str, Any] | None:
    if not TOKEN_PATTERN.match(token or ""):
        return None
    try:
        meta: dict[str, Any] = json.loads((imports_dir() / f"{token}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return meta


def _write_meta(token: str, meta: dict[str, Any]) -> None:
    target = imports_dir() / f"{token}.json"
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    temporary.replace(target)  # atomic: a status poll never reads half a file


def update_meta(token: str, **changes: Any) -> dict[str, Any]:
    meta = read_meta(token) or {}
    meta.update(changes)
    _write_meta(token, meta)
    return meta


def _sweep_old_uploads(max_age_seconds: int = 2 * 24 * 3600) -> None:
    """Uploads never confirmed are personal data lying around: drop them after two days."""
    limit = time.time() - max_age_seconds
    for path in imports_dir().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


def progress_key(token: str) -> str:
    return f"cadres-import-progress:{token}"


def uploads_waiting() -> list[dict[str, Any]]:
    """Checked uploads nobody has confirmed yet: each upload's record with its ``token``
    and ``checked_at`` (a Unix time), oldest first. Swept after two days like the files."""
    waiting = []
    for meta_path in imports_dir().glob("*.json"):
        token = meta_path.stem
        meta = read_meta(token)
        if meta is None or meta.get("state") != "checked":
            continue
        if not (imports_dir() / f"{token}.xlsx").exists():
            continue
        try:
            checked_at = meta_path.stat().st_mtime
        except OSError:
            continue
        waiting.append({**meta, "token": token, "checked_at": checked_at})
    waiting.sort(key=lambda meta: meta["checked_at"])
    return waiting
