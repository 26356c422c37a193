"""Signing in through the login form in a real browser."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.browser.steps import expect, log_in

if TYPE_CHECKING:
    from tests.browser.conftest import Browsing


def test_it_refuses_a_wrong_password_then_signs_in_and_shows_area_and_role(
    browsing: Browsing, roles: Any
) -> None:
    # One failure only: django-axes locks the name after five. The right password is typed
    # in a fresh context, as on another visit, with no cookie left from the failure.
    first = browsing.new_page()
    first.goto("/")
    expect(first).to_have_url("/accounts/login/?next=/")
    first.get_by_label("用户名").fill("street")
    first.get_by_label("密码").fill("not-the-password")
    first.get_by_role("button", name="登录").click()
    expect(first.get_by_role("alert")).to_contain_text("请输入一个正确的")
    expect(first.get_by_test_id("user-scope")).to_have_count(0)

    second = browsing.new_page()
    log_in(second, "street")
    expect(second).to_have_url("/")
    scope = second.get_by_test_id("user-scope")
    expect(scope).to_contain_text("金家岭街道")
    expect(scope).to_contain_text("街道工作人员")
    # The home page is about the user's own area: its communities, drawn as a chart too.
    expect(second.get_by_role("heading", level=1)).to_contain_text("金家岭街道")
    expect(second.get_by_role("link", name="瑞都社区")).to_be_visible()
    expect(second.get_by_role("link", name="苗岭社区")).to_be_visible()
    expect(second.get_by_role("img", name="各下级区域所辖区域数").locator("canvas")).to_be_visible()
