"""The demo's reports page: last month's reports are written by ``seed_demo``, and the
page has one month picker."""

from __future__ import annotations

import re

import pytest

from laoshan_portal.accounts.models import User
from laoshan_portal.celery import app as celery_app
from reports import demo
from reports.models import MonthlyReport
from reports.periods import Month
from tests.conftest import DEFAULT_CLOCK, client_for
from tests.demo_world import Demo, laoshan_demo  # noqa: F401 - a fixture

DEMO_AREAS = {"崂山区", "金家岭街道", "瑞都社区", "午山社区"}

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.clock(DEFAULT_CLOCK),
    pytest.mark.usefixtures("laoshan_demo"),
]


def test_seed_demo_writes_last_months_reports(laoshan_demo: Demo) -> None:  # noqa: F811
    media = laoshan_demo.media
    last_month = Month.current().previous()
    reports = MonthlyReport.objects.filter(month=last_month.start).select_related("area")
    assert {r.area.name for r in reports} == DEMO_AREAS
    for report in reports:
        if celery_app.conf.task_always_eager:  # the embedded default: written at once
            assert report.status == MonthlyReport.Status.DONE
            assert (media / report.file).read_bytes().startswith(b"%PDF-")
        else:  # with a broker the worker writes it
            assert report.status in {MonthlyReport.Status.QUEUED, MonthlyReport.Status.DONE}


def test_seeding_again_writes_no_report_twice() -> None:
    assert demo.seed() == {"monthly reports": 0}
    assert MonthlyReport.objects.count() == len(DEMO_AREAS)


def test_the_secretary_finds_her_report_on_a_page_with_one_month_picker() -> None:
    response = client_for(User.objects.get(username="ruidu")).get("/reports/")
    listed = {(r.area.name, str(Month.of(r.month))) for r in response.context["page"]}
    last_month = str(Month.current().previous())
    assert ("瑞都社区", last_month) in listed
    page = response.content.decode()
    assert len(re.findall(r"<select[^>]*name=\"month\"", page)) == 1
    assert f'type="hidden" name="month" value="{last_month}"' in page
