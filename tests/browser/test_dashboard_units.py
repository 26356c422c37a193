"""At 1366 px a dashboard figure of demo size keeps its unit (小时) on its own line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection

from laoshan_portal.signals import bulk_change
from tests.browser.layout import wrapped
from tests.browser.steps import expect, log_in
from tests.reports_world import OCTOBER, build
from volunteering.models import ServiceActivity, ServiceRecord, Team, TeamMember

if TYPE_CHECKING:
    from tests.browser.conftest import Browsing

pytestmark = pytest.mark.clock("2026-11-20T10:00:00+08:00")
LAPTOP = {"width": 1366, "height": 900}


def _many_hours(area: Any, people: int) -> None:
    """``people`` residents serving 23.5 hours each at one October activity."""
    team = Team.objects.create(area=area, name="瑞都社区志愿服务总队", kind="volunteer")
    activity = ServiceActivity.objects.create(team=team, date=date(2026, 10, 25), title="迎检")
    members = TeamMember.objects.bulk_create(
        TeamMember(team=team, resident_name=f"居民{index}") for index in range(people)
    )
    ServiceRecord.objects.bulk_create(
        ServiceRecord(activity=activity, member=member, date=activity.date, hours=Decimal("23.5"))
        for member in members
    )
    bulk_change.send(sender=None)
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load in production: without statistics the
        # planner takes the new rows for a handful and the star counts crawl.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def test_demo_sized_hours_keep_their_unit_beside_them_at_1366_px(
    browsing: Browsing, tree: Any, roles: Any
) -> None:
    build(tree)
    _many_hours(tree.ruidu, 4_700)  # over 110,000 hours: the district's figure in the demo
    page = browsing.new_page()
    page.set_viewport_size(LAPTOP)
    log_in(page, "street")
    page.goto(f"/dashboard/?month={OCTOBER}")
    hours = page.locator('[data-kpi="hours_month"]')
    expect(hours).to_contain_text("小时")
    assert len(hours.inner_text().split("小时")[0].strip()) >= 8  # e.g. 110,458.5
    assert wrapped(page, "[data-kpi]") == []
