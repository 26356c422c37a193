"""Where to-do items come from: one small function per kind of work, ``(scope, today)``
to items, each reading its app's selectors live, so an item goes as soon as the work is done.

``SOURCES`` is the tuple the list, the badge and the daily snapshot read, in the order of
the kinds they give (``items.Kind``); an app that brings new work adds its function there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache, partial
from operator import attrgetter
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.importing.uploads import uploads_waiting
from cadres.models import CheckIn, Need
from cadres.selectors import checkin_list, need_list
from care.selectors import (
    birthday_spans,
    birthdays_between,
    due_visits,
    kept_plan_parts,
    kept_plans,
    kept_plans_or_last,
    referrals_to_follow_up,
)
from laoshan_portal import clock
from laoshan_portal.accounts.selectors import staff_list
from laoshan_portal.bulk import many_rows
from laoshan_portal.kept_parts import MergedHeads, by_area, merged_head, rows_of_areas
from laoshan_portal.pages import url_by_pk
from laoshan_portal.scoping import Scope
from reports.models import MonthlyReport
from reports.selectors import report_list
from retirees.models import Concern
from retirees.selectors import concern_list
from volunteering.mediation.selectors import Reminder, mediation_reminders

from .items import Kind, TodoItem, days_late, most_pressing

Source = Callable[[Scope, date], list[TodoItem]]
Items = Callable[[], list[TodoItem]]

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


def birthdays_this_week(
    scope: Scope, today: date, *, areas: list[int] | None = None
) -> list[TodoItem]:
    """Birthdays from Monday to Sunday of this Beijing week, of people still on the
    registry (the deceased, those moved away and merged records are left out); of the
    people of ``areas`` only, when given."""
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
        for birthday in birthdays_between(scope, *birthday_spans(today)[0], areas=areas)
    ]


def care_visits_due(scope: Scope, today: date, *, areas: list[int] | None = None) -> list[TodoItem]:
    """Visits the care plans ask for that are due or late and not yet paid (of the
    people of ``areas`` only, when given)."""
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
        for visit in due_visits(scope, today, areas=areas)
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
PART_ITEMS = 100  # each area's part of them (``care.selectors.PART_ROWS``)


class Kept(NamedTuple):
    """What the list, the badge and the home block show of one source's items."""

    total: int
    overdue: int
    # the first items in the list's order: an area's first PART_ITEMS, a scope's first
    # KEPT_ITEMS (as far as its areas' parts are known to hold them)
    first: list[TodoItem]
    pressing: list[TodoItem]  # the KEPT_PRESSING most pressing


@many_rows
def sorted_items(
    source: Callable[..., list[TodoItem]], scope: Scope, today: date, **options: Any
) -> list[TodoItem]:
    """``source``'s items in the list's order."""
    return sorted(source(scope, today, **options), key=lambda item: item.sort_key)


class KeptSource:
    """A source's count, first items and most pressing ones, kept by area until what the
    care plans read there changes (``care.selectors.kept_plans``): for the sources that
    read everyone on the care list, which the badge would otherwise work out on every
    page and the list on each of its pages. After a visit is logged, only its area's
    part is worked out again. (All the items are not kept: a district's are megabytes; a
    page past the kept ones works them out again.)

    The reader may pass ``everything``, how it works out all the source's items in
    scope at most once (``functools.cache``): many parts to work out are then taken
    from them, and a page that needs them all anyway works them out once."""

    def __init__(self, source: Callable[..., list[TodoItem]]) -> None:
        self.source = source
        self.name = f"todo-{source.__name__}"

    def read(self, scope: Scope, today: date, everything: Items | None = None) -> Kept:
        work_out = self._work_out(scope, today, everything)
        return kept_plans(self.name, scope, today, work_out, _combined)

    def read_or_last(
        self,
        scope: Scope,
        today: date,
        too_slow: Callable[[list[int]], bool],
        everything: Items | None = None,
    ) -> tuple[Kept | None, bool]:
        """``read``, or when ``too_slow(the areas whose parts are missing)`` has a worker
        work them out, the figures last combined (None if none) and False."""
        work_out = self._work_out(scope, today, everything)
        return kept_plans_or_last(self.name, scope, today, work_out, _combined, too_slow)

    def _work_out(
        self, scope: Scope, today: date, everything: Items | None
    ) -> Callable[[list[int]], dict[int, Kept]]:
        whole = everything or cache(partial(sorted_items, self.source, scope, today))
        rows = rows_of_areas(whole, partial(self._of_areas, scope, today), attrgetter("area.pk"))

        def work_out(ids: list[int]) -> dict[int, Kept]:
            parts = by_area(rows(ids), ids, attrgetter("area.pk"))
            return {pk: _kept(found) for pk, found in parts.items()}

        return work_out

    def rows(self, scope: Scope, today: date, everything: Items) -> Sequence[TodoItem]:
        """All the items in the list's order for a page past the kept first ones: merged
        from the areas' kept parts as far as they hold them, else ``everything()``."""
        parts = kept_plan_parts(self.name, scope, today)
        if parts is None:
            return everything()
        heads = ((part.total, part.first) for part in parts)
        return MergedHeads(heads, attrgetter("sort_key"), everything)

    def _of_areas(self, scope: Scope, today: date, ids: list[int]) -> list[TodoItem]:
        return sorted_items(self.source, scope, today, areas=ids)


def _kept(found: list[TodoItem]) -> Kept:
    overdue = sum(1 for item in found if item.overdue)
    first = found[:PART_ITEMS]
    return Kept(len(found), overdue, first, most_pressing(found, KEPT_PRESSING))


def _combined(parts: dict[str, Kept]) -> Kept:
    """The areas' parts as one: each holds its own first and most pressing items."""
    kept = parts.values()
    heads = ((part.total, part.first) for part in kept)
    first = merged_head(heads, attrgetter("sort_key"), KEPT_ITEMS)
    pressing = most_pressing([item for part in kept for item in part.pressing], KEPT_PRESSING)
    return Kept(sum(p.total for p in kept), sum(p.overdue for p in kept), first, pressing)


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
KEPT: dict[Callable[..., list[TodoItem]], KeptSource] = {
    source: KeptSource(source) for source in (care_visits_due, birthdays_this_week)
}
