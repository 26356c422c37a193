"""Browser tests: real journeys through the portal in headless Chromium, on a live server.

Debian's ``/usr/bin/chromium`` is driven by Playwright (no browser of Playwright's own is
downloaded). Every test gets fresh browser contexts that record every request, abort and
report any request that would leave the live server on 127.0.0.1, and fail the test on a
console error, an uncaught script error or a server error. A screenshot of each page's
final state (the failing state, when a test fails) is kept in var/test-artifacts/browser/.

Without Chromium or Playwright the tests are skipped; CI sets LAOSHAN_FORBID_SKIPS=1, where
tests/conftest.py turns any skip into a failed run.

Dashboard and report journeys (charts drawn with no console error, report regeneration with
its live status) are in test_dashboards.py and test_reports.py.

Every page is checked with axe-core (accessibility.py) when it loads and in its final
state: a critical or serious violation is a problem like a console error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections

from tests.browser.accessibility import axe_violations

try:
    from playwright.sync_api import (
        Browser,
        ConsoleMessage,
        Page,
        Request,
        Response,
        Route,
        expect,
        sync_playwright,
    )
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # pragma: no cover - the skip below says why
    sync_playwright = None

CHROMIUM = "/usr/bin/chromium"
HERE = Path(__file__).parent
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts" / "browser"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
# The machine running the tests may be slow and shared: wait generously for a page.
TIMEOUT_MS = 15_000

# The live server listens on the IPv4 loopback, so every allowed URL is 127.0.0.1.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


def _missing() -> str:
    if sync_playwright is None:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
    return ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items: only those in this directory are marked.
    missing = _missing()
    for item in items:
        if HERE not in item.path.parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing:
            item.add_marker(pytest.mark.skip(reason=f"browser tests: {missing}"))


@dataclass
class Browsing:
    """The browser of one test: the pages it opened, every request, and what went wrong."""

    browser: Browser
    origin: str
    pages: list[Page] = field(default_factory=list, repr=False)
    requests: list[str] = field(default_factory=list, repr=False)
    problems: list[str] = field(default_factory=list, repr=False)

    def new_page(self, *, phone: bool = False) -> Page:
        """A page in a fresh context (own cookies): a desktop, or a 375-px-wide phone."""
        options: dict[str, Any] = {
            "base_url": self.origin,
            "locale": "zh-CN",
            "timezone_id": settings.TIME_ZONE,
            "viewport": PHONE if phone else DESKTOP,
        }
        if phone:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        context = self.browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", self._only_the_live_server)
        context.on("request", self._record)
        context.on("response", self._server_error)
        page = context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("load", self._check_accessibility)
        self.pages.append(page)
        return page

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in {"data", "blob"} or f"{parts.scheme}://{parts.netloc}" == (
            self.origin
        )

    def _only_the_live_server(self, route: Route) -> None:
        if self._allowed(route.request.url):
            route.fallback()
        else:
            route.abort("blockedbyclient")

    def _record(self, request: Request) -> None:
        self.requests.append(f"{request.method} {request.url}")
        if not self._allowed(request.url):
            self.problems.append(f"request off the live server: {request.method} {request.url}")

    def _server_error(self, response: Response) -> None:
        if response.status >= 500:
            self.problems.append(f"server error {response.status}: {response.url}")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = f"{message.location['url'] or self.origin}:{message.location['lineNumber']}"
            self.problems.append(f"console error at {where}: {message.text}")

    def _check_accessibility(self, page: Page) -> None:
        try:
            found = axe_violations(page)
        except PlaywrightError:
            return  # the journey went on to the next page meanwhile: checked there
        self.problems.extend(problem for problem in found if problem not in self.problems)

    def settle(self) -> None:
        """Let events still in flight (console messages, late requests) arrive; check the
        final state of every page with axe-core."""
        for page in self.pages:
            if not page.is_closed():
                page.wait_for_load_state()
                page.evaluate("0")
                self._check_accessibility(page)

    def save_screenshots(self, name: str) -> None:
        """``<name>.png`` for the first page, ``<name>-2.png`` … for the others."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for number, page in enumerate(self.pages, start=1):
            path = ARTIFACTS / (f"{name}.png" if number == 1 else f"{name}-{number}.png")
            try:
                page.screenshot(path=path, full_page=True)
            except PlaywrightError:
                pass  # a closed or crashed page has nothing to show


BROWSING = pytest.StashKey[Browsing]()


@pytest.fixture(autouse=True)
def _browser_test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Playwright's sync API keeps an asyncio event loop running in this thread, so Django
    # would refuse the test's own queries (SynchronousOnlyOperation). Nothing here is async:
    # the live server answers the browser from its own threads. Allowed for these tests only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Rate limits (the public check-in page) count in the cache; each journey starts afresh.
    cache.clear()


@pytest.fixture
def browsing(
    request: pytest.FixtureRequest,
    live_server: Any,
    migrated_rows: None,
    _browser_test_environment: None,
) -> Iterator[Browsing]:
    """Chromium for one test, on a live server with the migrated rows in place."""
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--lang=zh-CN"]
        )
        browsing = Browsing(browser=browser, origin=live_server.url)
        request.node.stash[BROWSING] = browsing
        try:
            yield browsing
        finally:
            browsing.save_screenshots(re.sub(r"[^\w.-]+", "_", request.node.name))
            browser.close()
            # While Playwright's loop runs, Django's per-context connection storage gives the
            # test's queries a connection of their own. Close it here, still in that context,
            # or PostgreSQL keeps a session open on the test database.
            connections.close_all()


@pytest.fixture
def page(browsing: Browsing) -> Page:
    """A desktop page."""
    return browsing.new_page()


@pytest.fixture
def phone(browsing: Browsing) -> Page:
    """A phone: 375 px wide, touch, the page's viewport meta honoured."""
    return browsing.new_page(phone=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    result = yield  # a failing test fails as it is; what the browser saw is reported below
    browsing = item.stash.get(BROWSING, None)
    if browsing is not None:
        browsing.settle()
        if browsing.problems:
            raise AssertionError("the browser saw problems:\n  " + "\n  ".join(browsing.problems))
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    browsing = item.stash.get(BROWSING, None)
    if browsing is not None and report.when == "call" and report.failed:
        report.sections.append(("browser requests", "\n".join(browsing.requests)))
        if browsing.problems:
            report.sections.append(("browser problems", "\n".join(browsing.problems)))
    return report
