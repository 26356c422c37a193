"""Background tasks of the care work (the Celery worker discovers them here)."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.core.cache import cache
from django.utils import translation

from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope

from .coverage import area_coverage
from .selectors import birthday_spans, keeping_lock, kept_birthdays, kept_coverage


@shared_task(ignore_result=True)
def count_coverage(area_id: int, day: str) -> None:
    """Count the visit plans' coverage of an area on a day that a dashboard found not
    kept, so that its next view shows it (``coverage.area_coverage``)."""
    area = Area.objects.filter(pk=area_id).first()
    if area is not None:
        area_coverage(scope=Scope(area=area), area=area, day=date.fromisoformat(day))


@shared_task(ignore_result=True)
def keep_plan_figures(
    area_id: int | None,
    unrestricted: bool,
    day: str,
    figure: str,
    within_id: int | None,
    plan: str,
    language: str,
) -> None:
    """Work out the figures a plans page (``figure`` "coverage", of the area ``within``
    and ``plan``) or the birthdays page found not kept and showed the last ones of
    (``selectors.kept_coverage``, ``selectors.kept_birthdays``), so that its next view
    shows the current ones."""
    args = [area_id, unrestricted, day, figure, within_id, plan, language]
    area = Area.objects.filter(pk=area_id).first() if area_id is not None else None
    within = Area.objects.filter(pk=within_id).first() if within_id is not None else None
    today = date.fromisoformat(day)
    scope = Scope(area=area, unrestricted=unrestricted)
    gone = scope.is_empty or (within_id is not None and within is None)  # nothing to keep
    with translation.override(language):
        if not gone and figure == "coverage":
            kept_coverage(scope=scope, today=today, area=within, plan=plan)
        elif not gone:
            for start, end in birthday_spans(today):
                kept_birthdays(scope, start, end, today)
    cache.delete(keeping_lock(args))
