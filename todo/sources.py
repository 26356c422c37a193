"""Where to-do items come from: one small function per kind of work, ``(scope, today)``
to items, each reading its app's selectors live, so an item goes as soon as the work is done.

``SOURCES`` is the tuple the list, the badge and the daily snapshot read, in the order of
the kinds they give (``items.Kind``); an app that brings new work adds its function there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import NamedTuple
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.importing.uploads import uploads_waiting
from cadres.models import CheckIn, Need
from cadres.selectors import checkin_list, need_list
from care.selectors import (
    birthdays_between,
    due_visits,
    kept_plans,
    kept_plans_or_last,
    referrals_to_follow_up,
)
from laoshan_portal import clock
from laoshan_portal.accounts.selectors import staff_list
from laoshan_portal.bulk import many_rows
from laoshan_portal.pages import url_by_pk
from laoshan_portal.scoping import Scope
from reports.models import MonthlyReport
from reports.selectors import report_list
from retirees.models import Concern
from retirees.selectors import concern_list
from volunteering.mediation.selectors import Reminder, mediation_reminders

from .items import Kind, TodoItem, days_late, most_pressing

Source = Callable[[Scope, date], list[TodoItem]]

NEED_UNMATCHED_DAYS = 7  # a need waits this long for volunteers before it is late
JUDICIAL_WARNING_DAYS = 7  # a judicial-confirmation window shows this long before it closes
REPORT_READY_DAYS = 7  # a new monthly report is news for a week


def _local_day(moment: datetime) -> date:
    return clock.local(moment).date()


def checkins_waiting(scope: Scope, today: date) -> list[TodoItem]:
    """Check-ins waiting for confirmation, late from the day they came in."""
    waiting = checkin_list(scope=scope).filter(status=CheckIn.Status.PENDING)
    return [
        TodoItem(
            kind=Kind.CHECKIN,
            title=checkin.name,
            area=checkin.area,
            url=reverse("cadres:checkin_detail", args=[checkin.pk]),
            day=_local_day(checkin.created_at),
            overdue=days_late(_local_day(checkin.created_at), today),
            person=checkin.name,
        )
        for checkin in waiting.select_related("area").order_by("created_at", "pk")
    ]


def needs_unmatched(scope: Scope, today: date) -> list[TodoItem]:
    """Open needs nobody is assigned to, a week after they were posted."""
    posted_by = timezone.make_aware(
        datetime.combine(today - timedelta(days=NEED_UNMATCHED_DAYS), datetime.min.time())
    )
    needs = need_list(scope=scope).filter(
        status=Need.Status.OPEN, assignments__isnull=True, created_at__lt=posted_by
    )
    found = []
    for need in needs.select_related("area").order_by("created_at", "pk"):
        due = _local_day(need.created_at) + timedelta(days=NEED_UNMATCHED_DAYS)
        found.append(
            TodoItem(
                kind=Kind.NEED,
                title=need.title,
                area=need.area,
                url=reverse("cadres:need_detail", args=[need.pk]),
                day=due,
                overdue=days_late(due, today),
            )
        )
    return found


def mediation_due(scope: Scope, today: date) -> list[TodoItem]:
    """The mediation reminders (``mediation_reminders``): follow-up visits due, and
    judicial-confirmation windows closing within a week or already closed."""
    found = []
    for reminder in mediation_reminders(scope=scope, today=today):
        judicial = reminder.kind == Reminder.JUDICIAL
        if judicial and reminder.days_left > JUDICIAL_WARNING_DAYS:
            continue
        found.append(
            TodoItem(
                kind=Kind.JUDICIAL if judicial else Kind.FOLLOW_UP,
                title=reminder.case.number,
                area=reminder.case.area,
                url=reverse("mediation:case_detail", args=[reminder.case.pk]),
                day=reminder.due_on,
                overdue=max(0, reminder.days_overdue),
            )
        )
    return found


def _week_of(today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def birthdays_this_week(scope: Scope, today: date) -> list[TodoItem]:
    """Birthdays from Monday to Sunday of this Beijing week, of people still on the
    registry (the deceased, those moved away and merged records are left out)."""
    cadre_url = url_by_pk("cadres:cadre_detail")
    return [
        TodoItem(
            kind=Kind.BIRTHDAY,
            title=_("%(name)s turns %(age)d") % {"name": birthday.cadre.name, "age": birthday.age},
            area=birthday.cadre.area,
            url=cadre_url(birthday.cadre.pk),
            day=birthday.day,
            person=birthday.cadre.name,
        )
        for birthday in birthdays_between(scope, *_week_of(today))
    ]


def care_visits_due(scope: Scope, today: date) -> list[TodoItem]:
    """Visits the care plans ask for that are due or late and not yet paid."""
    person_url = url_by_pk("care:person")
    return [
        TodoItem(
            kind=Kind.CARE_VISIT,
            title=f"{visit.cadre.name} · {visit.label}",
            area=visit.cadre.area,
            url=person_url(visit.cadre.pk),
            day=visit.due,
            overdue=visit.overdue_days,
            person=visit.cadre.name,
        )
        for visit in due_visits(scope, today)
    ]


def referrals_due(scope: Scope, today: date) -> list[TodoItem]:
    """Needs referred from a visit to another body, with a follow-up date, not yet
    answered."""
    return [
        TodoItem(
            kind=Kind.REFERRAL,
            title=f"{referral.visit.cadre.name} · {referral.get_body_display()}",
            area=referral.visit.area,
            url=reverse("care:visit_detail", args=[referral.visit_id]),
            day=referral.follow_up_by,
            overdue=days_late(referral.follow_up_by, today),
            person=referral.visit.cadre.name,
        )
        for referral in referrals_to_follow_up(scope=scope)
        if referral.follow_up_by is not None
    ]


def reports_to_see(scope: Scope, today: date) -> list[TodoItem]:
    """Monthly reports that failed (to regenerate) or were written in the last week."""
    recent = clock.now() - timedelta(days=REPORT_READY_DAYS)
    reports = report_list(scope=scope).filter(
        Q(status=MonthlyReport.Status.FAILED)
        | Q(status=MonthlyReport.Status.DONE, generated_at__gte=recent)
    )
    found = []
    for report in reports.select_related("area"):
        failed = report.status == MonthlyReport.Status.FAILED
        since = report.started_at or report.requested_at or report.generated_at
        day = _local_day(since) if since else today
        found.append(
            TodoItem(
                kind=Kind.REPORT_FAILED if failed else Kind.REPORT_READY,
                title=_("Report of %(month)s") % {"month": report.month.strftime("%Y-%m")},
                area=report.area,
                url=reverse("reports:report_status", args=[report.pk]),
                day=day,
                overdue=days_late(day, today) if failed else 0,
            )
        )
    return found


def imports_waiting(scope: Scope, today: date) -> list[TodoItem]:
    """Registry uploads checked but not yet confirmed, of staff in scope; the page that
    confirms one opens for the member of staff who uploaded it."""
    waiting = uploads_waiting()
    if not waiting:
        return []
    owners = {meta.get("user") for meta in waiting}
    staff = {user.pk: user for user in staff_list(scope=scope).filter(pk__in=owners)}
    found = []
    for meta in waiting:
        user = staff.get(meta.get("user"))
        if user is None or user.area is None:
            continue
        day = _local_day(datetime.fromtimestamp(meta["checked_at"], tz=UTC))
        query = urlencode({"token": meta["token"]})
        found.append(
            TodoItem(
                kind=Kind.IMPORT,
                title=str(meta.get("filename", "")),
                area=user.area,
                url=f"{reverse('cadres:import_status')}?{query}",
                day=day,
                overdue=days_late(day, today),
                person=str(user),
            )
        )
    return found


def concerns_open(scope: Scope, today: date) -> list[TodoItem]:
    """Retirees' concerns (我要反映) not yet handled, waiting since the day they were sent."""
    waiting = concern_list(scope=scope).filter(status=Concern.Status.OPEN)
    return [
        TodoItem(
            kind=Kind.CONCERN,
            title=f"{concern.cadre.name} · {concern.get_kind_display()}",
            area=concern.area,
            url=reverse("retirees:concern_handle", args=[concern.pk]),
            day=_local_day(concern.raised_at),
            overdue=days_late(_local_day(concern.raised_at), today),
            person=concern.cadre.name,
        )
        for concern in waiting.order_by("raised_at", "pk")
    ]


