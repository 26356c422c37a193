"""Object makers of care work: a decision on the care list, a visit, a photo of one and an
area's plan, in a given area."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cadres.models import Cadre
from care.models import CareListEntry, CarePlan, Visit, VisitPhoto
from tests.object_makers.campaigns import png_bytes

PHOTO_NAME = "care/photos/scope-test.png"


def make_cadre(area: Any) -> Cadre:
    return Cadre.objects.create(
        area=area,
        name="刘桂芳",
        gender="F",
        birth_date=date(1940, 3, 1),
        political_status="party_member",
        living_arrangement=Cadre.Living.ALONE,
    )


def make_entry(area: Any) -> CareListEntry:
    return CareListEntry.objects.create(cadre=make_cadre(area), included=True, reason="家属反映")


def make_visit(area: Any) -> Visit:
    return Visit.objects.create(
        area=area,
        cadre=make_cadre(area),
        date=date(2026, 10, 10),
        kind=Visit.Kind.DOUBLE_NINTH,
        items="重阳糕",
        needs_raised="楼道灯坏了",
        health_findings="血压偏高",
    )


def make_photo(area: Any) -> VisitPhoto:
    if not default_storage.exists(PHOTO_NAME):
        default_storage.save(PHOTO_NAME, ContentFile(png_bytes()))
    return VisitPhoto.objects.create(
        activity=make_visit(area), file=PHOTO_NAME, content_type="image/png"
    )


def make_plan(area: Any) -> CarePlan:
    plan, _created = CarePlan.objects.get_or_create(area=area)
    return plan


MAKERS = {
    CareListEntry: make_entry,
    Visit: make_visit,
    VisitPhoto: make_photo,
    CarePlan: make_plan,
}
