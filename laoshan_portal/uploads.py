"""Uploaded photos: checked by content, size-limited, and served only through scoped views.

Files live under MEDIA_ROOT, which no URL serves directly: a view fetches the owning
record through its scope first and then returns the file with ``photo_response``.
"""

from __future__ import annotations

import uuid
import warnings
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
# More than any phone's camera (a 50-megapixel photo is 8,160 × 6,120): a larger image in
# a small file is a decompression bomb, which would take the server's memory to open.
MAX_PIXELS = 60_000_000
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
EXTENSIONS = {content_type: kind.lower() for kind, content_type in FORMATS.items()}


def validate_image(upload: Any) -> str:
    """Refuse anything but a real JPEG/PNG/WebP/GIF of at most 5 MB; returns its type."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("A photo may be at most 5 MB."), code="too_large")
    too_large = ValidationError(
        _("This picture has too many pixels for a photo (at most 60 megapixels)."),
        code="too_many_pixels",
    )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind = image.format or ""
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise too_large
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
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


def stored_name(content_type: str) -> str:
    """A file name of our own for an upload, with the extension of its detected type: the
    name it came with may hold anything (``poly.html``)."""
    return f"{uuid.uuid4().hex}.{EXTENSIONS.get(content_type, 'img')}"
