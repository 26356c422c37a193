"""Demo data of care work: in every community a care list of about a tenth of its
cadres, a year of visits with the gaps real work leaves, this year's Spring Festival and
Double Ninth sweeps partly done, and visits overdue in 瑞都社区 and 午山社区 so that
the demo accounts have work waiting.

Deterministic (one seeded generator per community) and idempotent: a community that has
visits already is left as it is.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from cadres.models import Cadre
from laoshan_portal import clock
from laoshan_portal.accounts.models import Area, User
from laoshan_portal.scoping import Scope

from .festivals import double_ninth, spring_festival
from .models import CareListEntry, Visit
from .rules import Reason, age_on
from .selectors import care_people, care_rows

SHARE = (0.09, 0.13)  # of a community's cadres on its care list
DECLINED = "本人身体硬朗，不愿列为关爱对象"
OVERDUE_IN = ("瑞都社区", "午山社区")
ITEMS = {
    Visit.Kind.SPRING_FESTIVAL: ("米、面、油", Decimal("500.00")),
    Visit.Kind.DOUBLE_NINTH: ("重阳糕、牛奶", Decimal("300.00")),
    Visit.Kind.BIRTHDAY: ("生日蛋糕、鲜花", Decimal("200.00")),
    Visit.Kind.ILLNESS: ("水果、营养品", Decimal("500.00")),
    Visit.Kind.HARDSHIP: ("", Decimal("1000.00")),
    Visit.Kind.ROUTINE: ("", None),
}
NEEDS = ["希望社区帮忙联系上门理发", "楼道灯坏了，晚上出门不便", "想参加老年大学书法班", ""]
HEALTH = ["血压平稳，精神尚好", "腿脚不便，需要助行器", "近期睡眠不好", "身体硬朗"]


def seed() -> dict[str, int]:
    """The care step of ``seed_demo``."""
    today = clock.today()
    made = {"care list": 0, "visits": 0}
    for community in Area.objects.filter(level=Area.Level.COMMUNITY).order_by("path"):
        listed, visits = seed_community(community, today)
        made["care list"] += listed
        made["visits"] += visits
    return made


@transaction.atomic
def seed_community(community: Area, today: date) -> tuple[int, int]:
    rng = random.Random(f"care-{community.code}")  # noqa: S311 - demo data  # nosec B311
    scope = Scope(community, "secretary")
    _fill_care_list(scope, rng, today)
    people = list(care_people(scope=scope, today=today))
    if Visit.objects.filter(area__path__startswith=community.path).exists():
        return len(people), 0
    staff = list(User.objects.filter(area=community))
    helpers = list(
        Cadre.objects.filter(area__path__startswith=community.path, status="active")
        .exclude(pk__in=[p.pk for p in people])
        .order_by("pk")[:10]
    )
    overdue = set()
    if community.name in OVERDUE_IN:
        overdue = {cadre.pk for cadre in _living_alone(people, 3)}
    count = 0
    for cadre in people:
        for day, kind in _visit_days(cadre, rng, today, late=cadre.pk in overdue):
            count += 1
            _visit(cadre, day, kind, rng, staff, helpers)
    return len(people), count


def _fill_care_list(scope: Scope, rng: random.Random, today: date) -> None:
    """Flag hardship, illness or a bereavement on a few records until about a tenth of
    the community is on the care list (the registry stays the one source)."""
    everyone = list(
        Cadre.objects.filter(area__path__startswith=scope.area.path if scope.area else "")
        .filter(status=Cadre.Status.ACTIVE)
        .order_by("pk")
    )
    if not everyone:
        return
    target = round(len(everyone) * rng.uniform(*SHARE))
    listed = set(care_people(scope=scope, today=today).values_list("pk", flat=True))
    if len(listed) > target:
        _decline(scope, today, len(listed) - target)
        return
    others = [cadre for cadre in everyone if cadre.pk not in listed]
    rng.shuffle(others)
    for cadre in others[: max(0, target - len(listed))]:
        flag = rng.choice(["hardship", "illness", "bereaved"])
        if flag == "hardship":
            Cadre.objects.filter(pk=cadre.pk).update(hardship=True)
        elif flag == "illness":
            cadre.serious_illness = True
            cadre.illness_note = rng.choice(["脑梗后康复中", "髋关节置换术后", "肺部感染住院"])
            cadre.save(update_fields=["serious_illness", "illness_note"])
        else:
            when = today - timedelta(days=rng.randrange(20, 300))
            Cadre.objects.filter(pk=cadre.pk).update(bereaved_on=when)


def _living_alone(people: list[Cadre], count: int) -> list[Cadre]:
    """``count`` people of the list who live alone: the registry says so of some of the
    others where too few do, so that their monthly visits can fall due."""
    alone = [cadre for cadre in people if cadre.living_arrangement == Cadre.Living.ALONE]
    for cadre in [c for c in people if c not in alone][: max(0, count - len(alone))]:
        cadre.living_arrangement = Cadre.Living.ALONE
        cadre.save(update_fields=["living_arrangement"])
        alone.append(cadre)
    return alone[:count]


def _decline(scope: Scope, today: date, count: int) -> None:
    """Fit people on the list only for their age who said they want no visits: taken off
    by hand, with that reason, as staff do."""
    fit = [
        row.cadre
        for row in care_rows(care_people(scope=scope, today=today), today)
        if row.reasons == [Reason.AGED]
    ]
    for cadre in fit[:count]:
        CareListEntry.objects.update_or_create(
            cadre=cadre, defaults={"included": False, "reason": DECLINED}
        )


def _visit_days(
    cadre: Cadre, rng: random.Random, today: date, *, late: bool
) -> list[tuple[date, Visit.Kind]]:
    """A year of visits to one person: monthly for those living alone (some months
    missed), now and then for the others; the festival sweeps, partly done; a birthday
    and an illness visit where due. ``late``: nothing in the last seven weeks."""
    start = today - timedelta(days=365)
    days: list[tuple[date, Visit.Kind]] = []
    alone = cadre.living_arrangement == Cadre.Living.ALONE
    step = 30 if alone else 75
    day = start + timedelta(days=rng.randrange(0, step))
    while day <= today:
        if rng.random() < (0.8 if alone else 0.6):
            days.append((day, Visit.Kind.ROUTINE))
        day += timedelta(days=step + rng.randrange(-5, 6))
    for year in (today.year - 1, today.year):
        for kind, festival, done in (
            (Visit.Kind.SPRING_FESTIVAL, spring_festival(year), 0.75),
            (Visit.Kind.DOUBLE_NINTH, double_ninth(year), 0.6),
        ):
            if start <= festival <= today and rng.random() < done:
                days.append((festival - timedelta(days=rng.randrange(1, 20)), kind))
    birthday_age = today.year - cadre.birth_date.year
    if birthday_age in (80, 90, 100) and age_on(cadre.birth_date, today) == birthday_age:
        if rng.random() < 0.6:
            days.append((cadre.birth_date.replace(year=today.year), Visit.Kind.BIRTHDAY))
    if cadre.serious_illness:
        days.append((today - timedelta(days=rng.randrange(3, 60)), Visit.Kind.ILLNESS))
    if cadre.hardship:
        days.append((today - timedelta(days=rng.randrange(10, 200)), Visit.Kind.HARDSHIP))
    if late:
        days = [(d, k) for d, k in days if d < today - timedelta(days=50)]
    return sorted((d, k) for d, k in days if start <= d <= today)


def _visit(
    cadre: Cadre,
    day: date,
    kind: Visit.Kind,
    rng: random.Random,
    staff: list[User],
    helpers: list[Cadre],
) -> Visit:
    items, amount = ITEMS.get(kind, ("", None))
    need = rng.choice(NEEDS) if kind == Visit.Kind.ROUTINE else ""
    follow_up = bool(need) and rng.random() < 0.5
    visit = Visit.objects.create(
        area=cadre.area,
        cadre=cadre,
        date=day,
        kind=kind,
        items=items,
        amount=amount,
        health_findings=rng.choice(HEALTH),
        needs_raised=need,
        follow_up=follow_up,
        follow_up_by=day + timedelta(days=14) if follow_up else None,
        created_by=staff[0] if staff else None,
    )
    if staff:
        visit.staff.set(staff[:1])
    if helpers and rng.random() < 0.4:
        visit.cadre_visitors.set([rng.choice(helpers)])
    return visit
