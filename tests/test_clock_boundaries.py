"""The date rules at the year's awkward moments, Beijing time against UTC.

The server runs on UTC; the bureau lives in Beijing (UTC+8). From 00:00 to 08:00 Beijing
time the two disagree about the date, and at the turn of a month or a year about the month
and the year too. Each test moves the fixed clock (tests/conftest.py) to such a moment.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from laoshan_portal import clock as portal_clock
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_retention_cutoff
from laoshan_portal.celery import app as celery_app
from laoshan_portal.scoping import Scope
from reports import summary, tasks
from reports.figures import dashboard_figures
from reports.models import MonthlyReport
from reports.periods import WEEK, Month
from reports.services import report_areas
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory
from tests.factories.mediation import MediationCaseFactory
from tests.factories.volunteering import ServiceActivityFactory, ServiceRecordFactory, TeamFactory
from tests.reports_world import eager_tasks  # noqa: F401 - a fixture
from volunteering import services as volunteering_services
from volunteering.mediation.selectors import Reminder, mediation_reminders

BEIJING = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")
EVERYTHING = Scope(area=None, unrestricted=True)


def beijing(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BEIJING)  # type: ignore[misc]


def staff_client(user: Any) -> Any:
    """Signed in now, with a password changed now (the clock may have jumped months)."""
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password_changed_at"])
    return client_for(user)


# (the moment, the Beijing month it is in); the UTC date differs in the marked ones.
MONTH_MOMENTS = [
    (beijing(2026, 12, 31, 23, 30), Month(2026, 12)),
    (beijing(2027, 1, 1, 0, 30), Month(2027, 1)),  # UTC: 2026-12-31 16:30
    (beijing(2027, 2, 28, 23, 59), Month(2027, 2)),
    (beijing(2027, 3, 1, 0, 1), Month(2027, 3)),  # UTC: 2027-02-28 16:01
    (beijing(2028, 2, 29, 12, 0), Month(2028, 2)),
    (datetime(2027, 6, 30, 16, 30, tzinfo=UTC), Month(2027, 7)),  # already 1 July in Beijing
]


@pytest.mark.parametrize(("moment", "month"), MONTH_MOMENTS, ids=lambda v: str(v)[:16])
def test_this_month_and_last_month_are_beijing_months(
    moment: datetime, month: Month, clock: Any, tree: Any, roles: Any
) -> None:
    clock.move_to(moment)
    assert portal_clock.today() == moment.astimezone(BEIJING).date()
    assert Month.current() == month
    client = staff_client(roles.street_staff)
    response = client.get(reverse("reports:dashboard"))
    # It opens on this Beijing month once a week of it is complete, on the last one before.
    opening = month if moment.astimezone(BEIJING).day > WEEK else month.previous()
    assert response.context["month"] == opening
    assert response.context["months"][:2] == [month, month.previous()]
    # The comparison "较上月" is with the Beijing month before.
    trend = response.context["board"].trend["months"][-2:]
    assert trend == [opening.previous().label, opening.label]
    # A month after this one is not offered: it falls back to the opening month.
    ahead = client.get(reverse("reports:dashboard"), {"month": str(month.shifted(1))})
    assert ahead.context["month"] == opening


def test_the_monthly_job_is_due_at_two_on_the_first_in_beijing(clock: Any) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["monthly-reports"]
    schedule = entry["schedule"]
    schedule.app = celery_app  # the app's timezone: Asia/Shanghai
    last_run = beijing(2026, 12, 1, 2, 0)
    # 02:00 on 1 January in Beijing is 18:00 on 31 December in UTC.
    clock.move_to(datetime(2026, 12, 31, 17, 59, 30, tzinfo=UTC))
    due, seconds = schedule.is_due(last_run)
    assert not due and 0 < seconds <= 30
    clock.move_to(datetime(2026, 12, 31, 18, 0, 30, tzinfo=UTC))
    due, _ = schedule.is_due(last_run)
    assert due
    # Nothing is due at 02:00 UTC on the 1st (10:00 in Beijing) once it has run.
    clock.move_to(datetime(2027, 1, 1, 2, 0, 30, tzinfo=UTC))
    due, _ = schedule.is_due(beijing(2027, 1, 1, 2, 0))
    assert not due


@pytest.mark.usefixtures("eager_tasks")
def test_the_monthly_job_reports_the_month_just_ended_for_every_area_once(
    clock: Any, tree: Any
) -> None:
    clock.move_to(beijing(2027, 1, 1, 2, 0))  # still 2026-12-31 in UTC
    tasks.generate_all_monthly_reports()
    areas = list(report_areas(scope=EVERYTHING).values_list("pk", flat=True))
    assert areas
    rows = MonthlyReport.objects.all()
    assert {row.month for row in rows} == {date(2026, 12, 1)}
    assert sorted(row.area_id for row in rows) == sorted(areas)
    assert {row.status for row in rows} == {MonthlyReport.Status.DONE}
    tasks.generate_all_monthly_reports()  # a second run (a retried beat) makes no duplicate
    assert MonthlyReport.objects.count() == len(areas)


def test_a_report_for_a_leap_february_covers_twenty_nine_days(clock: Any, tree: Any) -> None:
    clock.move_to(beijing(2028, 3, 1, 2, 0))
    february = Month(2028, 2)
    assert (february.start, february.end) == (date(2028, 2, 1), date(2028, 2, 29))
    team = TeamFactory(area=tree.ruidu)
    for day, hours in [(date(2028, 2, 1), "2"), (date(2028, 2, 29), "3"), (date(2028, 3, 1), "7")]:
        activity = ServiceActivityFactory(team=team, date=day, title=f"活动{day}")
        ServiceRecordFactory(
            activity=activity, cadre=CadreFactory(area=tree.ruidu), hours=Decimal(hours)
        )
    figures = dashboard_figures(area=tree.laoshan, month=february, viewer_scope=EVERYTHING)
    assert figures.by_key["hours_month"].value == Decimal("5")
    row = summary.area_months(tree.laoshan, [february], exact=True)[february]
    assert row.hours == Decimal("5") and row.service_activities == 2


@pytest.mark.parametrize(
    ("moment", "days_left"),
    [
        (beijing(2027, 1, 30, 23, 30), 1),  # the evening before the deadline
        (beijing(2027, 1, 31, 0, 30), 0),  # the deadline, though UTC is still on the 30th
        (beijing(2027, 2, 1, 7, 59), -1),  # overdue by a day, UTC still on 31 January
    ],
    ids=["eve", "deadline-utc-still-day-before", "overdue"],
)
def test_the_thirty_day_judicial_window_counts_beijing_days(
    moment: datetime, days_left: int, clock: Any, tree: Any, roles: Any
) -> None:
    clock.move_to(moment)
    MediationCaseFactory(
        area=tree.ruidu,
        status="closed",
        outcome="success",
        agreement_kind="written",
        agreement_signed_on=date(2027, 1, 1),
        closed_on=date(2027, 1, 1),
    )
    found = mediation_reminders(scope=EVERYTHING, today=portal_clock.today())
    judicial = [r for r in found if r.kind == Reminder.JUDICIAL]
    assert [r.days_left for r in judicial] == [days_left]
    follow_ups = [r for r in found if r.kind == Reminder.FOLLOW_UP]
    # The follow-up visit is due 30 days after the agreement, on the same Beijing day.
    assert [r.due_on for r in follow_ups] == ([date(2027, 1, 31)] if days_left <= 0 else [])
    page = staff_client(roles.secretary_a).get(reverse("mediation:case_list"))
    assert page.status_code == 200


@pytest.mark.parametrize(
    ("moment", "this_year", "year"),
    [(beijing(2026, 12, 31, 23, 30), Decimal("6"), 2026), (beijing(2027, 1, 1, 0, 30), 0, 2027)],
    ids=["new-years-eve", "new-year-utc-still-old-year"],
)
def test_yearly_hours_and_certificates_change_year_at_beijing_midnight(
    moment: datetime, this_year: Decimal, year: int, clock: Any, tree: Any, roles: Any
) -> None:
    team = TeamFactory(area=tree.ruidu)
    cadre = CadreFactory(area=tree.ruidu, name="于通海")
    days = [(date(2025, 6, 1) + timedelta(days=n), "10") for n in range(10)]
    for day, hours in [*days, (date(2026, 12, 31), "6")]:  # 100 hours: one star
        ServiceRecordFactory(
            activity=ServiceActivityFactory(team=team, date=day, title="活动"),
            cadre=cadre,
            hours=Decimal(hours),
        )
    clock.move_to(moment)
    page = client_for(roles.secretary_a).get(
        reverse("volunteering:volunteer_detail", args=[cadre.pk])
    )
    hours = page.context["hours"]
    assert (hours.total, hours.this_year, hours.stars) == (106, this_year, 1)
    certificate = volunteering_services.certificate_issue(
        scope=EVERYTHING,
        actor=roles.secretary_a,
        cadre=cadre,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    assert certificate.issued_on == moment.astimezone(BEIJING).date()
    assert certificate.number.startswith(f"LS-{year}-")


def test_a_password_expires_ninety_days_on_across_the_year_end(clock: Any, roles: Any) -> None:
    assert settings.PASSWORD_MAX_AGE_DAYS == 90
    user = roles.secretary_a
    clock.move_to(beijing(2026, 10, 2, 10, 0))
    user.password_changed_at = timezone.now()
    user.save()
    home, change = reverse("home"), reverse("accounts:password_change")
    clock.move_to(beijing(2026, 12, 31, 9, 59))
    assert client_for(user).get(home).status_code == 200
    clock.move_to(beijing(2026, 12, 31, 10, 1))
    assert client_for(user).get(home)["Location"] == change


def _event_at(moment: datetime) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, username, action, object_type, object_id,"
            " object_repr, succeeded, detail) VALUES (%s, 'old', 'update', '', '', '', %s, %s)",
            [moment, True, "{}"],
        )
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[0]


def test_audit_retention_counts_whole_days_across_month_and_year_ends(clock: Any, db: Any) -> None:
    clock.move_to(beijing(2027, 1, 1, 0, 30))  # UTC: 2026-12-31 16:30
    cutoff = audit_retention_cutoff()
    assert cutoff == beijing(2027, 1, 1, 0, 30) - timedelta(days=180)
    assert timezone.localtime(cutoff).date() == date(2026, 7, 5)
    older = _event_at(cutoff - timedelta(minutes=1))
    kept = _event_at(cutoff + timedelta(minutes=1))
    expired = AuditEvent.objects.filter(at__lt=cutoff).values_list("pk", flat=True)
    assert list(expired) == [older]
    assert kept not in expired
    if connection.vendor == "sqlite":  # PostgreSQL's trigger reads the server's own clock
        out = StringIO()
        call_command("purge_audit_log", stdout=out)
        assert "older than 2026-07-05 00:30" in out.getvalue()
        # What is left: the kept event, then the purge's own record.
        left = list(AuditEvent.objects.order_by("pk").values_list("pk", "action"))
        assert left[0] == (kept, "update")
        assert [action for _pk, action in left[1:]] == ["delete"]


def test_no_test_sees_the_real_date(clock: Any) -> None:
    """The run's fixed clock holds here and in other threads (the live server's, workers')."""
    from tests.conftest import run_moment

    seen: list[datetime] = []
    worker = threading.Thread(target=lambda: seen.append(timezone.now()))
    worker.start()
    worker.join()
    for moment in [timezone.now(), seen[0]]:
        assert abs(moment - run_moment()) < timedelta(minutes=5)
    clock.move_to(beijing(2030, 5, 1, 9, 0))
    assert portal_clock.today() == date(2030, 5, 1)


@pytest.mark.clock("2027-01-01T00:30:00+08:00")
def test_a_test_states_the_moment_it_lives_at() -> None:
    assert portal_clock.today() == date(2027, 1, 1)
    assert timezone.now().date() == date(2026, 12, 31)  # UTC
