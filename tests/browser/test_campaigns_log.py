"""A community secretary logs an activity on a phone (375 px wide)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from campaigns.models import CampaignActivity
from tests.browser.steps import assert_fits_a_phone, expect, log_in, open_menu
from tests.factories.cadres import CadreFactory

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route


def test_it_logs_a_lecture_on_a_phone_and_lists_it(phone: Page, tree: Any, roles: Any) -> None:
    CadreFactory(area=tree.qiantaiju, name="钟昭群")
    log_in(phone, "sec_a")
    assert_fits_a_phone(phone)

    # On a phone the menu is folded behind its button.
    open_menu(phone, "菜单")
    log_link = phone.get_by_role("link", name="登记活动", include_hidden=True)
    phone.locator("li.dropdown").filter(has=log_link).get_by_role("button").click()
    log_link.click()
    expect(phone.get_by_role("heading", name="登记活动")).to_be_visible()
    assert_fits_a_phone(phone)

    phone.get_by_role("link", name="红色宣讲").click()
    form = phone.get_by_test_id("page-form")
    expect(form).to_be_visible()
    assert_fits_a_phone(phone)
    form.get_by_label("标题").fill("红色宣讲进校园")
    # The lecturer is found by typing the initials of the name, then tapping the result.
    lecturer = phone.locator(".cadre-picker").filter(has=phone.locator("#id_lecturer"))
    lecturer.get_by_role("searchbox").fill("zzq")
    lecturer.get_by_role("button", name="钟昭群 · 千泰居小区").click()
    expect(lecturer.locator("[data-picker-chosen]")).to_contain_text("钟昭群")
    form.get_by_label("宣讲主题").fill("人民英雄纪念碑“碑心石”的崂山故事")
    form.get_by_label("场所类型").select_option(label="校园")
    form.get_by_label("单位").fill("崂山区实验小学")
    form.get_by_label("听众人数").fill("180")
    assert_fits_a_phone(phone)
    form.get_by_role("button", name="保存").click()

    saved = phone.get_by_test_id("saved")
    expect(saved).to_contain_text("已保存")
    expect(saved).to_contain_text("红色宣讲进校园")
    expect(saved).to_contain_text("瑞都社区")
    assert_fits_a_phone(phone)

    phone.get_by_role("link", name="全部活动").click()
    cards = phone.get_by_test_id("activity-cards")
    expect(cards).to_be_visible()
    expect(cards.get_by_role("link", name="红色宣讲进校园")).to_be_visible()
    expect(cards).to_contain_text("180")
    assert_fits_a_phone(phone)

    activity = CampaignActivity.objects.get()
    assert (activity.area, activity.lecturer.name) == (tree.ruidu, "钟昭群")


def test_a_name_typed_before_the_picker_has_loaded_is_still_searched(
    phone: Page, tree: Any, roles: Any
) -> None:
    # On a slow phone the form shows before its script runs; what is typed meanwhile must count.
    CadreFactory(area=tree.qiantaiju, name="钟昭群")
    log_in(phone, "sec_a")
    held: list[Route] = []
    phone.route("**/js/picker.js", lambda route: held.append(route))
    phone.goto("/campaigns/activities/new/?campaign=red_heritage", wait_until="commit")
    lecturer = phone.locator(".cadre-picker").filter(has=phone.locator("#id_lecturer"))
    lecturer.get_by_role("searchbox").fill("zzq")
    for _ in range(300):
        if held:
            break
        phone.wait_for_timeout(50)
    assert held, "the page never asked for the picker's script"
    assert phone.locator("#id_lecturer").evaluate("select => select.hidden") is False

    held[0].fallback()
    lecturer.get_by_role("button", name="钟昭群 · 千泰居小区").click()
    expect(lecturer.locator("[data-picker-chosen]")).to_contain_text("钟昭群")


def test_the_picker_says_so_when_nobody_in_the_area_matches(
    phone: Page, tree: Any, roles: Any
) -> None:
    CadreFactory(area=tree.wushan, name="钟昭群")  # another street's community: not hers
    log_in(phone, "sec_a")
    phone.goto("/campaigns/activities/new/?campaign=red_heritage")
    lecturer = phone.locator(".cadre-picker").filter(has=phone.locator("#id_lecturer"))
    lecturer.get_by_role("searchbox").fill("钟昭群")
    results = lecturer.locator("[data-picker-results]")
    expect(results).to_have_text("您的辖区内没有匹配的人员。")
    expect(results.get_by_role("button")).to_have_count(0)
