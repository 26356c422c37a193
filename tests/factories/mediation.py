"""Mediation cases with their parties, records, agreements, scans and follow-ups.

``MediationCaseFactory`` writes the rows as they are (a case in mediation, or ``closed``);
``RegisteredCaseFactory`` registers a case through the service, as the intake form does,
and ``settled=<date>`` closes it that day with an agreement.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from tests.factories import ChildFactory, parent_in_area
from tests.factories.accounts import AreaFactory
from tests.factories.cadres import CadreFactory
from tests.factories.volunteering import MediationTeamFactory
from volunteering.mediation.models import (
    AgreementItem,
    AgreementScan,
    FollowUp,
    MediationCase,
    MediationRecord,
    Party,
)

# The smallest valid GIF: a scan the photo view can serve.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
SETTLED_ITEMS = ("陈立新三日内清理杂物", "双方共同维护楼道整洁")


def _everything() -> Any:
    from laoshan_portal.scoping import Scope

    return Scope(area=None, unrestricted=True)


class MediationCaseFactory(factory.django.DjangoModelFactory):
    """A case in mediation in ``area``, with its own 和事佬 team, one party (甲, with a
    phone) and one record; ``closed=True`` closes it successfully with a written agreement."""

    class Meta:
        model = MediationCase
        skip_postgeneration_save = True

    class Params:
        closed = factory.Trait(
            status="closed",
            outcome="success",
            closed_on=date(2025, 3, 5),
            agreement_kind="written",
            agreement_signed_on=date(2025, 3, 5),
            agreement_copies=2,
        )

    area = factory.SubFactory(AreaFactory)
    number = factory.Sequence(lambda n: f"TJ-2000-{n:04d}")
    received_on = date(2025, 3, 1)
    category = "neighbourhood"
    source = "application"
    team = factory.SubFactory(MediationTeamFactory, area=factory.SelfAttribute("..area"))
    summary = "楼上漏水"
    status = "mediating"
    party = factory.RelatedFactory(
        "tests.factories.mediation.PartyFactory",
        factory_related_name="case",
        name="甲",
        role="applicant",
        phone="13912345678",
    )
    record = factory.RelatedFactory(
        "tests.factories.mediation.MediationRecordFactory",
        factory_related_name="case",
        date=date(2025, 3, 2),
        content="第一次调解",
    )


class PartyFactory(ChildFactory):
    class Meta:
        model = Party

    case = parent_in_area(MediationCaseFactory, party=None)
    name = "乙"
    role = "respondent"


class MediationRecordFactory(ChildFactory):
    class Meta:
        model = MediationRecord

    case = parent_in_area(MediationCaseFactory, record=None)
    date = date(2025, 3, 2)
    content = "调解"


class AgreementScanFactory(ChildFactory):
    """A scan of the written agreement of a closed case."""

    class Meta:
        model = AgreementScan

    case = parent_in_area(MediationCaseFactory, closed=True)
    file = factory.django.FileField(filename="scan.gif", data=GIF)
    content_type = "image/gif"


class MediationItemFactory(ChildFactory):
    """An item of a closed case's written agreement."""

    class Meta:
        model = AgreementItem

    case = parent_in_area(MediationCaseFactory, closed=True)
    number = 1
    text = "赔偿500元"


class MediationFollowUpFactory(ChildFactory):
    """A return visit to a closed case: the agreement was performed."""

    class Meta:
        model = FollowUp

    case = parent_in_area(MediationCaseFactory, closed=True)
    date = date(2025, 4, 5)
    result = "performed"


class RegisteredCaseFactory(factory.django.DjangoModelFactory):
    """A case registered through the service (its number the service's), with two parties.

    ``settled=<date>`` then logs a session that day and closes it: a written agreement of
    ``SETTLED_ITEMS`` (``settled__kind="oral"``: an oral one; ``settled__items=…``).
    """

    class Meta:
        model = MediationCase
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    team = factory.SubFactory(MediationTeamFactory, area=factory.SelfAttribute("..area"))
    mediators = factory.LazyAttribute(lambda o: [CadreFactory(area=o.area)])
    received_on = date(2026, 1, 5)
    category = "neighbourhood"
    source = "application"
    summary = "楼道堆物"
    parties = factory.LazyFunction(
        lambda: [
            _party("周桂兰", "applicant", "13905321234"),
            _party("陈立新", "respondent", "0532-88886666"),
        ]
    )

    @classmethod
    def _create(cls, model_class: type[MediationCase], *args: Any, **kwargs: Any) -> Any:
        from volunteering.mediation import services

        return services.case_create(scope=_everything(), actor=None, **kwargs)

    @factory.post_generation
    def settled(self, create: bool, extracted: date | None, **kwargs: Any) -> None:
        if create and extracted:
            case_settle(self, on=extracted, **kwargs)
            self.refresh_from_db()


def _party(name: str, role: str, phone: str) -> Any:
    from volunteering.mediation.services import PartyData

    return PartyData(name, role, phone, "")


def case_settle(
    case: MediationCase,
    *,
    on: date,
    kind: str = "written",
    items: tuple[str, ...] = SETTLED_ITEMS,
) -> MediationCase:
    """A session on ``on`` and the case closed that day with an agreement of ``kind``,
    through the services."""
    from volunteering.mediation import services

    scope = _everything()
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
