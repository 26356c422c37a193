"""People of the care tests, made with plain model calls (no factory needed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cadres.models import Cadre
from laoshan_portal.accounts.models import Area


def person(
    area: Area, name: str = "王秀兰", *, born: date = date(1960, 5, 1), **fields: Any
) -> Cadre:
    """An active cadre living with children, fully self-caring: on no care list."""
    values = {
        "gender": "F",
        "birth_date": born,
        "political_status": "party_member",
        "living_arrangement": Cadre.Living.WITH_CHILDREN,
        **fields,
    }
    return Cadre.objects.create(area=area, name=name, **values)
