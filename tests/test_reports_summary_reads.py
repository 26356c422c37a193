"""The summary's declared direct reads (``reports.summary.DIRECT_READS``) count the rows the
selectors give a reader of the area: the dashboards' figures stay those of the lists.

The world is the hand-counted October 2026 of ``tests/reports_world.py``, with a cadre of
午山 serving in a team of 瑞都: a record counts where its activity's team is, not where the
person lives, in the selector as in the summary.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cadres.models import Cadre, CheckIn
from laoshan_portal.scoping import Scope, scoped_queryset
from reports import summary
from tests.reports_world import OCTOBER, build, hours
from volunteering.models import ServiceActivity, ServiceRecord

pytestmark = pytest.mark.django_db
# A district, streets, communities, a compound, and the other district with its own rows.
AREAS = ["laoshan", "jinjialing", "zhonghan", "ruidu", "wushan", "qiantaiju", "shinan"]


def world(tree: Any) -> None:
    build(tree)
    visitor = Cadre.objects.filter(area=tree.wushan).first()
    activity = ServiceActivity.objects.filter(team__area=tree.ruidu, date__gte=OCTOBER.start)
    hours(activity.earliest("date"), "1", cadre=visitor)


def test_it_declares_the_tables_it_reads_directly() -> None:
    assert set(summary.DIRECT_READS) == {Cadre, CheckIn, ServiceActivity, ServiceRecord}


@pytest.mark.parametrize("name", AREAS)
def test_each_direct_read_gives_the_rows_of_the_selector(name: str, tree: Any) -> None:
    world(tree)
    area = getattr(tree, name)
    for model in summary.DIRECT_READS:
        direct = summary.subtree(model, area).values_list("pk", flat=True)
        selected = scoped_queryset(model, Scope(area=area)).values_list("pk", flat=True)
        assert sorted(direct) == sorted(selected), model.__name__


@pytest.mark.parametrize("name", AREAS)
def test_the_figures_count_what_the_selectors_count(name: str, tree: Any) -> None:
    world(tree)
    area = getattr(tree, name)
    reader = Scope(area=area)
    start, end = OCTOBER.start, OCTOBER.end
    records = scoped_queryset(ServiceRecord, reader).filter(
        status=ServiceRecord.Status.ACCEPTED, date__gte=start, date__lte=end
    )
    people = {("cadre", r.cadre_id) if r.cadre_id else ("member", r.member_id) for r in records}
    figures = summary.compute(area, OCTOBER)
    assert figures["cadres_active"] == (
        scoped_queryset(Cadre, reader)
        .filter(status=Cadre.Status.ACTIVE, created_at__date__lte=end)
        .count()
    )
    assert figures["checkins"] == (
        scoped_queryset(CheckIn, reader)
        .filter(
            status=CheckIn.Status.CONFIRMED, decided_at__date__gte=start, decided_at__date__lte=end
        )
        .count()
    )
    assert figures["service_activities"] == (
        scoped_queryset(ServiceActivity, reader).filter(date__gte=start, date__lte=end).count()
    )
    assert figures["service_records"] == records.count()
    assert figures["hours"] == sum((r.hours for r in records), Decimal(0))
    assert figures["volunteers"] == len(people)


def test_the_world_has_rows_in_and_out_of_each_district(tree: Any) -> None:
    """The comparisons above are not of empty tables."""
    world(tree)
    for area in (tree.laoshan, tree.tuandao):
        figures = summary.compute(area, OCTOBER)
        assert figures["cadres_active"] and figures["service_records"]
