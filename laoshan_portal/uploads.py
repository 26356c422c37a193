"""Uploaded photos: checked by content, size-limited, and served only through scoped views.

Files live under MEDIA_ROOT, which no URL serves directly: a view fetches the owning
record through its scope first and then returns the file with ``photo_response``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def validate_image(upload: Any) -> str:
    """Refuse anything but a real JPEG/PNG/WebP/GIF of at most 5 MB; returns its type."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("A photo may be at most 5 MB."), code="too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("This file is not a photo."), code="not_image") from None
    finally:
        upload.seek(0)
    if kind not in FORMATS:
        raise ValidationError(_("Use a JPEG, PNG, WebP or GIF photo."), code="format")
    return FORMATS[kind]


def photo_response(field_file: Any, content_type: str = "") -> FileResponse:
    response = FileResponse(field_file.open("rb"), content_type=content_type or None)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response
