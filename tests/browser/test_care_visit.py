"""A community secretary logs a care visit on a phone (375 px wide)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from cadres.models import Cadre
from care.models import Visit
from tests.browser.steps import assert_fits_a_phone, expect, log_in, open_menu
from tests.care_people import person

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_it_logs_a_visit_from_the_care_list_on_a_phone(phone: Page, tree: Any, roles: Any) -> None:
    person(tree.qiantaiju, "刘桂芳", living_arrangement=Cadre.Living.ALONE, born=date(1940, 3, 1))
    person(tree.qiantaiju, "钟昭群")
    log_in(phone, "sec_a")

    open_menu(phone, "菜单")
    care_link = phone.get_by_role("link", name="关爱对象", include_hidden=True)
    phone.locator("li.dropdown").filter(has=care_link).get_by_role("button").click()
    care_link.click()
    listing = phone.get_by_test_id("care-list")
    expect(listing).to_contain_text("独居")
    expect(listing).to_contain_text("80岁以上")
    assert_fits_a_phone(phone)

    listing.get_by_role("link", name="登记走访").click()
    form = phone.get_by_test_id("page-form")
    expect(form).to_be_visible()
    assert_fits_a_phone(phone)
    form.get_by_label("类别").select_option(label="日常走访")
    helper = phone.locator(".cadre-picker").filter(has=phone.locator("#id_cadre_visitors"))
    helper.get_by_role("searchbox").fill("钟昭")
    helper.get_by_role("button", name="钟昭群 · 千泰居小区").click()
    form.get_by_label("慰问物品").fill("牛奶、水果")
    form.get_by_label("金额（元）").fill("300")
    form.get_by_label("提出的需求").fill("楼道灯坏了")
    assert_fits_a_phone(phone)
    form.get_by_role("button", name="保存").click()

    fields = phone.get_by_test_id("visit-fields")
    expect(fields).to_contain_text("¥300.00")
    expect(fields).to_contain_text("钟昭群")
    assert_fits_a_phone(phone)
    phone.get_by_test_id("raise-need").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("刘桂芳")

    visit = Visit.objects.get()
    assert (visit.kind, visit.area, visit.need_id is not None) == ("routine", tree.qiantaiju, True)
