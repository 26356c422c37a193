"""The summary kept by deltas equals a full recount after any sequence of changes.

A state machine creates, edits, moves and deletes cadres, check-ins, activities and
service records in two districts over three months, and opens dashboards (so rows exist
to be kept) between the changes. At the end every fresh row must equal the per-area count
of the base tables, its star levels a count by hand from every accepted record, the
volunteers' standings a rebuild, and the nightly check must find nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    precondition,
    rule,
)

from cadres.models import Cadre, CheckIn
from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope
from reports import checking, summary
from reports.models import AreaMonth
from reports.periods import Month
from tests.conftest import BEIJING
from tests.factories.cadres import CadreFactory, CheckInFactory
from tests.factories.volunteering import TeamFactory, TeamMemberFactory
from tests.state_machines import RolledBack, run_sequences
from volunteering.models import ServiceActivity, ServiceRecord, Team, TeamMember
from volunteering.services import activities as activity_services
from volunteering.stars import star_level

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-12-04T10:00+08:00")]
MONTHS = [Month(2026, 10), Month(2026, 11), Month(2026, 12)]
HOURS = st.sampled_from([Decimal("0.5"), Decimal("2"), Decimal("4.5"), Decimal("8")])
DAY = st.integers(min_value=1, max_value=28)


def expected_stars(area: Area, month: Month) -> list[int]:
    """Volunteers who served in ``area`` by the month's end, by level: counted by hand."""
    end = month.end
    totals: dict[tuple[Any, Any], Decimal] = defaultdict(Decimal)
    here = set()
    records = ServiceRecord.objects.filter(status=ServiceRecord.Status.ACCEPTED, date__lte=end)
    for record in records.select_related("activity__team__area"):
        person = (record.cadre_id, None) if record.cadre_id else (None, record.member_id)
        totals[person] += record.hours
        if record.activity.team.area.is_within(area):
            here.add(person)
    counts = [0] * 6
    for person in here:
        counts[star_level(totals[person])] += 1
    return counts


