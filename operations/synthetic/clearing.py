"""Removing synthetic data: teams and what hangs on them, the cadres and the province."""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction

from laoshan_portal.accounts.models import Area
from reports.models import AreaMonth, MonthlyReport
from volunteering.models import ServiceActivity, ServiceRecord, Team, TeamMember

from .areas import PROVINCE_CODE
from .cadres import SYNTH_MARK, synth_clear


def _delete_fast(queryset: models.QuerySet[Any]) -> int:
    """Delete the rows of ``queryset`` in one statement, without loading them.

    ``QuerySet.delete()`` would load every row and send its signals: the summary's
    handlers would run a query per row, millions of them. The commands send
    ``bulk_change`` instead when they finish.
    """
    meta = queryset.model._meta
    select, params = queryset.values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            # Names quoted by the backend, the subquery and its parameters built by the ORM.
            f"DELETE FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} IN ({select})",  # noqa: S608  # nosec B608
            params,
        )
        deleted: int = cursor.rowcount
        return deleted


def synth_data_clear() -> dict[str, int]:
    """Delete the synthetic teams and what hangs on them, the cadres and the province."""
    teams = Team.objects.filter(name__startswith=SYNTH_MARK)
    activities = ServiceActivity.objects.filter(team__in=teams)
    counts: dict[str, int] = {}
    with transaction.atomic():
        counts["service records"] = _delete_fast(
            ServiceRecord.objects.filter(activity__in=activities)
        )
        counts["activities"] = _delete_fast(activities)
        counts["team members"] = _delete_fast(TeamMember.objects.filter(team__in=teams))
        counts["teams"] = _delete_fast(teams)
    counts["cadres"] = synth_clear()
    root = Area.objects.filter(code=PROVINCE_CODE).first()
    with transaction.atomic():
        counts["areas"] = 0
        if root is not None:
            subtree = Area.objects.filter(path__startswith=root.path)
            AreaMonth.objects.filter(area__in=subtree).delete()
            MonthlyReport.objects.filter(area__in=subtree).delete()
            counts["areas"] = _delete_fast(subtree)
    return counts
