"""Care work: a decision on the care list, a visit with its photo, an area's plan."""

from __future__ import annotations

from datetime import date

import factory

from cadres.models import Cadre
from care.models import CareListEntry, CarePlan, Referral, Visit, VisitPhoto
from tests.factories import ChildFactory, parent_in_area
from tests.factories.accounts import AreaFactory
from tests.factories.cadres import CadreFactory


class CareListEntryFactory(ChildFactory):
    """Someone put on the care list by hand: a woman living alone, born 1940."""

    class Meta:
        model = CareListEntry

    cadre = parent_in_area(
        CadreFactory, gender="F", birth_date=date(1940, 3, 1), living_arrangement=Cadre.Living.ALONE
    )
    included = True
    reason = "家属反映"


class VisitFactory(factory.django.DjangoModelFactory):
    """A 重阳节 visit in ``area`` to someone living there."""

    class Meta:
        model = Visit

    area = factory.SubFactory(AreaFactory)
    cadre = factory.SubFactory(CadreFactory, area=factory.SelfAttribute("..area"))
    date = date(2026, 10, 10)
    kind = Visit.Kind.DOUBLE_NINTH
    items = "重阳糕"
    needs_raised = "楼道灯坏了"
    health_findings = "血压偏高"


class VisitPhotoFactory(ChildFactory):
    class Meta:
        model = VisitPhoto

    activity = parent_in_area(VisitFactory)
    file = factory.django.ImageField(filename="photo.png", width=4, height=4, format="PNG")
    content_type = "image/png"


class CarePlanFactory(factory.django.DjangoModelFactory):
    """An area's visit plan (one per area)."""

    class Meta:
        model = CarePlan
        django_get_or_create = ("area",)

    area = factory.SubFactory(AreaFactory)


class ReferralFactory(ChildFactory):
    """The need raised on a visit, referred to the street office, to follow up by 12-10."""

    class Meta:
        model = Referral

    visit = parent_in_area(VisitFactory)
    body = Referral.Body.STREET
    note = "请街道协调修灯"
    follow_up_by = date(2026, 12, 10)
