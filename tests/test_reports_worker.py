"""Reports through a real Celery worker on the Redis broker (the service-backed lane)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from pypdf import PdfReader

from care.coverage import area_coverage, coverage_changed
from laoshan_portal.accounts.models import Area
from laoshan_portal.celery import app as celery_app
from laoshan_portal.scoping import Scope
from reports import services, tasks
from reports.models import AreaMonth, MonthlyReport
from tests.reports_world import OCTOBER, build

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_rows"),
]


def wait_for(report: MonthlyReport, *statuses: str, seconds: float = 90) -> MonthlyReport:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in statuses:
            return report
        time.sleep(0.2)
    raise AssertionError(f"report still {report.status}")


def test_the_worker_writes_the_report(tree: Any) -> None:
    assert not celery_app.conf.task_always_eager
    build(tree)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        report, queued = services.report_request(area=tree.jinjialing, month=OCTOBER)
        assert queued and report.status == MonthlyReport.Status.QUEUED
        report = wait_for(report, MonthlyReport.Status.DONE, MonthlyReport.Status.FAILED)
    assert report.status == MonthlyReport.Status.DONE, report.error
    handle = services.report_open(report)
    assert handle is not None and handle.read(5) == b"%PDF-"
    handle.close()


def test_the_worker_retries_a_failed_report(tree: Any) -> None:
    real = services.render_pdf
    calls = []

    def flaky(*args: Any, **kwargs: Any) -> bytes:
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("数据库连接中断")
        return real(*args, **kwargs)

    with (
        mock.patch.object(services, "render_pdf", side_effect=flaky),
        mock.patch.object(tasks, "RETRY_DELAY_SECONDS", 0),
        start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30),
    ):
        report, _ = services.report_request(area=tree.ruidu, month=OCTOBER)
        report = wait_for(report, MonthlyReport.Status.DONE)
    assert report.attempts == 2 and report.error == ""


def test_the_monthly_job_counts_first_then_writes_every_report(tree: Any, media: Path) -> None:
    """On the worker the job's parts (each month's rows, the coverage) are tasks of a
    chord on the broker; the reports are queued when the last is counted."""
    build(tree)
    areas = list(services.report_areas(scope=Scope(area=None, unrestricted=True)))
    rows = MonthlyReport.objects.filter(month=OCTOBER.start)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        tasks.generate_all_monthly_reports.delay(str(OCTOBER))
        deadline = time.monotonic() + 120
        while rows.filter(status=MonthlyReport.Status.DONE).count() < len(areas):
            assert time.monotonic() < deadline, list(rows.values_list("status", "error"))
            time.sleep(0.2)
    assert rows.count() == len(areas)
    assert (
        AreaMonth.objects.filter(month=OCTOBER.start, stale=False).count() == Area.objects.count()
    )
    with mock.patch("care.coverage.coverage_rows", side_effect=AssertionError("counted")):
        kept = [area_coverage(scope=Scope(area=area), area=area, day=OCTOBER.end) for area in areas]
    coverage_changed()  # what the job kept is forgotten: counted here, area by area
    assert kept == [
        area_coverage(scope=Scope(area=area), area=area, day=OCTOBER.end) for area in areas
    ]


def worker_process(media: Path) -> subprocess.Popen[bytes]:
    """A real worker in its own process, on the test database and this test's media."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD']}@"
        f"{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "MEDIA_ROOT": str(media),
    }
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "celery", "-A", "laoshan_portal", "worker", "--concurrency=1",
         "--loglevel=WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        env=env, start_new_session=True,
    )  # fmt: skip


def pool_children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)  # noqa: S603, S607
    return [int(line) for line in found.stdout.split()]


def test_a_worker_killed_mid_report_leaves_one_complete_report(tree: Any, media: Path) -> None:
    build(tree)
    folder = media / "reports" / tree.laoshan.code
    worker = worker_process(media)
    try:
        report, queued = services.report_request(area=tree.laoshan, month=OCTOBER)
        assert queued
        report = wait_for(report, MonthlyReport.Status.RUNNING, seconds=60)
        # What a kill during the write would leave beside the report:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".partial-2026-10-abcd1234.pdf").write_bytes(b"%PDF-1.7 half")
        for child in pool_children(worker.pid):
            os.kill(child, signal.SIGKILL)  # the pool process writing the report dies
        report = wait_for(report, MonthlyReport.Status.DONE, seconds=90)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    assert report.attempts >= 2  # the killed run, then the one the message went back for
    assert sorted(path.name for path in folder.iterdir()) == ["2026-10.pdf"]
    handle = services.report_open(report)
    assert handle is not None
    with handle:
        assert PdfReader(handle).pages  # complete: it parses
