"""What every printed certificate shares: the signed link its QR code carries, the QR
code itself, the masked name its public page shows and the name it is issued in."""

from __future__ import annotations

import segno
from django.core import signing

from laoshan_portal.accounts.models import Area

ISSUING_BUREAU_LEVELS = (Area.Level.PROVINCE, Area.Level.CITY, Area.Level.DISTRICT)


def masked_name(name: str) -> str:
    """于通海 → 于*海, 韩卫 → 韩*: enough to recognise, not to copy."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def issuer_name(area: Area) -> str:
    """A district (or higher) issues as its retired cadres bureau; a street or community
    as itself."""
    if area.level in ISSUING_BUREAU_LEVELS:
        # An organisation's proper name, frozen into the certificate: not a UI string.
        return f"{area.name}委老干部局"
    return area.name


def root_of(area: Area) -> Area:
    """The top area of ``area``'s tree: who issues when the actor has no area."""
    code = area.path.strip("/").split("/")[0]
    return Area.objects.get(code=code)


def link_signature(salt: str, number: str) -> str:
    """The part of a certificate's link that makes certificates impossible to enumerate."""
    return signing.Signer(salt=salt).signature(number)


def link_is_signed(salt: str, number: str, signature: str) -> bool:
    signer = signing.Signer(salt=salt)
    try:
        signer.unsign(f"{number}{signer.sep}{signature}")
    except signing.BadSignature:
        return False
    return True


def qr_svg(url: str) -> str:
    """The inline SVG of a QR code for ``url``, sized by the stylesheet that places it."""
    return str(segno.make(url, error="m", micro=False).svg_inline(scale=1, border=0, omitsize=True))
