"""Set-based counting gives exactly what one area and one month counted alone give.

``reports.counting`` counts a whole subtree of areas, or a run of months, in a fixed number
of queries; a cold dashboard and the monthly reports read its rows. Here, on the
hand-counted October world plus months of random activity (people serving in several
communities, residents, cadres registered and check-ins decided across the months, records
pending and accepted), every area's figures for every month equal ``summary.compute``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope
from reports import checking, counting, summary
from reports.figures import dashboard_figures
from reports.models import AreaMonth
from tests.conftest import client_for
from tests.factories.accounts import AreaFactory
from tests.factories.volunteering import ServiceActivityFactory, TeamFactory
from tests.reports_world import MONTHS, at, cadres, hours, random_months
from volunteering.models import ServiceRecord

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("seed", [1, 2])
def test_a_subtree_counted_together_equals_each_area_counted_alone(seed: int, tree: Any) -> None:
    random_months(tree, seed)
    for top in (tree.laoshan, tree.jinjialing, tree.shinan):
        for month in MONTHS:
            together = counting.tree_figures(top, month.start, month.end)
            below = Area.objects.filter(path__startswith=top.path)
            assert set(together) == {area.pk for area in below}
            for area in below:
                assert together[area.pk] == summary.compute(area, month), (area.name, month)


@pytest.mark.parametrize("seed", [1, 2])
def test_months_counted_together_equal_each_month_counted_alone(seed: int, tree: Any) -> None:
    random_months(tree, seed)
    for area in (tree.laoshan, tree.zhonghan, tree.ruidu, tree.qiantaiju):
        together = counting.month_figures(area, [MONTHS[0], *MONTHS[2:]])
        assert list(together) == [MONTHS[0], *MONTHS[2:]]
        for month, figures in together.items():
            assert figures == {**summary.compute(area, month), "stars": []}, (area.name, month)


def test_the_world_is_not_empty(tree: Any) -> None:
    """The comparisons above are of people in several places, with stars and stocks."""
    random_months(tree, 1)
    figures = summary.compute(tree.laoshan, MONTHS[-1])
    assert figures["volunteers"] > 10 and figures["cadres_active"] > 20
    assert sum(figures["stars"][1:]) > 0 and figures["hours"] > Decimal(50)
    # people who served in one, two, and three or more areas' teams in a month (each
    # counted its own way by ``counting._people_by_areas``)
    accepted = ServiceRecord.objects.filter(
        status=ServiceRecord.Status.ACCEPTED, cadre__isnull=False
    )
    widths = set()
    for month in MONTHS:
        served = accepted.filter(date__gte=month.start, date__lte=month.end).values("cadre")
        areas = served.annotate(n=Count("activity__team__area", distinct=True))
        widths |= {min(row["n"], 3) for row in areas}
    assert widths == {1, 2, 3}


def test_a_cold_dashboard_stores_exact_rows_and_counts_stars_for_its_month(tree: Any) -> None:
    random_months(tree, 2)
    month = MONTHS[-1]
    summary.area_months(tree.laoshan, MONTHS)  # five rows at once: stars left out
    left_out = AreaMonth.objects.get(area=tree.laoshan, month=MONTHS[0].start)
    assert left_out.stars == [] and not left_out.stale
    row = summary.with_stars(tree.laoshan, summary.area_months(tree.laoshan, [month])[month])
    assert row.stars == summary.compute(tree.laoshan, month)["stars"]
    assert AreaMonth.objects.get(area=tree.laoshan, month=month.start).stars == row.stars
    for child, child_row in summary.children_months(tree.laoshan, month):
        fields = {name: getattr(child_row, name) for name in summary.FIGURES}
        assert fields == summary.compute(child, month), child.name


def test_the_monthly_pass_stores_every_row_of_the_tree(tree: Any) -> None:
    random_months(tree, 1)
    month = MONTHS[3]
    AreaMonth.objects.create(
        area=tree.ruidu, month=month.start, stale=True, refreshed_at=at(month.start)
    )
    assert summary.refresh_all_trees(month) == Area.objects.count()
    below = Area.objects.all()
    for area in below:
        row = AreaMonth.objects.get(area=area, month=month.start)
        assert {name: getattr(row, name) for name in summary.FIGURES} == summary.compute(
            area, month
        )


def test_before_the_reports_every_month_they_read_is_brought_up_to_date(tree: Any) -> None:
    """The monthly job: the report month and, of the twelve before it, those with a stale or
    a missing row, every area's row in one pass each; fresh months are left alone."""
    random_months(tree, 1)
    month = MONTHS[-1]
    areas = Area.objects.count()
    for earlier in month.trailing(13)[:-1]:
        summary.refresh_all_trees(earlier)
    AreaMonth.objects.filter(area=tree.ruidu, month=MONTHS[1].start).update(stale=True)
    AreaMonth.objects.filter(area=tree.wushan, month=MONTHS[2].start).delete()
    assert summary.refresh_for_reports(month) == 3 * areas  # November, September, August
    assert not AreaMonth.objects.filter(stale=True).exists()
    assert AreaMonth.objects.filter(month__in=[m.start for m in month.trailing(13)]).count() == (
        13 * areas
    )
    for earlier in (MONTHS[1], MONTHS[2]):
        row = AreaMonth.objects.get(area=tree.jinjialing, month=earlier.start)
        exact = summary.compute(tree.jinjialing, earlier)
        # A trend month's star levels and volunteers are not shown by a report: left for a
        # page to count.
        assert row.stars == [] and row.volunteers is None
        assert {name: getattr(row, name) for name in summary.FIGURES} == {
            **exact, "stars": [], "volunteers": None,
        }  # fmt: skip
        assert summary.with_stars(tree.jinjialing, row).stars == exact["stars"]
        summary.with_volunteers(tree.jinjialing, earlier, [row])
        assert row.volunteers == exact["volunteers"] > 0
        kept = AreaMonth.objects.get(pk=row.pk)
        assert (kept.stars, kept.volunteers) == (exact["stars"], exact["volunteers"])
    reported = AreaMonth.objects.get(area=tree.jinjialing, month=month.start)
    assert reported.stars == summary.compute(tree.jinjialing, month)["stars"]
    assert sum(reported.stars) > 0


