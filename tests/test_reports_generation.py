"""Monthly reports: idempotent atomic writes, failures on the row, scope, the page, the command."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from laoshan_portal.celery import app as celery_app
from reports import services
from reports.models import MonthlyReport
from reports.tasks import generate_all_monthly_reports
from tests.conftest import client_for
from tests.reports_world import OCTOBER, build, eager_tasks  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def files_under(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_a_rerun_replaces_the_report_and_keeps_one(tree: Any, media: Path) -> None:
    build(tree)
    first, _ = services.report_request(area=tree.ruidu, month=OCTOBER)
    first_bytes = services.report_open(first).read()  # type: ignore[union-attr]
    second, _ = services.report_request(area=tree.ruidu, month=OCTOBER)
    assert first.pk == second.pk and MonthlyReport.objects.count() == 1
    assert second.status == MonthlyReport.Status.DONE and second.attempts == 2
    assert second.generated_at >= first.generated_at
    assert files_under(media) == ["reports/370212005001/2026-10.pdf"]
    assert services.report_open(second).read()[:5] == first_bytes[:5] == b"%PDF-"  # type: ignore[union-attr]


def test_a_failure_keeps_the_previous_report_and_shows_the_error(
    tree: Any, roles: Any, media: Path
) -> None:
    build(tree)
    report, _ = services.report_request(area=tree.ruidu, month=OCTOBER)
    before = services.report_open(report).read()  # type: ignore[union-attr]
    with mock.patch.object(services, "render_pdf", side_effect=RuntimeError("字体缺失")):
        report, queued = services.report_request(area=tree.ruidu, month=OCTOBER)
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.FAILED
    assert "字体缺失" in report.error
    assert services.report_open(report).read() == before  # type: ignore[union-attr]
    assert files_under(media) == ["reports/370212005001/2026-10.pdf"]  # no partial file
    page = client_for(roles.secretary_a).get(reverse("reports:report_list"))
    html = page.content.decode()
    assert "字体缺失" in html and reverse("reports:report_file", args=[report.pk]) in html


def test_a_crash_while_writing_leaves_no_partial_file(tree: Any, media: Path) -> None:
    build(tree)
    report, _ = services.report_request(area=tree.ruidu, month=OCTOBER)
    before = services.report_open(report).read()  # type: ignore[union-attr]
    with mock.patch.object(services.os, "replace", side_effect=OSError("disk full")):
        with pytest.raises(OSError):
            services.report_generate(report.pk)
    assert files_under(media) == ["reports/370212005001/2026-10.pdf"]
    assert services.report_open(report).read() == before  # type: ignore[union-attr]


def test_the_broker_down_is_said_on_the_row_and_to_the_user(
    tree: Any, roles: Any, settings: Any
) -> None:
    celery_app.conf.task_always_eager = False  # restored by the eager_tasks fixture
    client = client_for(roles.secretary_a)
    with mock.patch(
        "reports.tasks.generate_monthly_report.apply_async",
        side_effect=ConnectionRefusedError("redis"),
    ):
        response = client.post(
            reverse("reports:report_generate"),
            {"area": tree.ruidu.pk, "month": str(OCTOBER)},
            follow=True,
        )
    assert "队列" in response.content.decode()  # the queue is unavailable
    report = MonthlyReport.objects.get()
    assert report.status == MonthlyReport.Status.FAILED and "queue unavailable" in report.error


def test_regenerate_answers_with_its_live_row(tree: Any, roles: Any, settings: Any) -> None:
    celery_app.conf.task_always_eager = False  # restored by the eager_tasks fixture
    client = client_for(roles.secretary_a)
    with mock.patch("reports.tasks.generate_monthly_report.apply_async") as sent:
        response = client.post(
            reverse("reports:report_generate"),
            {"area": tree.ruidu.pk, "month": str(OCTOBER)},
            HTTP_HX_REQUEST="true",
        )
    report = MonthlyReport.objects.get()
    sent.assert_called_once_with(args=[report.pk], retry=False)
    html = response.content.decode()
    assert 'hx-trigger="every 2s"' in html  # polls while queued
    assert reverse("reports:report_status", args=[report.pk]) in html
    services.report_generate(report.pk)  # the worker's part
    row = client.get(reverse("reports:report_status", args=[report.pk])).content.decode()
    assert 'data-status="done"' in row and "hx-trigger" not in row
    assert reverse("reports:report_file", args=[report.pk]) in row


@pytest.mark.parametrize(
    ("user", "area"),
    [("secretary_a", "wushan"), ("street_staff", "zhonghan"), ("district_admin", "tuandao")],
)
def test_other_areas_reports_are_not_found(user: str, area: str, tree: Any, roles: Any) -> None:
    other = getattr(tree, area)
    report, _ = services.report_request(area=other, month=OCTOBER)
    client = client_for(getattr(roles, user))
    for name in ("reports:report_status", "reports:report_file"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404
    assert (
        client.post(
            reverse("reports:report_generate"), {"area": other.pk, "month": str(OCTOBER)}
        ).status_code
        == 404
    )
    listed = client.get(reverse("reports:report_list")).content.decode()
    assert other.name not in listed
    # Guessing where the file lies on disk finds nothing: media are never served directly.
    guessed = f"{settings.MEDIA_URL}{services.report_path(other, OCTOBER)}"
    assert client.get(guessed).status_code == 404


def test_the_viewer_reads_but_cannot_regenerate(tree: Any, roles: Any) -> None:
    report, _ = services.report_request(area=tree.laoshan, month=OCTOBER)
    client = client_for(roles.viewer)
    page = client.get(reverse("reports:report_list")).content.decode()
    assert "重新生成" not in page and 'data-testid="generate-form"' not in page
    pdf = client.get(reverse("reports:report_file", args=[report.pk]) + "?download=1")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    assert (
        client.post(
            reverse("reports:report_generate"), {"area": tree.laoshan.pk, "month": str(OCTOBER)}
        ).status_code
        == 403
    )


def test_a_future_month_is_refused_with_a_message(tree: Any, roles: Any) -> None:
    response = client_for(roles.secretary_a).post(
        reverse("reports:report_generate"), {"area": tree.ruidu.pk, "month": "2999-01"},
        follow=True,
    )  # fmt: skip
    assert "月份" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_the_beat_schedule_names_the_task_and_time() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["monthly-reports"]
    assert entry["task"] == generate_all_monthly_reports.name
    assert entry["schedule"] == crontab(day_of_month=1, hour=2, minute=0)
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


def test_the_monthly_job_writes_every_areas_report(tree: Any, media: Path) -> None:
    # counted first: the thirteen months of rows a report reads (none yet), the coverage
    assert generate_all_monthly_reports(str(OCTOBER)) == 13 + 1
    done = MonthlyReport.objects.filter(status=MonthlyReport.Status.DONE, month=OCTOBER.start)
    assert {r.area.code for r in done} == {  # 2 districts, 3 streets, 4 communities
        "370212", "370212005", "370212005001", "370212005003", "370212001", "370212001001",
        "370202", "370202001", "370202001001",
    }  # fmt: skip


def test_a_part_of_the_jobs_counting_that_fails_leaves_the_reports_to_count_it(
    tree: Any, media: Path, caplog: Any
) -> None:
    build(tree)
    with mock.patch("reports.summary.refresh_all_trees", side_effect=ConnectionError("断开")):
        generate_all_monthly_reports(str(OCTOBER))
    assert "were not counted before the reports" in caplog.text
    done = MonthlyReport.objects.filter(status=MonthlyReport.Status.DONE, month=OCTOBER.start)
    assert done.count() == 9
    report = done.get(area=tree.ruidu)
    handle = services.report_open(report)
    assert handle is not None
    with handle:
        text = "".join(page.extract_text() for page in PdfReader(handle).pages)
    assert "8.5" in text  # 瑞都's October hours (reports_world), counted by the report itself


def test_the_command_writes_one_area_and_those_below(tree: Any, media: Path) -> None:
    out = StringIO()
    call_command("generate_monthly_reports", month="2026-10", area="370212005", now=True,
                 stdout=out)  # fmt: skip
    assert {r.area.code for r in MonthlyReport.objects.all()} == {
        "370212005",
        "370212005001",
        "370212005003",
    }
    assert "370212005001" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("generate_monthly_reports", month="10/2026")
    with pytest.raises(CommandError, match="code"):
        call_command("generate_monthly_reports", month="2026-10", area="nope")
