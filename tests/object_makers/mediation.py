"""Object makers of mediation cases: a case in mediation (records, forms open) with a scan."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from volunteering.mediation.models import (
    AgreementItem,
    AgreementScan,
    FollowUp,
    MediationCase,
    MediationRecord,
    Party,
)
from volunteering.models import Team

_serial = itertools.count(1)
# The smallest valid GIF: a scan the photo view can serve.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def make_case(area: Any, **fields: Any) -> MediationCase:
    """A case in mediation in ``area``, with its own 和事佬 team, one party and one record."""
    n = next(_serial)
    team = Team.objects.create(area=area, name=f"测试和事佬{n}", kind=Team.Kind.MEDIATION)
    values = {
        "area": area,
        "number": f"TJ-2000-{n:04d}",
        "received_on": date(2025, 3, 1),
        "category": "neighbourhood",
        "source": "application",
        "team": team,
        "summary": "楼上漏水",
        "status": "mediating",
        **fields,
    }
    case = MediationCase.objects.create(**values)
    Party.objects.create(case=case, name="甲", role="applicant", phone="13912345678")
    MediationRecord.objects.create(case=case, date=date(2025, 3, 2), content="第一次调解")
    return case


def make_scan(area: Any) -> AgreementScan:
    case = make_case(
        area,
        status="closed",
        outcome="success",
        closed_on=date(2025, 3, 5),
        agreement_kind="written",
        agreement_signed_on=date(2025, 3, 5),
        agreement_copies=2,
    )
    scan = AgreementScan(case=case, content_type="image/gif")
    scan.file.save("scan.gif", ContentFile(GIF), save=True)
    return scan


MAKERS = {
    MediationCase: make_case,
    Party: lambda area: make_case(area).parties.get(),
    MediationRecord: lambda area: make_case(area).records.get(),
    AgreementScan: make_scan,
    AgreementItem: lambda area: AgreementItem.objects.create(
        case=make_scan(area).case, number=1, text="赔偿500元"
    ),
    FollowUp: lambda area: FollowUp.objects.create(
        case=make_scan(area).case, date=date(2025, 4, 5), result="performed"
    ),
}


# ---------------------------------------------------------------------------- test helpers


def mediation_team(area: Any, name: str = "") -> Team:
    return Team.objects.create(
        area=area, name=name or f"测试和事佬{next(_serial)}", kind=Team.Kind.MEDIATION
    )


def register(
    scope: Any,
    *,
    area: Any,
    team: Team,
    mediators: list[Any],
    received_on: date | None = None,
    parties: list[Any] | None = None,
    **fields: Any,
) -> MediationCase:
    """A case registered through the service, as the intake form would."""
    from volunteering.mediation import services

    return services.case_create(
        scope=scope,
        actor=None,
        area=area,
        received_on=received_on or date(2026, 1, 5),
        category=fields.pop("category", "neighbourhood"),
        source=fields.pop("source", "application"),
        team=team,
        mediators=mediators,
        summary=fields.pop("summary", "楼道堆物"),
        parties=parties
        or [
            services.PartyData("周桂兰", "applicant", "13905321234", ""),
            services.PartyData("陈立新", "respondent", "0532-88886666", ""),
        ],
    )


def settle(
    scope: Any,
    case: MediationCase,
    *,
    on: date,
    kind: str = "written",
    items: tuple[str, ...] = ("陈立新三日内清理杂物", "双方共同维护楼道整洁"),
) -> MediationCase:
    """A record on ``on`` and the case closed that day with an agreement of ``kind``."""
    from volunteering.mediation import services

    services.record_create(scope=scope, actor=None, case=case, date=on, content="当面调解")
    return services.case_close(
        scope=scope,
        actor=None,
        case=case,
        outcome="success",
        closed_on=on,
        agreement_kind=kind,
        agreement_signed_on=on if kind == "written" else None,
        agreement_copies=3 if kind == "written" else None,
        items=items if kind == "written" else (),
    )
