"""Demo data of posts, party-organisation counts and governance needs for 金家岭街道.

The figures are the source article's: of 325 grassroots party organisations in the
street, 62 are led by retired cadres; 98 cadres sit on committees; 119 are party group
leaders, building leaders or liaisons. Running it again tops up, never doubles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from django.db import transaction

from laoshan_portal import clock
from laoshan_portal.accounts.models import Area

from .models import Cadre, Need, PartyOrganisationCount, Post, SpecialtyTag
from .posts.filters import current_posts_q
from .posts.selectors import COMMITTEE_KINDS, LEADER_KINDS, LEADING_KINDS

ORGANISATIONS = 325
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


def _organisation_rows(street: Area) -> list[tuple[Area, int]]:
    """Spread 325 over the street's communities (one party committee each) and the
    compounds below them (the rest, as evenly as the numbers allow)."""
    communities = list(street.children.order_by("code"))
    compounds = list(
        Area.objects.filter(parent__in=communities, level=Area.Level.COMPOUND).order_by("path")
    )
    rows = [(community, 1) for community in communities] if compounds else []
    holders = compounds or communities
    if not holders:
        return [(street, ORGANISATIONS)]
    rest = ORGANISATIONS - len(rows)
    share, extra = divmod(rest, len(holders))
    rows.extend((area, share + (1 if index < extra else 0)) for index, area in enumerate(holders))
    return rows


def _organisation_name(area: Area, kind: str) -> str:
    if kind in LEADING_KINDS or kind in COMMITTEE_KINDS:
        return f"{area.name}党支部"
    return f"{area.name}党小组"


@transaction.atomic
def seed_posts_and_needs(
    *,
    street: Area,
    cadres_by_area: Mapping[Area, Sequence[Cadre]],
    today: date | None = None,
) -> dict[str, int]:
    """Counts summing to 325 under ``street``, posts up to 62/98/119 current ones held by
    active cadres of ``cadres_by_area`` (areas under the street), and a few open needs.

    Cadres with the fewest current posts are chosen first, so posts spread over as many
    people as were given. Returns how many rows of each kind were created.
    """
    today = today or clock.today()
    created = Counter[str]()
    for area, count in _organisation_rows(street):
        _row, made = PartyOrganisationCount.objects.update_or_create(
            area=area, defaults={"count": count}
        )
        created["counts"] += int(made)

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
    held = Counter[int]()
    current = Post.objects.filter(
        current_posts_q(today), area__path__startswith=street.path, cadre__status="active"
    )
    held.update(current.values_list("cadre_id", flat=True))
    new_posts: list[Post] = []
    for kinds, target in TARGETS:
        missing = target - current.filter(kind__in=kinds).count()
        for index in range(max(missing, 0) if cadres else 0):
            cadre = min(cadres, key=lambda c: (held[c.pk], c.area.path, c.pk))
            held[cadre.pk] += 1
            kind = kinds[index % len(kinds)]
            new_posts.append(
                Post(
                    cadre=cadre,
                    area=cadre.area,
                    kind=kind,
                    organisation=_organisation_name(cadre.area, kind),
                    # Spread over the last four years: posts were taken up at different times.
                    start_date=today - timedelta(days=30 + (index * 37) % 1400),
                )
            )
    Post.objects.bulk_create(new_posts)
    created["posts"] = len(new_posts)

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
