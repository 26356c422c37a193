"""The to-do tests' data: one piece of waiting work per kind, in given areas, on given days."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from cadres.models import Cadre, CheckIn, Need
from tests.factories.cadres import CadreFactory
from tests.factories.mediation import MediationCaseFactory


@pytest.fixture(autouse=True)
def own_media(settings: Any, tmp_path: Path) -> None:
    """Each test its own media folder: kept uploads of other tests are not its imports."""
    settings.MEDIA_ROOT = tmp_path / "media"


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=9))


def checkin_waiting(area: Any, since: date, name: str = "报到人") -> CheckIn:
    checkin = CheckIn.objects.create(area=area, name=name, source="staff")
    CheckIn.objects.filter(pk=checkin.pk).update(created_at=at(since))
    checkin.refresh_from_db()
    return checkin


def need_posted(area: Any, on: date, title: str = "需求") -> Need:
    need = Need.objects.create(area=area, title=title)
    Need.objects.filter(pk=need.pk).update(created_at=at(on))
    need.refresh_from_db()
    return need


def cadre_born(area: Any, born: date, **fields: Any) -> Cadre:
    cadre: Cadre = CadreFactory(area=area, birth_date=born, **fields)
    return cadre


def agreement_signed(area: Any, on: date) -> Any:
    """A case settled by a written agreement signed ``on``."""
    return MediationCaseFactory(
        area=area,
        status="closed",
        outcome="success",
        closed_on=on,
        agreement_kind="written",
        agreement_signed_on=on,
        agreement_copies=2,
    )
