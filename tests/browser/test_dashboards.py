"""The dashboard of a street: its figures, its charts, the drill-down and the month chosen."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from reports.periods import Month
from tests.browser.steps import assert_fits_a_phone, expect, log_in, open_menu
from tests.factories.volunteering import ServiceActivityFactory
from tests.reports_world import OCTOBER, build, eager_tasks, hours
from volunteering.models import Team, TeamMember

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

KPIS = ["cadres", "checkins", "volunteers", "hours_month", "hours_year", "service_activities",
        "cases_received", "cases_resolved", "success_rate", "lectures", "audience",
        "needs_open", "needs_matched", "university_courses", "university_attendance",
        "room_bookings", "coverage", "care_coverage", "funds_spent",
        "funds_remaining"]  # fmt: skip


# The journeys live in the month after tests/reports_world.py's October.
# The figures are counted in the page, as in the embedded default (with a broker, a
# never-opened month's trend is left to a worker: tests/test_reports_first_view.py).
pytestmark = [
    pytest.mark.clock("2026-11-20T10:00:00+08:00"),
    pytest.mark.usefixtures("eager_tasks"),
]
__all__ = ["eager_tasks"]  # the fixture, used by name


def build_two_months(tree: Any) -> Month:
    """October 2026 of tests/reports_world.py, and 3 hours served in 瑞都 this month."""
    build(tree)
    this_month = Month.current()
    assert this_month == OCTOBER.shifted(1)
    team = Team.objects.get(name="山海夕阳红瑞都队")
    activity = ServiceActivityFactory(team=team, date=timezone.localdate(), title="助老送餐")
    hours(activity, "3", member=TeamMember.objects.get(team=team, resident_name="居民甲"))
    return this_month


def kpi(page: Page, key: str) -> Locator:
    return page.get_by_test_id("kpis").locator(f'[data-kpi="{key}"]')


def shows(value: str) -> re.Pattern[str]:
    """A KPI's text: the number, then its unit.

    Hours are shown as the database returns their sum: "3.0" on PostgreSQL, "3" on SQLite
    when the month's row has just been computed, so trailing zeros are left open.
    """
    number = re.escape(value) + ("0*" if "." in value else r"(\.0+)?")
    return re.compile(rf"^\s*{number}(\s|$)")


def assert_every_chart_is_drawn(page: Page, count: int | None = None) -> None:
    """Every chart on a canvas: ``count`` of them, or at least the four every area has."""
    page.wait_for_load_state()
    charts = page.locator("[data-chart]")
    if count is not None:
        expect(charts).to_have_count(count)
    count = charts.count()
    assert count >= 4, f"{page.url} shows {count} charts"
    for index in range(count):
        chart = charts.nth(index)
        if "chart-is-empty" in (chart.get_attribute("class") or ""):
            expect(chart).to_have_text("暂无数据")  # nothing to draw, and it says so
            continue
        canvas = chart.locator("canvas")
        expect(canvas).to_have_count(1)
        size = canvas.evaluate("c => [c.width, c.height, c.clientWidth, c.clientHeight]")
        assert min(size) > 0, f"{chart.get_attribute('data-source')} drew an empty canvas: {size}"


def click_bar(page: Page, source: str, label: str) -> None:
    """Click the middle of one bar of a chart, where ECharts drew it on its canvas."""
    chart = page.locator(f'[data-chart][data-source="{source}"]')
    chart.scroll_into_view_if_needed()
    # A bar takes clicks where it is drawn: wait for the bars to have grown to full height
    # (the test ECharts itself makes before it reports a chart "finished").
    chart.evaluate(
        """element => new Promise(resolve => {
            const animation = echarts.getInstanceByDom(element).getZr().animation;
            const check = () => animation.isFinished() ? resolve() : requestAnimationFrame(check);
            check();
        })"""
    )
    x, y = chart.evaluate(
        """(element, label) => {
            const chart = echarts.getInstanceByDom(element);
            const option = chart.getOption();
            const index = option.xAxis[0].data.indexOf(label);
            const value = option.series[0].data[index];
            return chart.convertToPixel({seriesIndex: 0}, [index, value / 2]);
        }""",
        label,
    )
    chart.click(position={"x": x, "y": y})


def test_street_staff_read_their_dashboard_and_drill_down(
    page: Page, tree: Any, roles: Any
) -> None:
    this_month = build_two_months(tree)
    log_in(page, "street")
    open_menu(page, "数据看板")
    page.get_by_role("link", name="数据看板").click()

    # This month first: the 3 hours served now, against October's 8.5.
    expect(page.get_by_role("heading", level=1)).to_contain_text("金家岭街道")
    expect(page.get_by_role("heading", level=1)).to_contain_text(this_month.label)
    cards = page.get_by_test_id("kpis").locator(".kpi-card")
    expect(cards).to_have_count(len(KPIS))
    for index in range(len(KPIS)):
        expect(cards.nth(index)).to_be_visible()
    assert [card.get_attribute("data-kpi") for card in cards.locator("[data-kpi]").all()] == KPIS
    expect(kpi(page, "hours_month")).to_have_text(shows("3"))
    hours_card = page.locator('[data-kpi-link="hours_month"]')
    # The month is running: it is marked so, and compared with 1–20 October.
    expect(page.get_by_test_id("as-of-day")).to_have_text("截至 2026-11-20")
    expect(hours_card).to_contain_text("较上月同期 -5.5")
    assert_every_chart_is_drawn(page, 5)

    # The month selector: October, the month of the hand-counted figures.
    form = page.get_by_test_id("month-form")
    form.get_by_label("月份").select_option(str(OCTOBER))
    form.get_by_role("button", name="显示").click()
    expect(page).to_have_url(re.compile(r"[?&]month=2026-10(&|$)"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026年10月")
    expect(form.get_by_label("月份")).to_have_value(str(OCTOBER))
    for key, value in {"hours_month": "8.5", "hours_year": "13.5", "cadres": "3",
                       "volunteers": "3", "service_activities": "2", "cases_received": "1",
                       "cases_resolved": "2", "lectures": "1", "audience": "120",
                       "needs_open": "1"}.items():  # fmt: skip
        expect(kpi(page, key)).to_have_text(shows(value))
    assert_every_chart_is_drawn(page, 5)
    children = page.get_by_test_id("children")
    expect(children.locator("tbody tr")).to_have_count(2)
    ruidu_row = children.get_by_role("row").filter(has=page.get_by_role("link", name="瑞都社区"))
    expect(ruidu_row.locator("td")).to_have_text(["瑞都社区", "3", "3", "8.5", "2"])

    # A click on 瑞都's bar opens the community's dashboard, in the same month.
    click_bar(page, "chart-children", "瑞都社区")
    expect(page).to_have_url(re.compile(rf"/dashboard/{tree.ruidu.pk}/\?month=2026-10$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("瑞都社区")
    breadcrumb = page.get_by_role("navigation", name="导航路径")
    expect(breadcrumb.get_by_role("link", name="金家岭街道")).to_be_visible()
    expect(breadcrumb.get_by_role("link", name="崂山区")).to_have_count(0)  # out of their reach
    expect(kpi(page, "hours_month")).to_have_text(shows("8.5"))
    assert_every_chart_is_drawn(page)

    # Back up through the breadcrumb, then down through the table's link.
    breadcrumb.get_by_role("link", name="金家岭街道").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("金家岭街道")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026年10月")
    page.get_by_test_id("children").get_by_role("link", name="苗岭社区").click()
    expect(page).to_have_url(re.compile(rf"/dashboard/{tree.miaoling.pk}/\?month=2026-10$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("苗岭社区")
    expect(breadcrumb.get_by_role("link", name="金家岭街道")).to_be_visible()
    expect(kpi(page, "hours_month")).to_have_text(shows("0.0"))
    expect(kpi(page, "cadres")).to_have_text(shows("0"))
    assert_every_chart_is_drawn(page)


def test_a_chart_with_nothing_to_draw_says_so(page: Page, tree: Any, roles: Any) -> None:
    build_two_months(tree)
    log_in(page, "street")
    page.goto(f"/dashboard/{tree.miaoling.pk}/?month={OCTOBER}")  # nothing in 苗岭 yet
    charts = page.locator("[data-chart]")
    expect(charts).to_have_count(4)
    for index in range(4):
        expect(charts.nth(index)).to_have_text("暂无数据")
        expect(charts.nth(index).locator("canvas")).to_have_count(0)
    # 瑞都's charts have figures to draw and draw them.
    page.goto(f"/dashboard/{tree.ruidu.pk}/?month={OCTOBER}")
    expect(page.locator('[data-source="chart-trend"] canvas')).to_have_count(1)


def test_the_dashboard_fits_a_phone(phone: Page, tree: Any, roles: Any) -> None:
    build_two_months(tree)
    log_in(phone, "street")
    phone.goto(f"/dashboard/?month={OCTOBER}")
    expect(kpi(phone, "hours_month")).to_have_text(shows("8.5"))
    assert_every_chart_is_drawn(phone, 5)
    assert_fits_a_phone(phone)
