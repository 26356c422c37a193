"""A community secretary asks for her monthly report and watches it being written.

How the report gets written depends on the lane, as it does in production:

- With a broker (REDIS_URL set: the PostgreSQL + Redis lane of CI) the request only queues
  the task. The page then shows the queued row, and only after the browser has seen it does
  the test start a real Celery worker in a thread, so the row's change to "ready" can only
  reach the page through the row's own htmx polling (every 2 s), never through a reload.
- Without a broker (the SQLite lane) tasks run in the request, as in the embedded
  deployment (CELERY_TASK_ALWAYS_EAGER): the report is written within the POST and its row
  comes back ready, so there the change is seen as the row swapped in place after 重新生成.
  No worker is started on the in-process memory broker there: it would write to the
  in-memory SQLite test database from a third thread, beside the live server's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from celery.contrib.testing.worker import start_worker

from laoshan_portal.celery import app as celery_app
from reports import services
from reports.models import MonthlyReport
from tests.browser.steps import expect, log_in, open_menu
from tests.reports_world import OCTOBER, build

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from tests.browser.conftest import Browsing

BUSY = re.compile(r"^(queued|running)$")
# Writing a PDF on a slow, shared machine, then the next poll (every 2 s) to show it.
WRITTEN_MS = 90_000


@contextmanager
def tasks_in_place() -> Iterator[None]:
    """Run tasks in the caller for a moment, whatever the lane (a report made beforehand)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = previous


def a_worker() -> Any:
    return start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30)


def mark_the_page(page: Page) -> None:
    """A flag that only a reload (a new document) would take away."""
    page.evaluate("window.notReloaded = true")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.notReloaded === true"), "the page was reloaded"


def row_of(page: Page, report: MonthlyReport) -> Locator:
    return page.locator(f"tr#report-{report.pk}")


def test_the_secretary_watches_her_report_being_written(
    browsing: Browsing, page: Page, tree: Any, roles: Any
) -> None:
    with_broker = not celery_app.conf.task_always_eager
    build(tree)
    with tasks_in_place():
        other, _ = services.report_request(area=tree.wushan, month=OCTOBER)
    assert other.status == MonthlyReport.Status.DONE

    log_in(page, "sec_a")
    open_menu(page, "数据看板")
    page.get_by_role("link", name="月度报告").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("月度报告")
    reports = page.get_by_test_id("reports")
    expect(reports.locator("tbody tr")).to_have_count(1)
    expect(reports).to_contain_text("暂无报告")
    expect(reports).not_to_contain_text("午山社区")  # 午山's report is not hers to see

    form = page.get_by_test_id("generate-form")
    area = form.get_by_label("区域")
    expect(area.locator("option")).to_have_text(["瑞都社区 · 社区（村）"])
    area.select_option(str(tree.ruidu.pk))
    # One month picker: the month shown is the month generated.
    page.get_by_label("月份", exact=True).select_option(str(OCTOBER))
    page.get_by_role("button", name="显示").click()
    form.get_by_role("button", name="生成2026年10月报告").click()

    expect(page).to_have_url(re.compile(r"/reports/\?month=2026-10$"))
    report = MonthlyReport.objects.get(area=tree.ruidu, month=OCTOBER.start)
    row = row_of(page, report)
    expect(reports.locator("tbody tr")).to_have_count(1)
    expect(row.get_by_role("link", name="瑞都社区")).to_be_visible()
    mark_the_page(page)
    if with_broker:
        expect(row).to_have_attribute("data-status", "queued")
        expect(row).to_contain_text("排队中")
        expect(row.locator(".spinner-border")).to_be_attached()  # the spinner
        expect(row.get_by_role("link", name="查看")).to_have_count(0)
    polls_before = browsing.requests.count(f"GET {browsing.origin}/reports/{report.pk}/")

    with a_worker() if with_broker else nullcontext():
        expect(row).to_have_attribute("data-status", "done", timeout=WRITTEN_MS)
        expect(row).to_contain_text("已生成")
        expect(row.locator(".spinner-border")).to_have_count(0)
        assert_not_reloaded(page)
        if with_broker:  # the change came through the row's polling
            polls = browsing.requests.count(f"GET {browsing.origin}/reports/{report.pk}/")
            assert polls > polls_before

        view = row.get_by_role("link", name="查看")
        expect(view).to_be_visible()
        response = page.request.get(view.get_attribute("href") or "")
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF-")
        with page.expect_download() as download:
            row.get_by_role("link", name="下载").click()
        assert download.value.suggested_filename == "瑞都社区-2026-10-月度报告.pdf"
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")

        # Written again from the row's own button: the row is swapped in place.
        row.evaluate("element => { element.dataset.before = 'yes'; }")
        row.get_by_role("button", name="重新生成").click()
        expect(row).not_to_have_attribute("data-before", "yes")  # the answer replaced it
        if with_broker:
            expect(row).to_have_attribute("data-status", BUSY)
        expect(row).to_have_attribute("data-status", "done", timeout=WRITTEN_MS)
        expect(row.get_by_role("link", name="查看")).to_be_visible()
        expect(row.get_by_role("button", name="重新生成")).to_be_visible()
        assert_not_reloaded(page)

    report.refresh_from_db()
    assert (report.status, report.attempts) == (MonthlyReport.Status.DONE, 2)
    expect(reports.locator("tbody tr")).to_have_count(1)
    expect(reports).not_to_contain_text("午山社区")
    other.refresh_from_db()
    assert other.attempts == 1  # nobody wrote 午山's report again
    assert page.request.get(f"/reports/{other.pk}/pdf/").status == 404
