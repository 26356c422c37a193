"""A retiree on a phone offers to help on a need of their community (报名) and asks their
community for help (我要反映); the secretary finds the offer first on the need's matching
page and the concern on the to-do list. axe-core checks every page as it loads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.browser.steps import assert_fits_a_phone, expect, log_in
from tests.factories.cadres import CadreFactory, NeedFactory
from tests.factories.retirees import RETIREE_PASSWORD, RetireeAccountFactory

if TYPE_CHECKING:
    from tests.browser.conftest import Browsing


def test_a_retiree_signs_up_for_a_need_and_asks_for_help(
    browsing: Browsing, tree: Any, roles: Any
) -> None:
    account = RetireeAccountFactory(
        area=tree.qiantaiju, cadre__name="韩卫", cadre__specialties=["法律"]
    )
    need = NeedFactory(area=tree.ruidu, title="社区法律咨询日", specialties=["法律"])
    CadreFactory(area=tree.ruidu, specialties=["法律"])

    phone = browsing.new_page(phone=True)
    phone.goto("/my/login/")
    phone.get_by_label("手机号").fill(account.cadre.mobile)
    phone.get_by_label("密码").fill(RETIREE_PASSWORD)
    phone.get_by_role("button", name="登录").click()
    expect(phone.get_by_test_id("greeting")).to_contain_text("韩卫")

    phone.get_by_role("link", name="发挥作用：报名与建言献策").click()
    expect(phone.get_by_test_id("need")).to_contain_text("社区法律咨询日")
    assert_fits_a_phone(phone)
    phone.get_by_role("button", name="我能帮忙（报名）").click()
    expect(phone.get_by_test_id("my-offer")).to_contain_text("社区法律咨询日")
    assert_fits_a_phone(phone)

    phone.get_by_role("link", name="提建议").click()
    assert_fits_a_phone(phone)
    phone.get_by_role("link", name="返回").click()
    phone.get_by_role("link", name="返回我的").click()
    phone.get_by_role("link", name="我要反映").click()
    assert_fits_a_phone(phone)
    phone.get_by_label("反映什么事").select_option("neighbour")
    phone.get_by_label("请说说是什么情况").fill("楼上邻居夜间噪音，多次沟通无果。")
    phone.get_by_role("button", name="提交给社区").click()
    expect(phone.get_by_test_id("my-concern")).to_contain_text("邻里纠纷")
    phone.set_viewport_size({"width": 320, "height": 700})
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"my page scrolls sideways at 320 px: {width} px"

    desk = browsing.new_page()
    log_in(desk, "sec_a")
    desk.goto(f"/cadres/needs/{need.pk}/")
    first = desk.get_by_test_id("candidates").locator("li").first
    expect(first).to_contain_text("韩卫")
    expect(first.get_by_test_id("volunteered")).to_have_text("本人报名")
    desk.goto("/todo/")
    expect(desk.get_by_test_id("todo-concern")).to_contain_text("韩卫")
