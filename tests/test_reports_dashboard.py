"""Dashboards: hand-counted figures, one truth with the lists and the PDF, scope, drill-down."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cadres.models import Cadre
from care.models import Visit
from laoshan_portal.accounts.models import Area
from reports import services, summary
from reports.models import AreaMonth, MonthlyReport
from reports.periods import Month
from tests.attacks.pages import result_count
from tests.care_people import person
from tests.conftest import client_for
from tests.factories.volunteering import ServiceActivityFactory, TeamFactory
from tests.reports_world import OCTOBER, build, eager_tasks  # noqa: F401 - a fixture
from volunteering.models import ServiceRecord, Team

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]
LIST_BACKED = ["cadres", "checkins", "service_activities", "cases_received", "cases_resolved",
               "lectures", "needs_open", "needs_matched"]  # fmt: skip


def board_of(client: Any, url: str) -> Any:
    response = client.get(url, {"month": str(OCTOBER)})
    assert response.status_code == 200
    return response.context["board"]


def kpis_in_html(html: str) -> dict[str, str]:
    return {key: value.strip() for key, value in re.findall(r'data-kpi="(\w+)">([^<]*)<', html)}


@pytest.mark.parametrize(
    ("user", "code"),
    [
        ("district_admin", "370212"),
        ("street_staff", "370212005"),
        ("secretary_a", "370212005001"),
        ("viewer", "370212"),
    ],  # fmt: skip
)
def test_it_shows_the_hand_counted_figures(user: str, code: str, tree: Any, roles: Any) -> None:
    world = build(tree)
    client = client_for(getattr(roles, user))
    response = client.get(reverse("reports:dashboard"), {"month": str(OCTOBER)})
    board = response.context["board"]
    assert board.area.code == code
    for key, value in world.expected[code].items():
        assert board.value(key) == value, key
    shown = kpis_in_html(response.content.decode())
    assert shown["hours_month"] == str(world.expected[code]["hours_month"])
    assert shown["cadres"] == str(world.expected[code]["cadres"])


def test_every_number_matches_the_list_behind_it(tree: Any, roles: Any) -> None:
    """One truth, part one: the dashboard and the lists its numbers link to."""
    world = build(tree)
    for user, url in (
        (roles.district_admin, reverse("reports:dashboard")),
        (roles.district_admin, reverse("reports:dashboard_area", args=[tree.jinjialing.pk])),
        (roles.street_staff, reverse("reports:dashboard_area", args=[tree.ruidu.pk])),
        (roles.viewer, reverse("reports:dashboard")),
    ):
        client = client_for(user)
        board = board_of(client, url)
        for key in LIST_BACKED:
            listed = result_count(client.get(board.by_key[key].link))
            assert listed == board.value(key), (url, key, board.by_key[key].link)
        ranking = client.get(board.by_key["hours_month"].link).context["totals"]
        assert ranking == {"volunteers": board.value("volunteers"),
                           "hours": board.value("hours_month")}  # fmt: skip
        year = client.get(board.by_key["hours_year"].link).context["totals"]
        assert year["hours"] == board.value("hours_year")
    assert world.expected["370212"]["cadres"] == 5


def pdf_text(report: MonthlyReport) -> str:
    handle = services.report_open(report)
    assert handle is not None
    with handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_prints_the_dashboards_figures(tree: Any, roles: Any) -> None:
    """One truth, part two: the report of the same area and month shows the same numbers."""
    world = build(tree)
    report, queued = services.report_request(area=tree.jinjialing, month=OCTOBER)
    assert queued and report.status == MonthlyReport.Status.DONE
    text = pdf_text(report)
    assert "金家岭街道" in text and "2026年10月" in text
    board = board_of(client_for(roles.street_staff), reverse("reports:dashboard"))
    lines = text.splitlines()
    for figure in board.figures:
        value = "—" if figure.value is None else str(figure.value)
        row = next(line for line in lines if line.startswith(str(figure.label)))
        assert row.split()[len(str(figure.label).split())].rstrip("%") == value, row
    assert str(world.expected["370212005"]["hours_month"]) in text
    assert "瑞都社区" in text  # the appendix of the areas below

    # One embedded face, the bundled common characters: the PDF does not depend on the
    # server's fonts, and the full face is not needed for a report's words and names.
    handle = services.report_open(report)
    assert handle is not None
    with handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts == {"Laoshan-Portal-Sans"}


def test_a_correction_to_an_old_record_shows_at_once(tree: Any, roles: Any) -> None:
    build(tree)
    client = client_for(roles.district_admin)
    assert board_of(client, reverse("reports:dashboard")).value("hours_month") == Decimal("12.5")
    assert AreaMonth.objects.filter(month=OCTOBER.start, stale=False).exists()
    record = ServiceRecord.objects.get(hours=Decimal("4"))
    record.status, record.decline_reason = ServiceRecord.Status.DECLINED, "日期有误"
    record.save()
    board = board_of(client, reverse("reports:dashboard"))
    assert board.value("hours_month") == Decimal("8.5")
    assert board.value("volunteers") == 3
    # The rows took the correction's own part: nothing is left to count again.
    assert not AreaMonth.objects.filter(stale=True).exists()


def test_bulk_writes_mark_every_row_stale(tree: Any, roles: Any) -> None:
    build(tree)
    summary.area_months(tree.laoshan, [OCTOBER])
    from laoshan_portal.signals import bulk_change

    bulk_change.send(sender=None)
    assert not AreaMonth.objects.filter(stale=False).exists()


def test_it_drills_down_from_district_to_street_to_community(tree: Any, roles: Any) -> None:
    build(tree)
    client = client_for(roles.district_admin)
    board = board_of(client, reverse("reports:dashboard"))
    streets = {row["area"].name: row for row in board.children}
    assert set(streets) == {"金家岭街道", "中韩街道"}
    assert streets["金家岭街道"]["hours"] == Decimal("8.5")
    street = board_of(client, streets["金家岭街道"]["link"])
    assert street.area == tree.jinjialing
    communities = {row["area"].name: row for row in street.children}
    assert communities["瑞都社区"]["cadres"] == 3 and communities["苗岭社区"]["cadres"] == 0
    community = board_of(client, communities["瑞都社区"]["link"])
    assert community.area == tree.ruidu
    # A compound rolls up into its community: listed, but with no dashboard to open.
    (compound,) = community.children
    assert compound["area"] == tree.qiantaiju and compound["link"] == ""


def test_charts_carry_their_data_and_links(tree: Any, roles: Any) -> None:
    build(tree)
    response = client_for(roles.district_admin).get(
        reverse("reports:dashboard"), {"month": str(OCTOBER)}
    )
    charts = response.context["charts"]
    assert charts["trend"]["labels"][-1] == "2026年10月"
    assert charts["trend"]["series"][0]["values"][-2:] == [5.0, 12.5]  # September, October
    assert charts["children"]["links"][0].startswith("/dashboard/")
    assert sum(charts["stars"]["values"]) == 4 + 0  # four volunteers served by October
    html = response.content.decode()
    for source in ("chart-trend", "chart-campaigns", "chart-children", "chart-mediation",
                   "chart-stars"):  # fmt: skip
        assert f'id="{source}"' in html and f'data-source="{source}"' in html


@pytest.mark.parametrize(
    ("user", "area"),
    [
        ("secretary_a", "wushan"),
        ("secretary_a", "jinjialing"),
        ("street_staff", "zhonghan"),
        ("district_admin", "shinan"),
        ("viewer", "tuandao"),
    ],  # fmt: skip
)
def test_other_areas_dashboards_are_not_found(user: str, area: str, tree: Any, roles: Any) -> None:
    client = client_for(getattr(roles, user))
    url = reverse("reports:dashboard_area", args=[getattr(tree, area).pk])
    assert client.get(url).status_code == 404


def test_a_compound_has_no_dashboard(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    url = reverse("reports:dashboard_area", args=[tree.qiantaiju.pk])
    assert client.get(url).status_code == 404


def test_a_month_to_come_or_nonsense_shows_the_opening_month(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    for month in ("2999-01", "2026-13", "abc", "'; DROP TABLE x"):
        response = client.get(reverse("reports:dashboard"), {"month": month})
        assert response.status_code == 200
        assert response.context["month"] == Month.opening()


def test_staff_without_an_area_are_told_why(tree: Any) -> None:
    from tests.factories.accounts import StaffFactory

    lone = StaffFactory(username="lone", area=None, role="")
    response = client_for(lone).get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert "没有" in response.content.decode() or "no area" in response.content.decode()


def test_the_dashboard_reads_a_fixed_number_of_queries(
    tree: Any, roles: Any, django_assert_max_num_queries: Any
) -> None:
    """Fresh summary rows: the same queries with little data and with more."""
    client = client_for(roles.district_admin)
    url = reverse("reports:dashboard")
    counts = []
    for _round in range(2):
        build(tree) if not counts else build_more(tree)
        client.get(url, {"month": str(OCTOBER)})  # computes the rows
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"month": str(OCTOBER)}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def build_more(tree: Any) -> None:
    from tests.reports_world import cadres, hours

    team = TeamFactory(area=tree.miaoling, name="苗岭队", kind="volunteer")
    for day in (4, 5, 6):
        activity = ServiceActivityFactory(
            team=team, date=OCTOBER.start.replace(day=day), title="巡查"
        )
        for cadre in cadres(tree.miaoling, 3, OCTOBER.start):
            hours(activity, "1", cadre=cadre)
    Area.objects.filter(pk=tree.miaoling.pk).update(name="苗岭社区")


def _move_wushan_team_to_ruidu(tree: Any) -> None:
    """A wider change the rows are counted again for: a team moved to another street."""
    team = Team.objects.get(name="银龄先锋午山队")
    team.area = tree.ruidu
    team.save()


def test_with_a_worker_the_month_shown_is_counted_at_once_and_the_trend_queued(
    tree: Any, roles: Any
) -> None:
    """With a broker, a stale month the page shows is counted before it answers (with the
    areas below it, in one pass); the trend's stale months are shown as of when, and
    queued for the worker."""
    from django.core.cache import cache

    from care import tasks as care_tasks
    from laoshan_portal.celery import app as celery_app
    from reports import tasks

    build(tree)
    client = client_for(roles.district_admin)
    street = reverse("reports:dashboard_area", args=[tree.zhonghan.pk])
    assert board_of(client, street).value("hours_month") == Decimal("4")  # every row computed
    board_of(client, reverse("reports:dashboard"))
    _move_wushan_team_to_ruidu(tree)
    cache.clear()
    celery_app.conf.task_always_eager = False  # restored by the eager_tasks fixture
    with (
        mock.patch.object(tasks.refresh_area_months, "apply_async") as queued,
        mock.patch.object(care_tasks.count_coverage, "apply_async") as care_queued,
    ):
        response = client.get(street, {"month": str(OCTOBER)})
    board = response.context["board"]
    assert board.value("hours_month") == 0  # the team has left the street: counted at once
    assert board.updating and "最新变动正在统计" in response.content.decode()
    asked = {call.kwargs["args"][0]: call.kwargs["args"][1] for call in queued.call_args_list}
    assert str(OCTOBER) not in asked[tree.zhonghan.pk]
    assert str(OCTOBER.shifted(-2)) in asked[tree.zhonghan.pk]  # the trend, marked stale
    for area_id, months in asked.items():
        tasks.refresh_area_months(area_id, months)  # the worker's part
    care_tasks.count_coverage(*care_queued.call_args.kwargs["args"])  # emptied cache: counted
    board = board_of(client, street)
    assert not board.updating and board.value("hours_month") == 0
    assert board_of(client, reverse("reports:dashboard")).value("hours_month") == Decimal("12.5")


def test_the_refresh_job_counts_stale_rows_and_starts_the_month_of_areas_in_use(
    tree: Any, roles: Any
) -> None:
    from reports import tasks
    from reports.periods import Month

    build(tree)
    this_month = Month.current()
    summary.area_months(tree.laoshan, [OCTOBER, this_month.previous()])
    summary.area_months(tree.jinjialing, [OCTOBER, this_month.previous()])
    _move_wushan_team_to_ruidu(tree)
    assert AreaMonth.objects.get(area=tree.jinjialing, month=OCTOBER.start).stale

    assert tasks.refresh_stale_summaries() >= 3
    october = AreaMonth.objects.get(area=tree.jinjialing, month=OCTOBER.start)
    assert not october.stale and october.hours == Decimal("12.5")
    # Last month's readers find this month's rows ready; an area nobody opened has none.
    started = set(
        AreaMonth.objects.filter(month=this_month.start).values_list("area__code", flat=True)
    )
    assert started == {tree.laoshan.code, tree.jinjialing.code}
    assert tasks.refresh_stale_summaries() == 0  # nothing left to do


@pytest.mark.clock("2026-12-04T10:00+08:00")  # the visits below are dated around it
def test_plan_coverage_is_one_figure_on_the_dashboard_the_pdf_and_the_plans_page(
    tree: Any, roles: Any
) -> None:
    """One truth, part three: 金家岭街道 in December 2026, counted by hand.

    甲 lives alone, visited 11-20 and at 重阳 → monthly and 重阳 done, 春节 not;
    乙 in hardship, visited at 春节 → 春节 done, 重阳 not: 5 due, 3 done, 60.0%.
    丙 in 中韩街道 (never visited) counts for the district, not for the street.
    """
    alone = person(tree.qiantaiju, "甲", living_arrangement=Cadre.Living.ALONE)
    hardship = person(tree.qiantaiju, "乙", hardship=True)
    person(tree.wushan, "丙", hardship=True)
    for cadre, day, kind in (
        (alone, date(2026, 11, 20), Visit.Kind.ROUTINE),
        (alone, date(2026, 10, 10), Visit.Kind.DOUBLE_NINTH),
        (hardship, date(2026, 2, 10), Visit.Kind.SPRING_FESTIVAL),
    ):
        Visit.objects.create(area=cadre.area, cadre=cadre, date=day, kind=kind)
    december = Month(2026, 12)
    client = client_for(roles.street_staff)
    response = client.get(reverse("reports:dashboard"), {"month": str(december)})
    figure = response.context["board"].by_key["care_coverage"]
    assert figure.value == 60.0
    assert kpis_in_html(response.content.decode())["care_coverage"] == "60.0"

    plans = client.get(figure.link)
    assert plans.context["total"].percent == 60.0
    assert (plans.context["total"].due, plans.context["total"].done) == (5, 3)
    assert {(item.cadre.name, item.plan) for item in plans.context["page"]} == {
        ("甲", Visit.Kind.SPRING_FESTIVAL),
        ("乙", Visit.Kind.DOUBLE_NINTH),
    }

    report, queued = services.report_request(area=tree.jinjialing, month=december)
    assert queued and report.status == MonthlyReport.Status.DONE
    label = str(figure.label)
    row = next(line for line in pdf_text(report).splitlines() if line.startswith(label))
    assert row.split()[len(label.split())] == "60.0%", row
    district = client_for(roles.district_admin).get(
        reverse("reports:dashboard"), {"month": str(december)}
    )
    assert district.context["board"].value("care_coverage") == round(100 * 3 / 7, 1)

    # A past month's figure stands at its last day, and so does the page it links to.
    november = client.get(reverse("reports:dashboard"), {"month": "2026-11"}).context["board"]
    link = november.by_key["care_coverage"].link
    assert "on=2026-11-30" in link
    assert client.get(link).context["total"].percent == november.value("care_coverage")
