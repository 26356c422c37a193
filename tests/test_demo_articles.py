"""The demo agrees with the articles wherever they are specific (/work/shared/DOMAIN.md).

One ``seed_demo`` for the run (tests/demo_world.py); each test reads it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.urls import reverse

from cadres.models import Cadre, PartyOrganisationCount, Post
from cadres.posts.filters import current_posts_q
from cadres.posts.selectors import coverage_for
from cadres.posts.services import post_create
from campaigns.models import CampaignActivity
from laoshan_portal.accounts.models import Area, User
from laoshan_portal.scoping import Scope
from tests.conftest import client_for
from tests.demo_world import laoshan_demo  # noqa: F401 - a fixture
from volunteering.models import ServiceRecord, Team, TeamMember

EVERYTHING = Scope(area=None, unrestricted=True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("laoshan_demo")]


def person(name: str) -> Cadre:
    return Cadre.objects.get(name=name, status=Cadre.Status.ACTIVE)


def current_posts(cadre: Cadre) -> set[tuple[str, str]]:
    return set(cadre.posts.filter(current_posts_q()).values_list("kind", "organisation"))


def test_han_wei_is_the_woman_the_article_tells_of() -> None:
    han = person("韩卫")
    assert (han.gender, han.birth_date.year) == ("F", 1966)
    assert han.former_unit == "中车青岛四方车辆研究所有限公司"
    assert han.retirement_date is not None and han.retirement_date.year == 2020
    assert han.area.name == "瑞纳花园小区"
    secretary = han.posts.get(kind=Post.Kind.SECRETARY, organisation="瑞纳花园小区党支部")
    assert secretary.start_date.year == 2023 and secretary.end_date is None
    assert (Post.Kind.BUILDING_LEADER, "瑞纳花园小区党支部") in current_posts(han)


def test_ruina_garden_is_one_branch_with_two_party_groups() -> None:
    ruina = Area.objects.get(name="瑞纳花园小区")
    assert PartyOrganisationCount.objects.get(area=ruina).count == 3
    secretaries = Post.objects.filter(current_posts_q(), area=ruina, kind=Post.Kind.SECRETARY)
    assert list(secretaries.values_list("cadre__name", flat=True)) == ["韩卫"]


def test_yu_tonghai_chairs_the_owners_committee_and_leads_the_compound_party_committee() -> None:
    posts = current_posts(person("于通海"))
    assert (Post.Kind.OWNERS_CHAIR, "康城小区业主委员会") in posts
    assert (Post.Kind.SECRETARY, "康城小区党委") in posts


def test_guan_hua_is_the_one_secretary_of_qiantaiju() -> None:
    qiantaiju = Area.objects.get(name="千泰居小区")
    branch = Post.objects.filter(
        current_posts_q(), area=qiantaiju, kind=Post.Kind.SECRETARY, organisation="千泰居小区党支部"
    )
    assert list(branch.values_list("cadre__name", flat=True)) == ["官华"]


def test_zhuang_jinjie_and_wang_jianbo_are_there() -> None:
    assert "老干部协会会长" in person("庄金杰").specialty_notes
    ruidu = User.objects.get(username="ruidu")
    assert ruidu.area is not None
    assert (ruidu.name, ruidu.area.name) == ("王建波", "瑞都社区")


def test_no_branch_has_two_secretaries_in_office() -> None:
    in_office = Post.objects.filter(current_posts_q(), kind=Post.Kind.SECRETARY)
    doubled = in_office.values("area", "organisation").annotate(n=Count("pk")).filter(n__gt=1)
    assert not doubled.exists(), list(doubled)


def test_a_second_secretary_of_a_branch_is_refused() -> None:
    qiantaiju = Area.objects.get(name="千泰居小区")
    newcomer = Cadre.objects.filter(area=qiantaiju, status="active").exclude(name="官华").first()
    assert newcomer is not None
    with pytest.raises(ValidationError):
        post_create(scope=EVERYTHING, actor=None, cadre=newcomer, area=qiantaiju,
                    kind=Post.Kind.SECRETARY, start_date=date(2026, 1, 1),
                    organisation="千泰居小区党支部")  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(
            cadre=newcomer, area=qiantaiju, kind=Post.Kind.SECRETARY,
            start_date=date(2026, 1, 1), organisation="千泰居小区党支部",
        )  # fmt: skip


def test_the_62_secretaries_are_spread_over_jinjialing() -> None:
    street = Area.objects.get(name="金家岭街道")
    figures = coverage_for(scope=EVERYTHING, area=street)
    assert (figures.organisations, figures.led, figures.committee, figures.leaders) == (
        325, 62, 98, 119,
    )  # fmt: skip
    secretaries = Post.objects.filter(
        current_posts_q(), kind=Post.Kind.SECRETARY, area__path__startswith=street.path
    ).select_related("area__parent")
    per_community = Counter(
        post.area.name if post.area.level == Area.Level.COMMUNITY else str(post.area.parent)
        for post in secretaries
    )
    communities = set(street.children.values_list("name", flat=True))
    assert set(per_community) == communities
    assert max(per_community.values()) <= 2 * min(per_community.values()), per_community


def test_the_lecture_audience_is_5400_odd_in_40_units() -> None:
    lectures = CampaignActivity.objects.filter(campaign_id="red_heritage")
    audience = lectures.aggregate(total=Sum("people_reached"))["total"]
    assert 5400 <= audience < 5500
    assert lectures.values("unit").distinct().count() == 40
    assert 20 <= lectures.filter(lecturer__name="钟昭群").count() < 30


def test_300_odd_cadres_volunteer_in_35_teams() -> None:
    teams = Team.objects.filter(kind=Team.Kind.VOLUNTEER)
    assert teams.count() == 35
    cadres = TeamMember.objects.filter(team__in=teams, cadre__isnull=False)
    assert 300 < cadres.values("cadre").distinct().count() < 400


def test_the_busiest_volunteers_served_different_hours() -> None:
    totals = (
        ServiceRecord.objects.filter(cadre__isnull=False, status="accepted")
        .values("cadre")
        .annotate(hours=Sum("hours"), times=Count("pk"))
        .order_by("-hours")[:10]
    )
    shapes = [(row["hours"], row["times"]) for row in totals]
    assert len(set(shapes)) == len(shapes), shapes
    team = Team.objects.get(name="康城小区平安巡逻队")
    core = (
        ServiceRecord.objects.filter(activity__team=team, cadre__isnull=False)
        .values("cadre")
        .annotate(hours=Sum("hours"))
        .order_by("-hours")[:3]
    )
    assert len({row["hours"] for row in core}) == 3


def test_guan_hua_was_director_and_first_level_researcher() -> None:
    guan = person("官华")
    assert (guan.former_unit, guan.former_post, guan.rank) == (
        "崂山区退役军人事务局", "局长", "一级调研员",
    )  # fmt: skip


def test_ten_odd_peacemaker_teams_mediated_23_disputes() -> None:
    from volunteering.mediation.models import MediationCase

    assert 10 <= Team.objects.filter(kind=Team.Kind.MEDIATION).count() < 20
    assert MediationCase.objects.count() == 23


def test_eight_workrooms_two_of_them_demonstration_ones() -> None:
    from workrooms.models import Workroom

    assert Workroom.objects.count() == 8
    shown = set(Workroom.objects.filter(is_demonstration=True).values_list("name", flat=True))
    assert shown == {"于通海老党员工作室", "谭俊龄老党员工作室"}


def test_ruina_garden_branch_has_58_registered_party_members() -> None:
    row = PartyOrganisationCount.objects.get(area__name="瑞纳花园小区")
    assert row.members == 58


def test_ruina_garden_branch_meets_in_two_party_groups() -> None:
    row = PartyOrganisationCount.objects.get(area__name="瑞纳花园小区")
    assert row.groups == 2


def test_ruina_garden_is_the_largest_compound_branch_under_ruidu() -> None:
    ruidu = Area.objects.get(name="瑞都社区")
    rows = PartyOrganisationCount.objects.filter(
        area__parent=ruidu, area__level=Area.Level.COMPOUND
    )
    per_branch = {
        row.area.name: row.members / max(row.groups // 2, 1) for row in rows if row.members
    }
    assert len(per_branch) > 1
    assert max(per_branch, key=per_branch.__getitem__) == "瑞纳花园小区"
    assert sorted(per_branch.values())[-2] < 58


def test_the_coverage_page_shows_the_58_members() -> None:
    ruina = Area.objects.get(name="瑞纳花园小区")
    client = client_for(User.objects.get(username="ruidu"))
    page = client.get(reverse("cadres:coverage_area", args=[ruina.code])).content.decode()
    assert "瑞纳花园小区本级党组织：登记党员58名，分2个党小组。" in page
