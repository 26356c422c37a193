"""The signed link of a community's check-in page, printed as a QR code on its poster."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from laoshan_portal.accounts.models import Area

SIGNING_SALT = "checkin"


def checkin_signature(area: Area) -> str:
    """The part of the QR link that makes community pages impossible to enumerate."""
    return signing.Signer(salt=SIGNING_SALT).signature(area.code)


def checkin_public_path(area: Area) -> str:
    return reverse(
        "cadres:checkin_public", kwargs={"code": area.code, "signature": checkin_signature(area)}
    )


def checkin_public_community(*, code: str, signature: str) -> Area | None:
    """The community a QR link names, or None for a bad signature or not a community."""
    signer = signing.Signer(salt=SIGNING_SALT)
    try:
        signer.unsign(f"{code}{signer.sep}{signature}")
    except signing.BadSignature:
        return None
    return Area.objects.filter(code=code, level=Area.Level.COMMUNITY).first()