def test_a_volunteer_of_two_communities_counts_once_in_their_street(tree: Any) -> None:
    person = cadres(tree.ruidu, 1, date(2026, 1, 5))[0]
    for place in (tree.ruidu, tree.miaoling):
        team = TeamFactory(area=place)
        for day in range(1, 6):
            activity = ServiceActivityFactory(team=team, date=date(2026, 10, day))
            hours(activity, "12", cadre=person)
    figures = counting.tree_figures(tree.laoshan, MONTHS[3].start, MONTHS[3].end)
    assert figures[tree.ruidu.pk]["volunteers"] == figures[tree.miaoling.pk]["volunteers"] == 1
    assert figures[tree.jinjialing.pk]["volunteers"] == 1
    assert figures[tree.jinjialing.pk]["hours"] == Decimal("120.0")
    # 120 hours everywhere by October's end: the level of 120 hours in each community too.
    assert figures[tree.ruidu.pk]["stars"] == figures[tree.jinjialing.pk]["stars"]


def test_a_cold_dashboard_counts_in_a_fixed_number_of_queries(tree: Any, roles: Any) -> None:
    """No summary row yet: the district's first view counts its thirteen months and its
    streets set-based, in as many queries whatever the number of areas and records."""
    client = client_for(roles.district_admin)
    url = reverse("reports:dashboard")
    client.get(url)  # what any first page of a session keeps (the permissions)
    counts = []
    for seed in (1, 2):
        random_months(tree, seed) if seed == 1 else extra_street(tree)
        AreaMonth.objects.all().delete()
        with CaptureQueriesContext(connection) as cold:
            assert client.get(url, {"month": str(MONTHS[-1])}).status_code == 200
        with CaptureQueriesContext(connection) as warm:
            client.get(url, {"month": str(MONTHS[-1])})
        counts.append(len(page_queries(cold)) - len(page_queries(warm)))
    assert counts[0] == counts[1] <= 30


def page_queries(queries: CaptureQueriesContext) -> list[str]:
    """The page's own queries, without the session's bookkeeping and the visitor's
    account and permissions (read again after a new area)."""
    visitor = ("django_session", "SAVEPOINT", '"accounts_user"', '"auth_permission"')
    return [
        query["sql"]
        for query in queries.captured_queries
        if not any(name in query["sql"] for name in visitor)
    ]


def extra_street(tree: Any) -> None:
    """Another street with two communities and activity in each."""
    street = AreaFactory(name="北宅街道", code="beizhai", parent=tree.laoshan, level="street")
    for code in ("a", "b"):
        place = AreaFactory(name=f"社区{code}", code=f"bz{code}", parent=street)
        team = TeamFactory(area=place, cadre_members=2)
        activity = ServiceActivityFactory(team=team, date=MONTHS[-1].start)
        for member in team.members.all():
            hours(activity, "2", cadre=member.cadre)


def test_a_page_counts_the_volunteers_the_reports_left_out_of_a_trend_month(tree: Any) -> None:
    """Before the reports of November, the months only their trend reads are stored without
    volunteers; October, which November's figures are compared with, keeps them. A page
    showing September then counts its area's and children's, and August's to compare."""
    random_months(tree, 1)
    month = MONTHS[-1]
    for one in month.trailing(13):
        summary.refresh_all_trees(
            one,
            stars=summary.stars_for_reports(one, [month]),
            volunteers=summary.volunteers_for_reports(one, [month]),
        )
    stored = {
        one: AreaMonth.objects.get(area=tree.laoshan, month=one.start).volunteers for one in MONTHS
    }
    exact = {one: summary.compute(tree.laoshan, one)["volunteers"] for one in MONTHS}
    assert stored == {**dict.fromkeys(MONTHS[:3]), MONTHS[3]: exact[MONTHS[3]], month: exact[month]}

    september = MONTHS[2]
    board = dashboard_figures(
        area=tree.laoshan, month=september, viewer_scope=Scope(area=tree.laoshan)
    )
    assert board.value("volunteers") == exact[september] > 0
    assert board.by_key["volunteers"].previous == exact[MONTHS[1]] > 0
    for child in board.children:
        assert child["volunteers"] == summary.compute(child["area"], september)["volunteers"]
    # Kept for the next page; the communities' rows wait for a page of their street.
    kept = AreaMonth.objects.filter(month=september.start, volunteers__isnull=False)
    assert set(kept.values_list("area__level", flat=True)) == {"district", "street"}
    assert checking.check_rows() == []  # the nightly check passes rows left out over