class Changes(RolledBack):
    def __init__(self, tree: Any, clock: Any) -> None:
        super().__init__()
        self.tree, self.clock = tree, clock
        self.places = [tree.ruidu, tree.qiantaiju, tree.miaoling, tree.wushan, tree.tuandao]
        self.teams = [TeamFactory(area=place) for place in self.places[:4]]
        self.residents = [TeamMemberFactory(team=team, resident_name="居民") for team in self.teams]

    def check(self) -> None:
        assert checking.check_standings() == []
        for row in AreaMonth.objects.filter(stale=False).select_related("area"):
            month = Month.of(row.month)
            counted = summary.compute(row.area, month)
            for figure in summary.FIGURES:
                if figure == "stars":
                    if row.stars:
                        assert row.stars == expected_stars(row.area, month), (row, figure)
                else:
                    assert getattr(row, figure) == counted[figure], (row, figure)
        assert checking.check_rows() == []

    @initialize(hours=st.lists(HOURS, min_size=4, max_size=8), month=st.integers(0, 2))
    def start(self, hours: list[Decimal], month: int) -> None:
        """Some people who have served, and the district's dashboard opened on them."""
        people = [CadreFactory(area=place) for place in self.places[:4]]
        for index, amount in enumerate(hours):
            team = self.teams[index % 4]
            activity = ServiceActivity.objects.create(
                team=team, date=date(2026, 10 + (month + index) % 3, 1 + index), title="活动"
            )
            cadre = {"cadre": people[(index * 3) % 4]}
            resident = {"member": self.residents[index % 4]}
            together = [cadre, resident] if index % 2 else [resident if index % 3 else cadre]
            for person in together:  # some activities with two people
                ServiceRecord.objects.create(
                    activity=activity, date=activity.date, hours=amount, **person
                )
        self.open_dashboard("laoshan", last=False)
        self.open_dashboard("jinjialing", last=False)

    # ------------------------------------------------------------------- reading

    @rule(top=st.sampled_from(["laoshan", "jinjialing", "zhonghan", "shinan"]), last=st.booleans())
    def open_dashboard(self, top: str, last: bool) -> None:
        area = getattr(self.tree, top)
        months = MONTHS[-1:] if last else MONTHS
        for row in summary.area_months(area, months).values():
            summary.with_stars(area, row)
        summary.children_months(area, MONTHS[0])

    # ------------------------------------------------------------------- cadres

    @rule(place=st.integers(0, 4), month=st.integers(0, 2))
    def add_cadre(self, place: int, month: int) -> None:
        back = timezone.now()
        self.clock.move_to(datetime(2026, 10 + month, 10, 10, tzinfo=BEIJING))
        CadreFactory(area=self.places[place])
        self.clock.move_to(back)

    @precondition(lambda self: Cadre.objects.exists())
    @rule(data=st.data())
    def change_cadre(self, data: Any) -> None:
        cadre = data.draw(st.sampled_from(list(Cadre.objects.order_by("pk"))))
        if data.draw(st.booleans()):
            cadre.area = self.places[data.draw(st.integers(0, 4))]
        else:
            active = cadre.status == Cadre.Status.ACTIVE
            cadre.status = Cadre.Status.DECEASED if active else Cadre.Status.ACTIVE
        cadre.save()

    # ------------------------------------------------------------------- check-ins

    @rule(place=st.integers(0, 4), month=st.integers(0, 2), day=DAY)
    def add_checkin(self, place: int, month: int, day: int) -> None:
        decided = datetime(2026, 10 + month, day, 23, 30, tzinfo=BEIJING)
        area = self.places[place]
        CheckInFactory(
            area=area, status=CheckIn.Status.CONFIRMED, decided_at=decided,
            cadre=CadreFactory(area=area),
        )  # fmt: skip

    @precondition(lambda self: CheckIn.objects.exists())
    @rule(data=st.data())
    def change_checkin(self, data: Any) -> None:
        checkin = data.draw(st.sampled_from(list(CheckIn.objects.order_by("pk"))))
        if data.draw(st.booleans()):
            checkin.decided_at += timedelta(days=data.draw(st.integers(-20, 20)))
        else:
            confirmed = checkin.status == CheckIn.Status.CONFIRMED
            checkin.status = CheckIn.Status.PENDING if confirmed else CheckIn.Status.CONFIRMED
        checkin.save()

    # ------------------------------------------------------------------- activities

    @rule(team=st.integers(0, 3), month=st.integers(0, 2), day=DAY)
    def add_activity(self, team: int, month: int, day: int) -> None:
        ServiceActivity.objects.create(
            team=self.teams[team], date=date(2026, 10 + month, day), title="活动"
        )

    @precondition(lambda self: ServiceActivity.objects.exists())
    @rule(data=st.data(), month=st.integers(0, 1), day=DAY)
    def move_activity_date(self, data: Any, month: int, day: int) -> None:
        """Through the service, which moves its records' dates with it."""
        activity = data.draw(st.sampled_from(list(ServiceActivity.objects.order_by("pk"))))
        activity_services.activity_update(
            scope=Scope(area=None, unrestricted=True), actor=None, activity=activity,
            team=activity.team, date=date(2026, 10 + month, day), title=activity.title,
            place=activity.place, content=activity.content,
        )  # fmt: skip

    @precondition(lambda self: ServiceActivity.objects.exists())
    @rule(data=st.data(), team=st.integers(0, 3))
    def move_activity_to_another_team(self, data: Any, team: int) -> None:
        activity = data.draw(st.sampled_from(list(ServiceActivity.objects.order_by("pk"))))
        activity.team = self.teams[team]
        activity.save()

    @precondition(lambda self: ServiceActivity.objects.filter(records=None).exists())
    @rule(data=st.data())
    def delete_activity(self, data: Any) -> None:
        empty = ServiceActivity.objects.filter(records=None).order_by("pk")
        data.draw(st.sampled_from(list(empty))).delete()

    # ------------------------------------------------------------------- records

    @precondition(lambda self: Cadre.objects.exists())
    @rule(data=st.data(), hours=HOURS, resident=st.booleans())
    def add_record(self, data: Any, hours: Decimal, resident: bool) -> None:
        activity = data.draw(st.sampled_from(list(ServiceActivity.objects.order_by("pk"))))
        if resident:
            person = {"member": data.draw(st.sampled_from(self.residents))}
        else:
            person = {"cadre": data.draw(st.sampled_from(list(Cadre.objects.order_by("pk")[:6])))}
        if activity.records.filter(**person).exists():
            return
        ServiceRecord.objects.create(activity=activity, date=activity.date, hours=hours, **person)

    @precondition(lambda self: ServiceRecord.objects.exists())
    @rule(data=st.data(), hours=HOURS)
    def change_record(self, data: Any, hours: Decimal) -> None:
        record = data.draw(st.sampled_from(list(ServiceRecord.objects.order_by("pk"))))
        what = data.draw(st.sampled_from(["hours", "status", "delete", "big"]))
        if what == "delete":
            record.delete()
            return
        if what == "status":
            accepted = record.status == ServiceRecord.Status.ACCEPTED
            record.status = (
                ServiceRecord.Status.DECLINED if accepted else ServiceRecord.Status.ACCEPTED
            )
            record.decline_reason = "登记有误" if accepted else ""
        else:
            record.hours = Decimal("20") if what == "big" else hours  # "big": past a star
        record.save()

    @precondition(lambda self: Team.objects.exists())
    @rule(team=st.integers(0, 3), place=st.integers(0, 4))
    def move_team(self, team: int, place: int) -> None:
        """A wider change: the rows of both places are counted again."""
        moved = Team.objects.get(pk=self.teams[team].pk)
        moved.area = self.places[place]
        moved.save()


