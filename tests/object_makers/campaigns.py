"""Object makers of the campaigns: an activity and a photo of one, in a given area."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from campaigns.models import ActivityPhoto, Campaign, CampaignActivity

# One small file shared by every photo made here, so the walk leaves one file behind.
PHOTO_NAME = "campaigns/photos/scope-test.png"


def png_bytes(colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, "PNG")
    return buffer.getvalue()


def bomb_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A real PNG of ``width`` × ``height`` black pixels, a few dozen KB on disk: what an
    attacker sends to make the server decode hundreds of megabytes."""
    row = b"\0" + b"\0" * ((width + 7) // 8)  # filter byte, then 1-bit pixels
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def make_activity(area: Any, **fields: Any) -> CampaignActivity:
    values = {
        "campaign_id": "civilised_customs",
        "date": date(2024, 5, 1),
        "title": "文明礼仪进小区",
        "theme": "civility",
        "people_reached": 80,
        **fields,
    }
    return CampaignActivity.objects.create(area=area, **values)


def make_photo(area: Any) -> ActivityPhoto:
    if not default_storage.exists(PHOTO_NAME):
        default_storage.save(PHOTO_NAME, ContentFile(png_bytes()))
    return ActivityPhoto.objects.create(
        activity=make_activity(area), file=PHOTO_NAME, content_type="image/png"
    )


MAKERS = {
    # A fixed row with no area: the attack tests need one to fill in the admin's URLs.
    Campaign: lambda area: Campaign.objects.get(code="civilised_customs"),
    CampaignActivity: make_activity,
    ActivityPhoto: make_photo,
}
