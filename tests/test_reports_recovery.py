"""Reports whose work was lost are queued again: "being written" after the worker died,
"queued" after the message went with a Redis restart. Times are relative to the run's
fixed clock (``clock`` in tests/conftest.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from reports import services
from reports.models import MonthlyReport
from reports.tasks import recover_stuck_reports
from tests.reports_world import OCTOBER, eager_tasks  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]
Status = MonthlyReport.Status


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _report(area: Any, status: str, *, minutes_ago: int, attempts: int = 1) -> MonthlyReport:
    then = timezone.now() - timedelta(minutes=minutes_ago)
    return MonthlyReport.objects.create(
        area=area,
        month=OCTOBER.start,
        status=status,
        attempts=attempts,
        requested_at=then,
        started_at=then if status == Status.RUNNING else None,
    )


def test_the_visibility_timeout_outlasts_the_longest_task() -> None:
    """Otherwise Redis would hand a report still being written to a second worker."""
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout > settings.REPORT_TIME_LIMIT


def test_a_report_whose_worker_died_is_written_again(tree: Any) -> None:
    stuck = _report(tree.ruidu, Status.RUNNING, minutes_ago=30)
    assert recover_stuck_reports() == 1
    stuck.refresh_from_db()
    assert (stuck.status, stuck.attempts, stuck.file != "") == (Status.DONE, 2, True)


def test_a_report_whose_message_was_lost_is_sent_again(tree: Any) -> None:
    stuck = _report(tree.wushan, Status.QUEUED, minutes_ago=20, attempts=0)
    assert [report.pk for report in services.reports_recover()] == [stuck.pk]
    stuck.refresh_from_db()
    assert stuck.status == Status.DONE


def test_reports_at_work_or_just_queued_are_left_alone(tree: Any) -> None:
    writing = _report(tree.ruidu, Status.RUNNING, minutes_ago=3)
    waiting = _report(tree.wushan, Status.QUEUED, minutes_ago=3, attempts=0)
    assert services.reports_recover() == []
    assert MonthlyReport.objects.get(pk=writing.pk).status == Status.RUNNING
    assert MonthlyReport.objects.get(pk=waiting.pk).status == Status.QUEUED


def test_a_report_interrupted_again_and_again_is_left_failed_saying_why(tree: Any) -> None:
    stuck = _report(tree.ruidu, Status.RUNNING, minutes_ago=30, attempts=services.MAX_ATTEMPTS)
    assert services.reports_recover() == []
    stuck.refresh_from_db()
    assert stuck.status == Status.FAILED
    assert "interrupted 5 times" in stuck.error


def test_the_recovery_runs_every_ten_minutes() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["recover-stuck-reports"]
    assert entry["task"] == recover_stuck_reports.name
