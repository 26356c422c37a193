"""The demo's reports page: last month's reports are written by ``seed_demo``, and the
page has one month picker."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from laoshan_portal.accounts.models import User
from laoshan_portal.celery import app as celery_app
from reports.models import MonthlyReport
from reports.periods import Month
from tests.conftest import DEFAULT_CLOCK, client_for

DEMO_AREAS = {"崂山区", "金家岭街道", "瑞都社区", "午山社区"}


@pytest.fixture(scope="module")
def seeded(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str]]:
    media = tmp_path_factory.mktemp("media")
    # Seeded once for the module, at the moment its tests live at (set before their clock).
    with (
        time_machine.travel(DEFAULT_CLOCK, tick=True),
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=StringIO())
        again = StringIO()
        call_command("seed_demo", stdout=again)
        yield media, again.getvalue()
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.clock(DEFAULT_CLOCK)]


def test_seed_demo_writes_last_months_reports(seeded: tuple[Path, str]) -> None:
    media, _again = seeded
    last_month = Month.current().previous()
    reports = MonthlyReport.objects.filter(month=last_month.start).select_related("area")
    assert {r.area.name for r in reports} == DEMO_AREAS
    for report in reports:
        if celery_app.conf.task_always_eager:  # the embedded default: written at once
            assert report.status == MonthlyReport.Status.DONE
            assert (media / report.file).read_bytes().startswith(b"%PDF-")
        else:  # with a broker the worker writes it
            assert report.status in {MonthlyReport.Status.QUEUED, MonthlyReport.Status.DONE}


def test_seeding_again_writes_no_report_twice(seeded: tuple[Path, str]) -> None:
    assert "monthly reports 0" in seeded[1]
    assert MonthlyReport.objects.count() == len(DEMO_AREAS)


def test_the_secretary_finds_her_report_on_a_page_with_one_month_picker(
    seeded: tuple[Path, str],
) -> None:
    response = client_for(User.objects.get(username="ruidu")).get("/reports/")
    listed = {(r.area.name, str(Month.of(r.month))) for r in response.context["page"]}
    last_month = str(Month.current().previous())
    assert ("瑞都社区", last_month) in listed
    page = response.content.decode()
    assert len(re.findall(r"<select[^>]*name=\"month\"", page)) == 1
    assert f'type="hidden" name="month" value="{last_month}"' in page