KEPT_ITEMS = 250  # a kept source's first ten pages of the list
KEPT_PRESSING = 5  # and its most pressing items, enough for the home page's block


class Kept(NamedTuple):
    """What the list, the badge and the home block show of one source's items."""

    total: int
    overdue: int
    first: list[TodoItem]  # the first KEPT_ITEMS in the list's order
    pressing: list[TodoItem]  # the KEPT_PRESSING most pressing


@many_rows
def sorted_items(source: Source, scope: Scope, today: date) -> list[TodoItem]:
    """``source``'s items in the list's order."""
    return sorted(source(scope, today), key=lambda item: item.sort_key)


class KeptSource:
    """A source's count, first items and most pressing ones, kept until what the care
    plans read changes (``care.selectors.kept_plans``): for the sources that read
    everyone on the care list, which the badge would otherwise work out on every page
    and the list on each of its pages. (All the items are not kept: a district's are
    megabytes; a page past the kept ones works them out again.)

    The reader passes how to work out the items (``sorted_items``), so that a page that
    needs them all anyway works them out once."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.name = f"todo-{source.__name__}"

    def read(self, scope: Scope, today: date, items: Callable[[], list[TodoItem]]) -> Kept:
        return kept_plans(self.name, scope, today, partial(_kept, items), keep_last=True)

    def read_or_last(
        self,
        scope: Scope,
        today: date,
        items: Callable[[], list[TodoItem]],
        ask_worker: Callable[[], bool],
    ) -> tuple[Kept | None, bool]:
        """``read``, or when not kept and ``ask_worker()`` has a worker work it out, the
        last one worked out (None if none) and False."""
        return kept_plans_or_last(self.name, scope, today, partial(_kept, items), ask_worker)


def _kept(items: Callable[[], list[TodoItem]]) -> Kept:
    found = items()
    overdue = sum(1 for item in found if item.overdue)
    return Kept(len(found), overdue, found[:KEPT_ITEMS], most_pressing(found, KEPT_PRESSING))


SOURCES: tuple[Source, ...] = (
    checkins_waiting,
    needs_unmatched,
    mediation_due,
    care_visits_due,
    referrals_due,
    birthdays_this_week,
    reports_to_see,
    imports_waiting,
    concerns_open,
)
# The sources whose count and first items the list, the badge and the home block read kept.
KEPT: dict[Source, KeptSource] = {
    source: KeptSource(source) for source in (care_visits_due, birthdays_this_week)
}
