"""Background tasks of the to-do list (the Celery worker discovers them here)."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope

from . import services
from .selectors import keep_care_parts, keep_summaries


@shared_task(ignore_result=True)
def record_todo_snapshots() -> int:
    """The beat entry: today's overdue counts of every area."""
    return services.snapshot_record(day=clock.today())


@shared_task(ignore_result=True)
def keep_care_figures() -> int:
    """The beat entry (00:05 Beijing), also queued when a plan or an area changes: the
    day's care figures kept for every area, so that nobody's first view works them out
    (``selectors.keep_care_parts``)."""
    return keep_care_parts(clock.today())


@shared_task(ignore_result=True)
def keep_todo_summaries(area_id: int | None, unrestricted: bool, day: str) -> None:
    """Work out the care sources' figures of a scope that the badge or the home block
    found not kept (``selectors.todo_glance``), so that their next view shows them."""
    area = Area.objects.filter(pk=area_id).first() if area_id is not None else None
    if area is not None or unrestricted:
        keep_summaries(Scope(area=area, unrestricted=unrestricted), date.fromisoformat(day))
