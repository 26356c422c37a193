"""The demo's retiree accounts: five people of the articles, open with the demo password."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from cadres.models import Cadre
from laoshan_portal import clock

from .models import CorrectionRequest
from .services import retiree_open_demo

# People the demo articles name, each with hours, a workroom or lectures in the demo.
DEMO_RETIREES = ("于通海", "官华", "韩卫", "钟昭群", "谭俊龄")


def _demo_cadres() -> list[Cadre]:
    cadres = Cadre.objects.filter(name__in=DEMO_RETIREES, status=Cadre.Status.ACTIVE)
    by_name = {cadre.name: cadre for cadre in cadres.order_by("pk")}
    return [by_name[name] for name in DEMO_RETIREES if name in by_name]


@transaction.atomic
def seed() -> dict[str, int]:
    """Open (or reset) the demo retirees' accounts with ``DEMO_PASSWORD``, each with a
    pending correction request for their community to look at."""
    opened = [
        retiree_open_demo(cadre=cadre, password=settings.DEMO_PASSWORD) for cadre in _demo_cadres()
    ]
    for account in opened:
        CorrectionRequest.objects.get_or_create(
            cadre=account.cadre,
            field="specialty_notes",
            status=CorrectionRequest.Status.PENDING,
            defaults={
                "new_value": f"{account.cadre.specialty_notes}（本人补充：愿意结对帮扶）"[:200],
                "requested_at": clock.now(),
            },
        )
    return {"retiree accounts": len(opened)}


def account_lines() -> list[str]:
    """The demo retirees as the demo account list shows them: name and mobile."""
    return [
        f"  {cadre.mobile:<15} {'retiree':<10} {cadre.name}（/my/login/）"
        for cadre in _demo_cadres()
    ]