def test_the_rows_kept_by_deltas_equal_a_recount(tree: Any, clock: Any, settings: Any) -> None:
    settings.VOLUNTEER_STAR_THRESHOLDS = (5, 10, 20, 40, 100)
    run_sequences(lambda: Changes(tree, clock), sequences=50, steps=15)


def test_a_correction_changes_only_its_own_rows_and_marks_nothing_stale(tree: Any) -> None:
    team = TeamFactory(area=tree.ruidu)
    cadre = CadreFactory(area=tree.ruidu)
    activity = ServiceActivity.objects.create(team=team, date=date(2026, 11, 3), title="巡河")
    record = ServiceRecord.objects.create(
        activity=activity, cadre=cadre, date=activity.date, hours=2
    )
    november = Month(2026, 11)
    rows = {code: summary.area_months(getattr(tree, code), [november])[november]
            for code in ("laoshan", "jinjialing", "ruidu", "zhonghan")}  # fmt: skip
    assert rows["jinjialing"].hours == 2 and rows["zhonghan"].hours == 0
    record.hours = Decimal("3.5")
    record.save()
    kept = {row.area_id: row for row in AreaMonth.objects.filter(month=november.start)}
    assert kept[tree.laoshan.pk].hours == kept[tree.ruidu.pk].hours == Decimal("3.5")
    assert kept[tree.zhonghan.pk].hours == 0 and kept[tree.zhonghan.pk].volunteers == 0
    assert kept[tree.jinjialing.pk].volunteers == 1
    assert not AreaMonth.objects.filter(stale=True).exists()
    assert TeamMember.objects.count() == 0  # a cadre's record needs no membership row


def test_the_nightly_check_finds_a_write_that_bypassed_the_deltas_and_repairs_it(
    tree: Any,
) -> None:
    from django.core.management import CommandError, call_command

    team = TeamFactory(area=tree.ruidu)
    cadre = CadreFactory(area=tree.ruidu)
    activity = ServiceActivity.objects.create(team=team, date=date(2026, 11, 3), title="巡河")
    ServiceRecord.objects.create(activity=activity, cadre=cadre, date=activity.date, hours=2)
    november = Month(2026, 11)
    summary.with_stars(tree.laoshan, summary.area_months(tree.laoshan, [november])[november])
    call_command("summary_check")  # nothing to report

    ServiceRecord.objects.filter(cadre=cadre).update(hours=Decimal("6"))  # no signals
    with pytest.raises(CommandError, match="differences"):
        call_command("summary_check")
    found = {(d.area, d.figure) for d in checking.check()}
    assert (tree.laoshan.code, "hours") in found  # the row
    assert (f"c{cadre.pk}", "standing") in found  # and the volunteer's standing

    call_command("summary_check", "--repair")
    assert checking.check() == []
    row = AreaMonth.objects.get(area=tree.laoshan, month=november.start)
    assert row.hours == Decimal("6")
