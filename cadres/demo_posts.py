"""Demo data of posts, party-organisation counts and governance needs for 金家岭街道.

The figures are the source article's: of 325 grassroots party organisations in the
street, 62 are led by retired cadres; 98 cadres sit on committees; 119 are party group
leaders, building leaders or liaisons. The secretaries are spread over every community's
compounds, one per party branch (瑞纳花园小区 has one branch and two party groups, as the
articles tell). Running it again tops up, never doubles.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta

from django.db import transaction

from laoshan_portal import clock
from laoshan_portal.accounts.models import Area

from .models import Cadre, Need, PartyOrganisationCount, Post, SpecialtyTag
from .posts.filters import current_posts_q
from .posts.selectors import COMMITTEE_KINDS, LEADER_KINDS, LEADING_KINDS

ORGANISATIONS = 325
BRANCH_SIZE = 3  # a compound's party branch and its two party groups
RUINA_MEMBERS = 58  # 瑞纳花园小区党支部's registered party members
# Compounds with one party branch, as the articles tell (瑞纳花园小区党支部, two groups).
ONE_BRANCH = {"瑞纳花园小区"}
TARGETS: list[tuple[tuple[str, ...], int]] = [
    (tuple(LEADING_KINDS), 62),
    (tuple(COMMITTEE_KINDS), 98),
    (tuple(LEADER_KINDS), 119),
]
# title, specialties, place, people needed, days from today
NEEDS: list[tuple[str, list[str], str, int, int]] = [
    ("老旧小区改造居民议事会需要法律顾问", ["法律"], "社区党群服务中心", 1, 10),
    ("暑期青少年红色故事宣讲", ["红色宣讲", "教育"], "社区新时代文明实践站", 2, 20),
    ("物业与业主矛盾纠纷调解", ["矛盾调解", "法律"], "小区物业办公室", 2, 5),
    ("老年人智能手机使用辅导", ["信息技术"], "社区活动室", 3, 14),
]


def _organisation_rows(street: Area, branches: Counter[Area]) -> list[tuple[Area, int]]:
    """325 over the street: each compound its party branches, each with its party groups
    (``branches``, one at least), and each community its own committee and the
    organisations of the units in it (the rest, as evenly as the numbers allow)."""
    communities = list(street.children.order_by("code"))
    if not communities:
        return [(street, ORGANISATIONS)]
    compounds = Area.objects.filter(parent__in=communities, level=Area.Level.COMPOUND)
    own = {area: 0 for area in communities}
    own.update({compound: BRANCH_SIZE for compound in compounds.order_by("path")})
    own.update({area: count * BRANCH_SIZE for area, count in branches.items()})
    share, extra = divmod(ORGANISATIONS - sum(own.values()), len(communities))
    for index, community in enumerate(communities):
        own[community] += share + (1 if index < extra else 0)
    return sorted(own.items(), key=lambda row: row[0].path)


def _party_members(area: Area, count: int) -> dict[str, int | None]:
    """A compound's registered party members and party groups: 瑞纳花园小区党支部 has 58
    in two groups, the largest branch under 瑞都社区党委; other branches fewer."""
    if area.level != Area.Level.COMPOUND:
        return {"members": None, "groups": None}
    if area.name in ONE_BRANCH:
        return {"members": RUINA_MEMBERS, "groups": 2}
    branches = max(count // BRANCH_SIZE, 1)
    pick = random.Random(area.code)  # noqa: S311 - demo data  # nosec B311
    members = sum(pick.randint(18, RUINA_MEMBERS - 6) for _ in range(branches))
    return {"members": members, "groups": branches * (BRANCH_SIZE - 1)}


def _organisation_name(area: Area, kind: str) -> str:
    if kind in LEADING_KINDS or kind in COMMITTEE_KINDS:
        return f"{area.name}党支部"
    return f"{area.name}党小组"


def _branch_names(area: Area) -> Iterator[str]:
    """The party branches of a compound: its branch, then its second, third, ..."""
    yield f"{area.name}党支部"
    for number in range(2, 100):
        yield f"{area.name}第{number}党支部"


def _secretaries(
    cadres: Sequence[Cadre], missing: int, held: Counter[int], today: date
) -> list[Post]:
    """``missing`` secretaries, one compound after another (so every community has its
    share), each of a branch that has none: never two at once in one branch."""
    current = Post.objects.filter(current_posts_q(today), kind__in=LEADING_KINDS)
    taken = set(current.values_list("area_id", "organisation"))
    leading = set(current.values_list("cadre_id", flat=True))
    by_area: dict[Area, list[Cadre]] = {}
    for cadre in cadres:
        if cadre.pk not in leading and cadre.area.name not in ONE_BRANCH:
            by_area.setdefault(cadre.area, []).append(cadre)
    posts: list[Post] = []
    while len(posts) < missing and any(by_area.values()):
        for area, people in by_area.items():
            if len(posts) >= missing or not people:
                continue
            cadre = min(people, key=lambda c: (held[c.pk], c.pk))
            people.remove(cadre)
            name = next(n for n in _branch_names(area) if (area.pk, n) not in taken)
            taken.add((area.pk, name))
            held[cadre.pk] += 1
            posts.append(_post(cadre, LEADING_KINDS[0], name, today, len(posts)))
    return posts


def _post(cadre: Cadre, kind: str, organisation: str, today: date, index: int) -> Post:
    # Spread over the last four years: posts were taken up at different times.
    start = today - timedelta(days=30 + (index * 37) % 1400)
    return Post(cadre=cadre, area=cadre.area, kind=kind, organisation=organisation,
                start_date=start)  # fmt: skip


@transaction.atomic
def seed_posts_and_needs(
    *,
    street: Area,
    cadres_by_area: Mapping[Area, Sequence[Cadre]],
    today: date | None = None,
) -> dict[str, int]:
    """Posts up to 62/98/119 current ones held by active cadres of ``cadres_by_area``
    (areas under the street), counts summing to 325 under ``street``, and a few open needs.

    Secretaries go round the compounds, one per branch; the other posts to the cadres with
    the fewest current posts, in a fixed shuffled order, so posts spread over as many
    people and places as were given. Returns how many rows of each kind were created.
    """
    today = today or clock.today()
    created = Counter[str]()
    cadres = sorted(
        (
            cadre
            for area, people in cadres_by_area.items()
            if area.is_within(street)
            for cadre in people
            if cadre.status == Cadre.Status.ACTIVE
        ),
        key=lambda cadre: (cadre.area.path, cadre.pk),
    )
    order = {cadre.pk: index for index, cadre in enumerate(cadres)}
    random.Random(street.code).shuffle(cadres)  # noqa: S311 - demo data  # nosec B311
    shuffled = {cadre.pk: index for index, cadre in enumerate(cadres)}
    cadres.sort(key=lambda cadre: order[cadre.pk])
    held = Counter[int]()
    current = Post.objects.filter(
        current_posts_q(today), area__path__startswith=street.path, cadre__status="active"
    )
    held.update(current.values_list("cadre_id", flat=True))
    missing = TARGETS[0][1] - current.filter(kind__in=LEADING_KINDS).count()
    new_posts = _secretaries(cadres, missing, held, today) if missing > 0 else []
    for kinds, target in TARGETS[1:]:
        missing = target - current.filter(kind__in=kinds).count()
        for index in range(max(missing, 0) if cadres else 0):
            cadre = min(cadres, key=lambda c: (held[c.pk], shuffled[c.pk]))
            held[cadre.pk] += 1
            kind = kinds[index % len(kinds)]
            new_posts.append(_post(cadre, kind, _organisation_name(cadre.area, kind), today, index))
    Post.objects.bulk_create(new_posts)
    created["posts"] = len(new_posts)

    branches = Counter(
        area
        for area, _name in {
            (post.area, post.organisation)
            for post in current.filter(kind__in=LEADING_KINDS).select_related("area")
        }
    )
    for area, count in _organisation_rows(street, branches):
        _row, made = PartyOrganisationCount.objects.update_or_create(
            area=area, defaults={"count": count, **_party_members(area, count)}
        )
        created["counts"] += int(made)

    communities = list(street.children.order_by("code"))
    tags = {tag.name: tag for tag in SpecialtyTag.objects.all()}
    for index, (title, wanted, place, people, days) in enumerate(NEEDS):
        if not communities:
            break
        area = communities[index % len(communities)]
        need, made = Need.objects.get_or_create(
            area=area,
            title=title,
            defaults={
                "place": place,
                "people_needed": people,
                "start_date": today + timedelta(days=days),
                "end_date": today + timedelta(days=days),
                "description": title,
            },
        )
        if made:
            need.specialties.set([tags[name] for name in wanted if name in tags])
            created["needs"] += 1
    return dict(created)
