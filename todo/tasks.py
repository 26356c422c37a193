"""Background tasks of the to-do list (the Celery worker discovers them here)."""

from __future__ import annotations

from celery import shared_task

from laoshan_portal import clock

from . import services


@shared_task(ignore_result=True)
def record_todo_snapshots() -> int:
    """The beat entry: today's overdue counts of every area."""
    return services.snapshot_record(day=clock.today())
