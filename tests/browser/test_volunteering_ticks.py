"""A secretary logs a team's activity on a phone, ticking the members who took part."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tests.browser.steps import assert_fits_a_phone, expect, log_in
from tests.object_makers.volunteering import team_with_members
from volunteering.models import ServiceRecord

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_it_ticks_team_members_with_their_hours_on_a_phone(
    phone: Page, tree: Any, roles: Any
) -> None:
    team = team_with_members(tree.ruidu, name="瑞都志愿服务队", cadres=12, residents=2)
    members = list(team.members.order_by("pk"))
    log_in(phone, "sec_a")
    phone.goto("/volunteering/activities/new/")
    phone.get_by_label("队伍", exact=True).select_option(label="瑞都志愿服务队")
    ticks = phone.get_by_test_id("member-ticks")
    expect(ticks.get_by_role("checkbox")).to_have_count(14)
    assert_fits_a_phone(phone)

    phone.get_by_label("标题").fill("清扫楼道")
    phone.locator(f"#id_tick_m{members[0].pk}").check()
    phone.locator(f"#id_hours_m{members[0].pk}").fill("3")
    phone.locator(f"#id_tick_m{members[13].pk}").check()
    phone.get_by_label("每人时长（小时）").fill("2")
    assert_fits_a_phone(phone)
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_role("heading", name="清扫楼道")).to_be_visible()
    assert_fits_a_phone(phone)

    hours = {(r.cadre_id, r.member_id): r.hours for r in ServiceRecord.objects.all()}
    assert hours == {
        (members[0].cadre_id, None): Decimal("3.0"),
        (None, members[13].pk): Decimal("2.0"),
    }
