"""The five campaigns' activities and their photos."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date

import factory
from PIL import Image

from campaigns.models import ActivityParticipant, ActivityPhoto, Campaign, CampaignActivity
from tests.factories import ChildFactory, parent_in_area
from tests.factories.accounts import AreaFactory
from tests.factories.cadres import ParticipantFactory


def png_bytes(colour: str = "red") -> bytes:
    """A 4 × 4 PNG of one colour."""
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


class CampaignFactory(ChildFactory):
    """One of the five campaigns the data migration makes (they have no area)."""

    class Meta:
        model = Campaign
        django_get_or_create = ("code",)

    code = Campaign.Code.CIVILISED_CUSTOMS


class CampaignActivityFactory(factory.django.DjangoModelFactory):
    """A civilised customs activity (文明礼仪进小区) in ``area``; a lecture of red heritage
    needs ``campaign_id="red_heritage"`` and its lecturer, venue, unit, topic and audience."""

    class Meta:
        model = CampaignActivity

    campaign_id = Campaign.Code.CIVILISED_CUSTOMS
    area = factory.SubFactory(AreaFactory)
    date = date(2024, 5, 1)
    title = "文明礼仪进小区"
    theme = "civility"
    people_reached = 80


class CampaignParticipantFactory(ParticipantFactory):
    class Meta:
        model = ActivityParticipant

    activity = parent_in_area(CampaignActivityFactory)


class CampaignPhotoFactory(ChildFactory):
    class Meta:
        model = ActivityPhoto

    activity = parent_in_area(CampaignActivityFactory)
    file = factory.django.ImageField(filename="photo.png", width=4, height=4, format="PNG")
    content_type = "image/png"
