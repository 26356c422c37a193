"""A retiree's first visit on a phone: the secretary prints the activation slip from the
cadre's page, the retiree opens their account with the code and lands on 我的, in large
type, without sideways scrolling, with the larger-text switch remembered."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tests.browser.steps import assert_fits_a_phone, expect, log_in
from tests.factories.retirees import MobileCadreFactory
from tests.factories.volunteering import ServiceRecordFactory

if TYPE_CHECKING:
    from tests.browser.conftest import Browsing

NEW_PASSWORD = "Haibin-Qingdao-77"


def test_a_retiree_opens_their_account_with_the_slip_and_sees_my_page(
    browsing: Browsing, tree: Any, roles: Any
) -> None:
    cadre = MobileCadreFactory(area=tree.qiantaiju, name="官华", mobile="13905320001")
    ServiceRecordFactory(area=tree.ruidu, cadre=cadre, hours=Decimal("12.5"))

    desk = browsing.new_page()
    log_in(desk, "sec_a")
    desk.goto(f"/cadres/{cadre.pk}/")
    desk.get_by_role("link", name="本人账号开通码").click()
    desk.get_by_role("button", name="发放开通码并打印纸条").click()
    code = desk.get_by_test_id("activation-code").inner_text().strip()
    assert len(code) == 8

    phone = browsing.new_page(phone=True)
    phone.goto("/my/activate/")
    assert_fits_a_phone(phone)
    phone.get_by_label("开通码（纸条上的8位数字）").fill(code)
    phone.get_by_label("您的手机号").fill("13905320001")
    phone.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    phone.get_by_label("再输一遍新密码").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="开通我的账号").click()

    expect(phone).to_have_url("/my/")
    expect(phone.get_by_test_id("greeting")).to_contain_text("官华")
    expect(phone.get_by_test_id("total-hours")).to_have_text("12.5")
    assert_fits_a_phone(phone)
    body_size = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_size >= 18

    phone.get_by_role("button", name="字再大一些").click()
    expect(phone.locator("body")).to_have_class("retiree larger-text")
    phone.reload()
    expect(phone.locator("body")).to_have_class("retiree larger-text")
    phone.set_viewport_size({"width": 320, "height": 700})
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"my page scrolls sideways at 320 px: {width} px"
