"""``manage.py synth_data --cadres N --records M``: a large world for the dashboards' benchmark.

It adds, in bulk, to the Laoshan tree (``--tree laoshan``) or to a synthetic province
(``--tree province``, 16 cities × 10 districts × 8 streets × 10 communities × 3 compounds
by default, codes starting with 99, which no Chinese province has): N cadres spread over
the compounds, volunteer teams in every community in proportion to its cadres, and M
service records (10 × N by default) of those cadres at activities spread over the last 24
months, most accepted, some declined with a reason, 0.5 to 8 hours each.

Rows are written with ``bulk_create`` (cadres 5,000 at a time, encrypted on the way as
the fields do), so no signal fires and no audit entry is written: these are not records
anybody entered. At the end it sends ``bulk_change``, which marks every summary row
stale. Synthetic rows carry ``SYNTH_MARK`` (cadres in their address, teams in their
name, the province in its code), so that ``--clear`` removes exactly them, including the
cadres of ``synth_cadres``.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone
from faker import Faker

from cadres.models import Cadre
from laoshan_portal.accounts.demo import DISTRICT, seed_areas
from laoshan_portal.accounts.models import Area
from laoshan_portal.signals import bulk_change
from operations.management.commands.synth_cadres import (
    CHUNK,
    SYNTH_MARK,
    synth_cadres,
    synth_clear,
)
from operations.synthetic import SyntheticCommand
from reports.models import AreaMonth, MonthlyReport
from reports.periods import Month
from volunteering.demo import PLACES, TITLES
from volunteering.models import ServiceActivity, ServiceRecord, Team, TeamMember

Progress = Callable[[str], Any]

PROVINCE_CODE, PROVINCE_NAME = "990000", "合成省"
# cities, districts per city, streets per district, communities per street, compounds.
DEFAULT_SHAPE = (16, 10, 8, 10, 3)
SHAPE_LIMITS = (99, 99, 999, 999, 99)  # what the codes below have room for
MONTHS = 24
# A community gets one volunteer team per this many cadres (at least one, at most 20);
# seven in ten of its cadres join one, and two residents join each team.
CADRES_PER_TEAM, MAX_TEAMS, JOINING, RESIDENTS = 300, 20, 0.7, 2
DECLINED = 0.05
DECLINE_REASONS = ["时长填写有误", "重复录入", "本人未参加该活动", "活动日期有误"]
HOURS = [Decimal(n) / 2 for n in range(1, 17)]  # 0.5 to 8 hours, mostly 2 to 4
HOUR_WEIGHTS = [2, 6, 6, 12, 10, 12, 8, 10, 4, 6, 2, 4, 1, 2, 1, 2]
RECORD_BATCH = 20_000


class Command(SyntheticCommand):
    rows = "data"
    help = (
        "Add synthetic cadres, volunteer teams, activities and service records in bulk "
        "(for the dashboards' benchmark); --clear removes earlier ones."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cadres", type=int, default=0, help="How many cadres to add.")
        parser.add_argument(
            "--records", type=int, default=None, help="How many service records (10 × cadres)."
        )
        parser.add_argument("--tree", choices=["laoshan", "province"], default="laoshan")
        parser.add_argument(
            "--shape",
            default=",".join(map(str, DEFAULT_SHAPE)),
            help="The province: cities,districts,streets,communities,compounds per parent.",
        )
        super().add_arguments(parser)

    def synthesise(self, **options: Any) -> None:
        cadres = options["cadres"]
        records = 10 * cadres if options["records"] is None else options["records"]
        if cadres < 0 or records < 0:
            raise CommandError("--cadres and --records must be 0 or more.")
        shape = parse_shape(options["shape"])
        write = self.stdout.write
        started = time.monotonic()
        if options["clear"]:
            cleared = synth_data_clear()
            write("Deleted " + ", ".join(f"{n:,} {what}" for what, n in cleared.items()) + ".")
        if cadres or records:
            step = time.monotonic()
            root = province_tree(shape) if options["tree"] == "province" else laoshan_tree()
            areas = Area.objects.filter(path__startswith=root.path).count()
            write(f"Tree {root.name} ({root.code}): {areas:,} areas ({_since(step)}).")
            rng = random.Random(options["seed"])  # noqa: S311 - synthetic data  # nosec B311
            fake = Faker("zh_CN")
            fake.seed_instance(options["seed"])
            if cadres:
                step = time.monotonic()
                made = synth_cadres(count=cadres, seed=options["seed"], progress=write, root=root)
                write(f"Cadres: {made:,} ({_since(step)}).")
            step = time.monotonic()
            made_rows = synth_activity(
                root=root, records=records, rng=rng, fake=fake, progress=write
            )
            write(
                ", ".join(f"{what.capitalize()}: {n:,}" for what, n in made_rows.items())
                + f" ({_since(step)})."
            )
        bulk_change.send(sender=None)
        write(f"Done in {_since(started)}; the dashboards' summary rows are marked stale.")


def _since(started: float) -> str:
    return f"{time.monotonic() - started:.1f} s"


def parse_shape(text: str) -> tuple[int, ...]:
    try:
        shape = tuple(int(part) for part in text.split(","))
    except ValueError:
        shape = ()
    if len(shape) != len(SHAPE_LIMITS) or not all(
        1 <= size <= limit for size, limit in zip(shape, SHAPE_LIMITS, strict=True)
    ):
        limits = ",".join(map(str, SHAPE_LIMITS))
        raise CommandError(f"--shape: five counts from 1 up to {limits}, not {text!r}.")
    return shape


# ----------------------------------------------------------------------------- clearing


def _delete_fast(queryset: models.QuerySet) -> int:
    """Delete the rows of ``queryset`` in one statement, without loading them.

    ``QuerySet.delete()`` would load every row and send its signals: the summary's
    handlers would run a query per row, millions of them. The command sends
    ``bulk_change`` instead when it finishes.
    """
    meta = queryset.model._meta
    select, params = queryset.values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            # Names quoted by the backend, the subquery and its parameters built by the ORM.
            f"DELETE FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} IN ({select})",  # noqa: S608  # nosec B608
            params,
        )
        return cursor.rowcount


def synth_data_clear() -> dict[str, int]:
    """Delete the synthetic teams and what hangs on them, the cadres and the province."""
    teams = Team.objects.filter(name__startswith=SYNTH_MARK)
    activities = ServiceActivity.objects.filter(team__in=teams)
    counts: dict[str, int] = {}
    with transaction.atomic():
        counts["service records"] = _delete_fast(
            ServiceRecord.objects.filter(activity__in=activities)
        )
        counts["activities"] = _delete_fast(activities)
        counts["team members"] = _delete_fast(TeamMember.objects.filter(team__in=teams))
        counts["teams"] = _delete_fast(teams)
    counts["cadres"] = synth_clear()
    root = Area.objects.filter(code=PROVINCE_CODE).first()
    with transaction.atomic():
        counts["areas"] = 0
        if root is not None:
            subtree = Area.objects.filter(path__startswith=root.path)
            AreaMonth.objects.filter(area__in=subtree).delete()
            MonthlyReport.objects.filter(area__in=subtree).delete()
            counts["areas"] = _delete_fast(subtree)
    return counts


# ----------------------------------------------------------------------------- the trees


def laoshan_tree() -> Area:
    root = Area.objects.filter(code=DISTRICT[0]).first()
    if root is None:
        seed_areas()
        root = Area.objects.get(code=DISTRICT[0])
    return root


def province_tree(shape: tuple[int, ...]) -> Area:
    """The synthetic province, built level by level; an existing one is kept as it is."""
    root = Area.objects.filter(code=PROVINCE_CODE).first()
    if root is not None:
        return root
    levels = [
        (Area.Level.CITY, lambda parent, n: f"99{n[-1]:02d}00", "合成市"),
        (Area.Level.DISTRICT, lambda parent, n: f"99{n[-2]:02d}{n[-1]:02d}", "合成区"),
        (Area.Level.STREET, lambda parent, n: f"{parent.code}{n[-1]:03d}", "合成街道"),
        (Area.Level.COMMUNITY, lambda parent, n: f"{parent.code}{n[-1]:03d}", "合成社区"),
        (Area.Level.COMPOUND, lambda parent, n: f"{parent.code}-{n[-1]:02d}", "合成小区"),
    ]
    with transaction.atomic():
        root = Area.objects.create(
            code=PROVINCE_CODE,
            name=PROVINCE_NAME,
            level=Area.Level.PROVINCE,
            parent=None,
            path=f"/{PROVINCE_CODE}/",
            depth=0,
        )
        parents: list[tuple[Area, tuple[int, ...]]] = [(root, ())]
        for (level, code_of, prefix), count in zip(levels, shape, strict=True):
            numbers = [
                (parent, (*numbered, n))
                for parent, numbered in parents
                for n in range(1, count + 1)
            ]
            rows = []
            for parent, numbered in numbers:
                code = code_of(parent, numbered)
                rows.append(
                    Area(
                        code=code,
                        name=prefix + "-".join(map(str, numbered)),
                        level=level,
                        parent=parent,
                        path=f"{parent.path}{code}/",
                        depth=parent.depth + 1,
                    )
                )
            made = Area.objects.bulk_create(rows, batch_size=CHUNK)
            parents = [(area, numbered) for area, (_p, numbered) in zip(made, numbers, strict=True)]
    return root


# ----------------------------------------------------------------------------- cadres


# ----------------------------------------------------------------------------- activity


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
