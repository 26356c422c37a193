"""The demo's retiree accounts: five people of the articles, open with the demo password."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from cadres.models import Cadre
from laoshan_portal import clock
from laoshan_portal.scoping import Scope
from workrooms.models import ActivityKind
from workrooms.services import activity_create

from .concerns import concern_raise
from .models import Concern, CorrectionRequest, NeedOffer, Proposal, RetireeAccount
from .selectors import own_lectures, own_matching_needs, own_workrooms
from .services import retiree_open_demo
from .taking_part import need_offer, proposal_submit

EVERYTHING = Scope(area=None, unrestricted=True)
LECTURES_EACH = 2
# The lectures a demo retiree gave in their workroom: days ago, listeners, what about.
LECTURES = (
    (45, 62, "为小区居民讲解《民法典》中的邻里关系条款"),
    (110, 48, "老党员讲述崂山红色故事"),
)

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
    counts = {"retiree accounts": len(opened)}
    counts["lectures"] = sum(_lectures(account) for account in opened)
    counts["taking part"] = _taking_part(opened)
    return counts


def _lectures(account: RetireeAccount) -> int:
    """Lectures in the retiree's workroom, so that 我的 shows lectures and their audience."""
    have = own_lectures(account=account).count()
    workroom = own_workrooms(account=account).first()
    if have >= LECTURES_EACH or workroom is None:
        return 0
    today = clock.today()
    for days, listeners, summary in LECTURES[have:]:
        activity_create(
            scope=EVERYTHING,
            actor=None,
            workroom=workroom,
            participants=[account.cadre],
            data={
                "date": today - timedelta(days=days),
                "kind": ActivityKind.LECTURE,
                "people_served": listeners,
                "summary": f"{account.cadre.name}：{summary}",
            },
        )
    return LECTURES_EACH - have


def _taking_part(opened: list[RetireeAccount]) -> int:
    """One offer to help, one proposal and one concern among the demo retirees."""
    made = 0
    by_name = {account.cadre.name: account for account in opened}
    helper = by_name.get("于通海")
    if helper is not None and not NeedOffer.objects.filter(cadre=helper.cadre).exists():
        need = own_matching_needs(account=helper, today=clock.today()).first()
        if need is not None:
            need_offer(account=helper, need=need, ip=None)
            made += 1
    proposer = by_name.get("官华")
    if proposer is not None and not Proposal.objects.filter(cadre=proposer.cadre).exists():
        proposal_submit(
            account=proposer,
            title="在小区门口增设休息座椅",
            text="小区门口到公交站有三百米，老年人走一段需要歇脚，建议增设两张带靠背的座椅。",
            ip=None,
        )
        made += 1
    asker = by_name.get("韩卫")
    if asker is not None and not Concern.objects.filter(cadre=asker.cadre).exists():
        concern_raise(
            account=asker,
            kind=Concern.Kind.NEIGHBOUR,
            text="楼上邻居夜间常有噪音，沟通过两次没有改善，希望社区帮忙协调。",
            may_phone=True,
            ip=None,
        )
        made += 1
    return made


def account_lines() -> list[str]:
    """The demo retirees as the demo account list shows them: name and mobile."""
    return [
        f"  {cadre.mobile:<15} {'retiree':<10} {cadre.name}（/my/login/）"
        for cadre in _demo_cadres()
    ]
