"""Steps the browser journeys share: signing in through the form, checking a phone layout.

The test modules take ``expect`` from here: without Playwright they still import, and the
conftest reports their tests as skipped (a failure in CI) rather than as broken.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.factories.accounts import PASSWORD

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - every test here is skipped then
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Page

PHONE_WIDTH = 375


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form and wait for the home page.

    The journeys sign in as street staff and community secretaries: administrators would
    be asked for their TOTP second step (ADMIN_TWO_FACTOR, left on as in production), which
    tests/test_two_factor.py covers.
    """
    page.goto("/")  # an anonymous visitor is sent to the login form
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("user-scope")).to_be_attached()


def open_menu(page: Page, name: str) -> None:
    """Open the menu ``name`` of the navigation bar, once the page's scripts have run.

    The menus are Bootstrap dropdowns: a tap that lands before bootstrap.bundle.js has run
    opens nothing, as it would for a person on a slow connection who tapped too soon.
    """
    page.wait_for_load_state()
    page.get_by_role("button", name=name).click()


def assert_fits_a_phone(page: Page) -> None:
    """Nothing on the page is wider than the phone: no sideways scrolling."""
    page.wait_for_load_state("load")  # measured with its stylesheets applied
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} scrolls sideways on a phone: {width} px wide"
