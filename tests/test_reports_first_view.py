"""The first view of an area nobody has opened: with a worker, the page counts only the
month it shows (and, for a complete month, the month it compares with) and leaves the
trend's other months and the care plans' coverage to the worker, shown as being counted
meanwhile."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres.models import Cadre
from care import tasks as care_tasks
from laoshan_portal import clock
from laoshan_portal.accounts.models import Area, Role
from laoshan_portal.celery import app as celery_app
from laoshan_portal.counts import counts
from reports import counting, summary, tasks
from reports.models import AreaMonth
from reports.periods import Month
from tests.conftest import client_for
from tests.factories.accounts import AreaFactory, StaffFactory
from tests.factories.volunteering import ServiceActivityFactory, TeamFactory
from tests.reports_world import SHANGHAI, cadres, eager_tasks, hours, random_months

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-12-04T10:00:00+08:00")]
__all__ = ["eager_tasks"]  # the fixture, used by name
DECEMBER = Month(2026, 12)  # running: the suite's clock is 2026-12-04
NOVEMBER = Month(2026, 11)


def december_activity(tree: Any) -> None:
    """Records in 瑞都 on the first days of December, the running month."""
    (person,) = cadres(tree.ruidu, 1, date(2026, 1, 5))
    team = TeamFactory(area=tree.ruidu)
    for day in (1, 2, 3):
        hours(ServiceActivityFactory(team=team, date=date(2026, 12, day)), "2.5", cadre=person)


def first_view(
    client: Any, month: Month, *, kept: bool = False
) -> tuple[Any, dict[int, list[str]]]:
    """The district's dashboard with no summary row at all and a broker (nothing runs the
    queued tasks): the board, and the months queued for each area. Unless ``kept``, nothing
    is in the cache either (the care plans' coverage, an account's permissions); the
    coverage queued is counted as the worker would, after the view."""
    AreaMonth.objects.all().delete()
    if not kept:
        cache.clear()
    celery_app.conf.task_always_eager = False  # restored by the eager_tasks fixture
    with (
        mock.patch.object(tasks.refresh_area_months, "apply_async") as queued,
        mock.patch.object(care_tasks.count_coverage, "apply_async") as care_queued,
    ):
        response = client.get(reverse("reports:dashboard"), {"month": str(month)})
    assert response.status_code == 200
    asked = {call.kwargs["args"][0]: call.kwargs["args"][1] for call in queued.call_args_list}
    assert care_queued.called is not kept
    for call in care_queued.call_args_list:
        care_tasks.count_coverage(*call.kwargs["args"])
    return response, asked


@pytest.mark.usefixtures("eager_tasks")
def test_a_running_month_is_counted_now_and_its_trend_left_to_the_worker(
    tree: Any, roles: Any
) -> None:
    random_months(tree, 1)
    december_activity(tree)
    client = client_for(roles.district_admin)
    response, asked = first_view(client, DECEMBER)
    board = response.context["board"]

    exact = summary.compute(tree.laoshan, DECEMBER)
    assert board.value("hours_month") == exact["hours"] == Decimal("7.5")
    assert board.value("volunteers") == exact["volunteers"]
    assert board.value("cadres") == exact["cadres_active"]
    assert board.value("hours_year") is None  # the year's months are being counted
    assert board.updating
    assert board.trend["hours"][-1] == 7.5 and board.trend["hours"][:-1] == [None] * 11
    assert asked[tree.laoshan.pk] == [str(m) for m in DECEMBER.trailing(12)[:-1]]
    # The month's rows of every area below were stored in the same pass.
    for child in (tree.jinjialing, tree.zhonghan):
        row = AreaMonth.objects.get(area=child, month=DECEMBER.start)
        assert {name: getattr(row, name) for name in summary.FIGURES if name != "stars"} == {
            name: value for name, value in summary.compute(child, DECEMBER).items()
            if name != "stars"
        }  # fmt: skip
    assert not AreaMonth.objects.filter(month=NOVEMBER.start).exists()

    tasks.refresh_area_months(tree.laoshan.pk, asked[tree.laoshan.pk])  # the worker's part
    board = client.get(reverse("reports:dashboard"), {"month": str(DECEMBER)}).context["board"]
    assert not board.updating and None not in board.trend["hours"]
    assert board.trend["hours"][-2] == float(summary.compute(tree.laoshan, NOVEMBER)["hours"])
    year = sum(summary.compute(tree.laoshan, m)["hours"] for m in DECEMBER.year_so_far())
    assert board.value("hours_year") == year


@pytest.mark.usefixtures("eager_tasks")
def test_a_complete_month_counts_the_month_it_compares_with_too(tree: Any, roles: Any) -> None:
    random_months(tree, 2)
    client = client_for(roles.district_admin)
    response, asked = first_view(client, NOVEMBER)
    board = response.context["board"]
    figure = board.by_key["hours_month"]
    assert figure.value == summary.compute(tree.laoshan, NOVEMBER)["hours"]
    assert figure.previous == summary.compute(tree.laoshan, Month(2026, 10))["hours"]
    assert board.value("hours_year") is None and board.updating
    assert str(Month(2026, 10)) not in asked[tree.laoshan.pk]
    assert len(asked[tree.laoshan.pk]) == 10  # the trend's other months
    assert "—" in response.content.decode()  # the year's hours, being counted


@pytest.mark.usefixtures("eager_tasks")
def test_without_a_worker_the_first_view_counts_every_month(tree: Any, roles: Any) -> None:
    random_months(tree, 1)
    client = client_for(roles.district_admin)
    AreaMonth.objects.all().delete()
    board = client.get(reverse("reports:dashboard"), {"month": str(NOVEMBER)}).context["board"]
    assert not board.updating and None not in board.trend["hours"]
    year = sum(summary.compute(tree.laoshan, m)["hours"] for m in NOVEMBER.year_so_far())
    assert board.value("hours_year") == year


@pytest.mark.usefixtures("eager_tasks")
def test_a_first_view_with_a_worker_reads_as_many_queries_whatever_the_size(
    tree: Any, roles: Any
) -> None:
    """At most 30 queries, the same with a street, its communities and their records
    more; what other caches keep (the care plans' coverage, the permissions) kept."""
    client = client_for(roles.district_admin)
    found = []
    for size in (1, 2):
        random_months(tree, 1) if size == 1 else another_street(tree)
        december_activity(tree)
        client.get(reverse("reports:dashboard"), {"month": str(DECEMBER)})
        with CaptureQueriesContext(connection) as cold:
            first_view(client, DECEMBER, kept=True)
        found.append(
            [q["sql"] for q in cold.captured_queries if "SAVEPOINT" not in q["sql"]][1:]
        )  # the rows deleted by the test first
    assert len(found[0]) == len(found[1]) <= 30, found[1]


def another_street(tree: Any) -> None:
    street = AreaFactory(name="北宅街道", code="beizhai", parent=tree.laoshan, level="street")
    for name in ("北宅社区", "卧龙社区"):
        community = AreaFactory(name=name, parent=street, level="community")
        (person,) = cadres(community, 1, date(2026, 3, 1))
        team = TeamFactory(area=community)
        hours(ServiceActivityFactory(team=team, date=date(2026, 12, 2)), "4", cadre=person)


def test_a_cadre_counts_from_the_beijing_day_they_were_entered(tree: Any) -> None:
    """The stock of active cadres at a month's end: 23:30 Beijing on its last day counts,
    00:10 the next day does not, whatever the server's zone."""
    late, early = cadres(tree.ruidu, 2, date(2026, 1, 1))
    Cadre.objects.filter(pk=late.pk).update(
        created_at=datetime(2026, 11, 30, 23, 30, tzinfo=SHANGHAI)
    )
    Cadre.objects.filter(pk=early.pk).update(
        created_at=datetime(2026, 12, 1, 0, 10, tzinfo=SHANGHAI)
    )
    assert clock.day_after(date(2026, 11, 30)) == datetime(2026, 12, 1, tzinfo=SHANGHAI)
    november = counting.tree_figures(tree.laoshan, NOVEMBER.start, NOVEMBER.end)
    assert november[tree.ruidu.pk]["cadres_active"] == 1
    assert summary.compute(tree.ruidu, NOVEMBER)["cadres_active"] == 1
    assert counting.month_figures(tree.ruidu, [NOVEMBER, DECEMBER])[DECEMBER]["cadres_active"] == 2


def test_only_the_top_areas_star_levels_are_counted_when_asked(tree: Any) -> None:
    random_months(tree, 1)
    every = counting.tree_figures(tree.laoshan, NOVEMBER.start, NOVEMBER.end)
    top_only = counting.tree_figures(tree.laoshan, NOVEMBER.start, NOVEMBER.end, stars="top")
    assert top_only[tree.laoshan.pk]["stars"] == every[tree.laoshan.pk]["stars"]
    assert sum(every[tree.laoshan.pk]["stars"][1:]) > 0
    assert top_only[tree.ruidu.pk]["stars"] == []  # left for ``with_stars``
    for pk, figures in top_only.items():
        assert {k: v for k, v in figures.items() if k != "stars"} == {
            k: v for k, v in every[pk].items() if k != "stars"
        }


def test_several_counts_are_read_in_one_query(tree: Any) -> None:
    cadres(tree.ruidu, 3, date(2026, 1, 1))
    cadres(tree.wushan, 2, date(2026, 1, 1), status=Cadre.Status.DECEASED)
    with CaptureQueriesContext(connection) as read:
        found = counts(
            ruidu=Cadre.objects.filter(area=tree.ruidu),
            deceased=Cadre.objects.filter(status=Cadre.Status.DECEASED),
            nobody=Cadre.objects.filter(name="无此人"),
        )
    assert found == {"ruidu": 3, "deceased": 2, "nobody": 0}
    assert len(read.captured_queries) == 1


@pytest.mark.usefixtures("eager_tasks")
def test_above_a_district_the_first_view_stores_two_levels_and_leaves_the_tree_to_a_worker(
    tree: Any,
) -> None:
    """A province's first view would otherwise store a row for each of its tens of
    thousands of areas before answering."""
    province = AreaFactory(code="99", name="合成省", level=Area.Level.PROVINCE)
    city = AreaFactory(code="9901", name="合成市", level=Area.Level.CITY, parent=province)
    district = AreaFactory(code="990101", name="合成区", level=Area.Level.DISTRICT, parent=city)
    street = AreaFactory(
        code="990101001", name="合成街道", level=Area.Level.STREET, parent=district
    )
    community = AreaFactory(code="990101001001", name="合成社区", parent=street)
    (person,) = cadres(community, 1, date(2026, 1, 5))
    team = TeamFactory(area=community)
    for day in (1, 2):
        hours(ServiceActivityFactory(team=team, date=date(2026, 12, day)), "3.5", cadre=person)
    client = client_for(StaffFactory(username="province", area=province, role=Role.ADMIN))
    celery_app.conf.task_always_eager = False  # restored by the eager_tasks fixture
    url = reverse("reports:dashboard_area", args=[province.pk])
    with (
        mock.patch.object(tasks.refresh_area_months, "apply_async"),
        mock.patch.object(tasks.refresh_month_tree, "apply_async") as tree_queued,
    ):
        board = client.get(url, {"month": str(DECEMBER)}).context["board"]
    assert board.value("hours_month") == summary.compute(province, DECEMBER)["hours"] == 7
    stored = set(AreaMonth.objects.filter(month=DECEMBER.start).values_list("area", flat=True))
    assert stored == {province.pk, city.pk}
    assert AreaMonth.objects.get(area=city, month=DECEMBER.start).hours == Decimal("7.0")
    tree_queued.assert_called_once_with(args=[province.pk, str(DECEMBER)], retry=False)

    tasks.refresh_month_tree(province.pk, str(DECEMBER))  # the worker's part
    for area in (district, street, community):
        row = AreaMonth.objects.get(area=area, month=DECEMBER.start)
        assert (row.hours, row.volunteers, row.stale) == (Decimal("7.0"), 1, False)
