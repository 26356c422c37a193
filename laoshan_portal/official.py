"""The issuing block of the portal's official documents (certificates, monthly reports):
the issuing unit, the seal area with the bureau's seal image when one is configured
(``SEAL_IMAGE``), and the date written in Chinese as official documents date it."""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings

DIGITS = "〇一二三四五六七八九"


def chinese_number(value: int) -> str:
    """1–99 as counted in Chinese: 四, 十, 十二, 二十, 三十一."""
    tens, ones = divmod(value, 10)
    if tens == 0:
        return DIGITS[ones]
    return f"{'' if tens == 1 else DIGITS[tens]}十{DIGITS[ones] if ones else ''}"


def chinese_date(day: date) -> str:
    """The date as official documents write it: 二〇二六年十二月四日."""
    year = "".join(DIGITS[int(digit)] for digit in f"{day.year:04d}")
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def seal_image_uri() -> str:
    """The seal image configured in ``SEAL_IMAGE`` as a data: URI, or "" when there is none.

    Embedded as data, so the PDF renderer reads no file outside the static files.
    """
    configured = getattr(settings, "SEAL_IMAGE", "")
    if not configured:
        return ""
    path = Path(configured)
    kind = mimetypes.guess_type(path.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@dataclass(frozen=True)
class Issuing:
    """What the issuing block of a document shows."""

    unit: str
    day: date
    seal: str

    @property
    def date_text(self) -> str:
        return chinese_date(self.day)


def issuing(unit: str, day: date) -> Issuing:
    return Issuing(unit=unit, day=day, seal=seal_image_uri())
