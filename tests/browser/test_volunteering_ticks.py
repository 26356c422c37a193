"""A secretary logs a team's or a workroom's activity on a phone, ticking who took part."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tests.browser.steps import assert_fits_a_phone, expect, log_in
from tests.factories.cadres import CadreFactory
from tests.factories.volunteering import TeamFactory
from tests.factories.workrooms import WorkroomFactory
from volunteering.models import ServiceRecord
from workrooms.models import Activity

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_it_ticks_team_members_with_their_hours_on_a_phone(
    phone: Page, tree: Any, roles: Any
) -> None:
    team = TeamFactory(area=tree.ruidu, name="瑞都志愿服务队", cadre_members=12, residents=2)
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


def test_it_ticks_workroom_members_on_a_phone(phone: Page, tree: Any, roles: Any) -> None:
    workroom = WorkroomFactory(area=tree.qiantaiju, name="千泰居老党员工作室")
    workroom.members.add(*[CadreFactory(area=tree.qiantaiju) for _ in range(3)])
    ticked = workroom.members.order_by("pk").first()
    log_in(phone, "sec_a")
    phone.goto("/workrooms/activities/new/")
    phone.locator("#id_workroom").select_option(value=str(workroom.pk))
    ticks = phone.get_by_test_id("member-ticks")
    expect(ticks.get_by_role("checkbox")).to_have_count(4)
    assert_fits_a_phone(phone)
    ticks.get_by_label(str(ticked)).check()
    phone.locator("#id_kind").select_option(index=1)
    phone.locator("#id_people_served").fill("12")
    phone.locator("#id_summary").fill("议事：电动车充电")
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_test_id("saved").or_(phone.locator(".alert-success"))).to_be_visible()
    assert list(Activity.objects.get().participants.all()) == [ticked]
