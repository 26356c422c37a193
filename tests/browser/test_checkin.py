"""The public QR check-in on a phone, then its confirmation by the community secretary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cadres.checkins.links import checkin_public_path
from cadres.models import Cadre, CheckIn
from tests.browser.steps import assert_fits_a_phone, expect, log_in, open_menu
from tests.factories.cadres import id_number_for

if TYPE_CHECKING:
    from tests.browser.conftest import Browsing

ID_NUMBER = id_number_for("19580312", serial="135")  # odd serial digit: a man


def test_it_takes_a_qr_checkin_on_a_phone_that_the_secretary_confirms(
    browsing: Browsing, tree: Any, roles: Any
) -> None:
    # A resident scans the poster's QR code: no account, a phone.
    phone = browsing.new_page(phone=True)
    phone.goto(checkin_public_path(tree.ruidu))
    expect(phone.get_by_text("向瑞都社区报到").first).to_be_visible()
    assert_fits_a_phone(phone)
    phone.get_by_label("姓名", exact=True).fill("王建国")
    phone.get_by_label("手机号", exact=True).fill("13912345678")
    phone.get_by_label("身份证号", exact=True).fill(ID_NUMBER)
    phone.get_by_label("小区", exact=True).select_option(label="千泰居小区")
    phone.get_by_text("书法绘画", exact=True).click()
    phone.get_by_text("矛盾纠纷调解", exact=True).click()
    phone.get_by_label("我同意社区和老干部局保存以上信息").check()
    assert_fits_a_phone(phone)
    phone.get_by_role("button", name="提交报到").click()

    done = phone.get_by_test_id("checkin-done")
    expect(done).to_contain_text("报到信息已提交")
    expect(done).to_contain_text("谢谢您，王建国。瑞都社区已收到您的报到")
    expect(phone.get_by_text(ID_NUMBER)).to_have_count(0)  # nothing typed is echoed back
    assert_fits_a_phone(phone)

    # The secretary of that community, at the office computer.
    desk = browsing.new_page()
    log_in(desk, "sec_a")
    open_menu(desk, "银龄人才信息库")
    desk.get_by_role("link", name="社区报到").click()
    desk.get_by_role("link", name="王建国").click()
    expect(desk.get_by_test_id("checkin-status")).to_have_text("待确认")
    # The birth date is read from the ID number; the political status must be asked.
    expect(desk.get_by_label("出生日期", exact=True)).to_have_value("1958-03-12")
    desk.get_by_label("政治面貌", exact=True).select_option(label="中共党员")
    desk.get_by_role("button", name="确认并建立档案").click()

    expect(desk.get_by_role("alert")).to_contain_text("王建国的报到已确认，并已记入人才库")
    expect(desk.get_by_test_id("checkin-status")).to_have_text("已确认")

    open_menu(desk, "银龄人才信息库")
    desk.get_by_role("link", name="银龄人才信息库").click()
    row = desk.get_by_role("row").filter(has=desk.get_by_role("link", name="王建国"))
    expect(row).to_contain_text("千泰居小区")
    expect(row).to_contain_text("中共党员")
    expect(row).to_contain_text("书法绘画")

    checkin = CheckIn.objects.get()
    assert checkin.status == CheckIn.Status.CONFIRMED
    assert Cadre.objects.get().area == tree.qiantaiju
