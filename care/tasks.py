"""Background tasks of the care work (the Celery worker discovers them here)."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from laoshan_portal.scoping import Scope

from .coverage import area_coverage


@shared_task(ignore_result=True)
def count_coverage(area_id: int, day: str) -> None:
    """Count the visit plans' coverage of an area on a day that a dashboard found not
    kept, so that its next view shows it (``coverage.area_coverage``)."""
    from laoshan_portal.accounts.models import Area

    area = Area.objects.filter(pk=area_id).first()
    if area is not None:
        area_coverage(scope=Scope(area=area), area=area, day=date.fromisoformat(day))
