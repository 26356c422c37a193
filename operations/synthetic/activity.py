"""Synthetic volunteer activity: teams in every community in proportion to its synthetic
cadres, and service records of their members at activities over the last 24 months, most
accepted, some declined with a reason, 0.5 to 8 hours each. Written with ``bulk_create``:
no signal fires and no audit entry is written."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from faker import Faker

from cadres.models import Cadre
from laoshan_portal.accounts.models import Area
from reports.periods import Month
from volunteering.demo import PLACES, TITLES
from volunteering.models import ServiceActivity, ServiceRecord, Team, TeamMember

from .cadres import CHUNK, SYNTH_MARK

Progress = Callable[[str], Any]

MONTHS = 24
# A community gets one volunteer team per this many cadres (at least one, at most 20);
# seven in ten of its cadres join one, and two residents join each team.
CADRES_PER_TEAM, MAX_TEAMS, JOINING, RESIDENTS = 300, 20, 0.7, 2
DECLINED = 0.05
DECLINE_REASONS = ["时长填写有误", "重复录入", "本人未参加该活动", "活动日期有误"]
HOURS = [Decimal(n) / 2 for n in range(1, 17)]  # 0.5 to 8 hours, mostly 2 to 4
HOUR_WEIGHTS = [2, 6, 6, 12, 10, 12, 8, 10, 4, 6, 2, 4, 1, 2, 1, 2]
RECORD_BATCH = 20_000


@dataclass
class _Team:
    team: Team
    cadres: list[int]
    residents: list[int] = field(default_factory=list)

    @property
    def people(self) -> list[tuple[int | None, int | None]]:
        return [(pk, None) for pk in self.cadres] + [(None, pk) for pk in self.residents]


def _shares(total: int, sizes: list[int]) -> list[int]:
    """``total`` split in proportion to ``sizes``, summing exactly to ``total``."""
    whole = sum(sizes)
    if not whole:
        return [0] * len(sizes)
    shares, running, given = [], 0, 0
    for size in sizes:
        running += size
        upto = total * running // whole
        shares.append(upto - given)
        given = upto
    return shares


def _synthetic_cadres_by_community(root: Area) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    rows = (
        Cadre.objects.filter(
            address__startswith=SYNTH_MARK,
            status=Cadre.Status.ACTIVE,
            area__level=Area.Level.COMPOUND,
            area__path__startswith=root.path,
        )
        .order_by("pk")
        .values_list("pk", "area__parent_id")
    )
    for pk, community_id in rows.iterator(chunk_size=CHUNK):
        if community_id is not None:  # a compound always has its community
            found[community_id].append(pk)
    return found


def _teams(
    by_community: dict[int, list[int]], rng: random.Random, fake: Faker, progress: Progress
) -> list[_Team]:
    """Volunteer teams in every community, with cadres of that community and residents."""
    communities = Area.objects.in_bulk(list(by_community))
    planned: list[_Team] = []
    for community_id in sorted(by_community):
        cadres = by_community[community_id]
        count = max(1, min(MAX_TEAMS, round(len(cadres) / CADRES_PER_TEAM)))
        joining = [pk for pk in cadres if rng.random() < JOINING] or cadres[:1]
        rng.shuffle(joining)
        for index in range(count):
            members = joining[index::count] or joining[:1]
            name = f"{SYNTH_MARK}{communities[community_id].name}志愿服务队{index + 1}"
            team = Team(
                area_id=community_id,
                name=name,
                kind=Team.Kind.VOLUNTEER,
                leader_id=members[0],
                founded=date(2018 + rng.randrange(7), rng.randrange(1, 13), 1),
            )
            planned.append(_Team(team, members))
    with transaction.atomic():
        Team.objects.bulk_create([plan.team for plan in planned], batch_size=CHUNK)
    joined = date(2024, 1, 1)
    for start in range(0, len(planned), CHUNK // 10):
        chunk = planned[start : start + CHUNK // 10]
        residents = [
            TeamMember(team=plan.team, resident_name=fake.last_name() + fake.first_name())
            for plan in chunk
            for _ in range(RESIDENTS)
        ]
        with transaction.atomic():
            TeamMember.objects.bulk_create(
                [
                    TeamMember(team=plan.team, cadre_id=pk, joined=joined)
                    for plan in chunk
                    for pk in plan.cadres
                ],
                batch_size=CHUNK,
            )
            made = TeamMember.objects.bulk_create(residents, batch_size=CHUNK)
        for offset, plan in enumerate(chunk):
            plan.residents = [m.pk for m in made[offset * RESIDENTS : (offset + 1) * RESIDENTS]]
    progress(f"  teams {len(planned):,} in {len(by_community):,} communities")
    return planned


class _RecordWriter:
    """Activities and their records, written together in batches."""

    def __init__(self, total: int, progress: Progress) -> None:
        self.total, self.progress = total, progress
        self.activities: list[ServiceActivity] = []
        self.records: list[tuple[int, ServiceRecord]] = []  # (activity index, record)
        self.written = {"activities": 0, "service records": 0, "declined": 0}
        self.report_every = max(total // 20, 1)
        self.reported = 0

    def add(self, activity: ServiceActivity, records: list[ServiceRecord]) -> None:
        index = len(self.activities)
        self.activities.append(activity)
        self.records.extend((index, record) for record in records)
        if len(self.records) >= RECORD_BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.activities:
            return
        with transaction.atomic():
            made = ServiceActivity.objects.bulk_create(self.activities, batch_size=2_000)
            rows = []
            for index, record in self.records:
                record.activity_id = made[index].pk
                rows.append(record)
            ServiceRecord.objects.bulk_create(rows, batch_size=2_000)
        self.written["activities"] += len(made)
        self.written["service records"] += len(rows)
        self.written["declined"] += sum(r.status == ServiceRecord.Status.DECLINED for r in rows)
        self.activities, self.records = [], []
        done = self.written["service records"]
        if done - self.reported >= self.report_every or done == self.total:
            self.reported = done
            self.progress(f"  service records {done:,} / {self.total:,}")


def synth_activity(
    *, root: Area, records: int, rng: random.Random, fake: Faker, progress: Progress
) -> dict[str, int]:
    """Teams in every community under ``root`` and ``records`` service records among them.

    Each community gets records in proportion to its synthetic cadres, each team in
    proportion to its members; a person appears at most once per activity.
    """
    by_community = _synthetic_cadres_by_community(root)
    if records and not by_community:
        raise CommandError(f"No synthetic cadres in {root.name}: add some with --cadres.")
    if not records:
        return {"service records": 0}
    teams = _teams(by_community, rng, fake, progress)
    today = timezone.localdate()
    first = Month.current().shifted(1 - MONTHS).start
    span = (today - first).days
    writer = _RecordWriter(records, progress)
    budgets = _shares(records, [len(plan.people) for plan in teams])
    for plan, budget in zip(teams, budgets, strict=True):
        people = plan.people
        while budget > 0:
            size = min(budget, rng.randint(min(3, len(people)), min(30, len(people))))
            budget -= size
            day = first + timedelta(days=rng.randrange(span + 1))
            declined_at = timezone.make_aware(
                datetime.combine(day + timedelta(days=1), datetime.min.time())
            )
            activity = ServiceActivity(
                team=plan.team,
                date=day,
                title=rng.choice(TITLES),
                place=rng.choice(PLACES),
            )
            rows = []
            for cadre_id, member_id in rng.sample(people, size):
                declined = rng.random() < DECLINED
                rows.append(
                    ServiceRecord(
                        cadre_id=cadre_id,
                        member_id=member_id,
                        date=day,
                        hours=rng.choices(HOURS, weights=HOUR_WEIGHTS)[0],
                        status=ServiceRecord.Status.DECLINED
                        if declined
                        else ServiceRecord.Status.ACCEPTED,
                        decline_reason=rng.choice(DECLINE_REASONS) if declined else "",
                        declined_at=declined_at if declined else None,
                    )
                )
            writer.add(activity, rows)
    writer.flush()
    return {"teams": len(teams), **writer.written}
