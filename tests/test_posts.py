"""Posts cadres hold and the party-organisation coverage pages.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cadres.demo_posts import seed_posts_and_needs
from cadres.models import Cadre, Need, PartyOrganisationCount, Post
from cadres.posts.selectors import coverage_for
from cadres.posts.services import post_end
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from tests.conftest import ROLE_NAMES, client_for
from tests.factories.cadres import CadreFactory, PartyOrganisationCountFactory, PostFactory

EVERYTHING = Scope(area=None, unrestricted=True)
LONG_AGO = date(2020, 1, 1)
_serial = itertools.count()


def _posts(area: Any, kind: str, n: int, **fields: Any) -> None:
    """``n`` posts of ``kind`` in ``area`` held since long ago by ``n`` new cadres living
    there (``cadre__status=…``: cadres of that status)."""
    PostFactory.create_batch(n, area=area, kind=kind, start_date=LONG_AGO, **fields)


@pytest.fixture
def jinjialing_posts(tree: Any) -> Any:
    """金家岭街道 as the article has it: 325 organisations, 62 led, 98 committee, 119
    leaders; plus posts that must not count."""
    PartyOrganisationCountFactory(area=tree.jinjialing, count=5)
    PartyOrganisationCountFactory(area=tree.ruidu, count=120)
    PartyOrganisationCountFactory(area=tree.qiantaiju, count=150)
    PartyOrganisationCountFactory(area=tree.miaoling, count=50)
    PartyOrganisationCountFactory(area=tree.wushan, count=999)  # another street
    _posts(tree.qiantaiju, "secretary", 40)
    _posts(tree.miaoling, "secretary", 22)
    _posts(tree.ruidu, "committee", 60)
    _posts(tree.qiantaiju, "part_time_committee", 38)
    _posts(tree.ruidu, "group_leader", 50)
    _posts(tree.qiantaiju, "building_leader", 40)
    _posts(tree.miaoling, "liaison", 29)
    # None of these count: ended, held by the deceased or moved, not started yet,
    # another street, or a post that is not among the three figures.
    _posts(tree.qiantaiju, "secretary", 3, end_date=date(2023, 1, 1))
    _posts(tree.qiantaiju, "secretary", 2, cadre__status="deceased")
    _posts(tree.ruidu, "committee", 2, cadre__status="moved")
    future = timezone.localdate() + timedelta(days=30)
    PostFactory(area=tree.ruidu, kind="secretary", start_date=future)
    _posts(tree.wushan, "secretary", 7)
    _posts(tree.ruidu, "owners_chair", 4)
    return tree


def test_it_reproduces_the_jinjialing_figures(jinjialing_posts: Any, roles: Any) -> None:
    tree = jinjialing_posts
    figures = coverage_for(
        scope=Scope(area=tree.jinjialing, role="street_staff"), area=tree.jinjialing
    )
    assert (figures.organisations, figures.led) == (325, 62)
    assert figures.share == Decimal("19.1")
    assert figures.committee == 98
    assert figures.leaders == 119


def test_it_sums_a_subtree_and_sees_nothing_outside_the_scope(jinjialing_posts: Any) -> None:
    tree = jinjialing_posts
    ruidu = coverage_for(scope=EVERYTHING, area=tree.ruidu)
    assert (ruidu.organisations, ruidu.led, ruidu.committee, ruidu.leaders) == (270, 40, 98, 90)
    outsider = Scope(area=tree.wushan, role="secretary")
    assert coverage_for(scope=outsider, area=tree.jinjialing).organisations == 0
    assert coverage_for(scope=outsider, area=tree.jinjialing).share is None


def test_it_stops_counting_a_post_once_ended_or_its_holder_dies(tree: Any) -> None:
    PartyOrganisationCountFactory(area=tree.ruidu, count=4)
    cadre, other = CadreFactory(area=tree.ruidu), CadreFactory(area=tree.ruidu)
    post = PostFactory(cadre=cadre, area=tree.ruidu, kind="secretary", start_date=LONG_AGO)
    PostFactory(cadre=other, area=tree.ruidu, kind="secretary", start_date=LONG_AGO)
    assert coverage_for(scope=EVERYTHING, area=tree.ruidu).share == Decimal("50.0")
    post_end(scope=EVERYTHING, actor=None, post=post, end_date=timezone.localdate())
    other.status = Cadre.Status.DECEASED
    other.save()
    assert coverage_for(scope=EVERYTHING, area=tree.ruidu).led == 0


def test_it_seeds_the_demo_figures_once(tree: Any) -> None:
    cadres = {
        # More cadres than secretaries: a cadre is the secretary of one branch at most.
        tree.qiantaiju: CadreFactory.create_batch(40, area=tree.qiantaiju),
        tree.miaoling: CadreFactory.create_batch(30, area=tree.miaoling),
        tree.wushan: CadreFactory.create_batch(5, area=tree.wushan),  # not in the street
    }
    for _ in range(2):
        seed_posts_and_needs(street=tree.jinjialing, cadres_by_area=cadres)
    figures = coverage_for(scope=EVERYTHING, area=tree.jinjialing)
    assert (figures.organisations, figures.led, figures.committee, figures.leaders) == (
        325,
        62,
        98,
        119,
    )
    assert figures.share == Decimal("19.1")
    assert not Post.objects.filter(area=tree.wushan).exists()
    assert (
        Need.objects.filter(area__path__startswith=tree.jinjialing.path, status="open").count() >= 2
    )
    assert Need.objects.count() == Need.objects.values("area", "title").distinct().count()


# ---------------------------------------------------------------------------- the pages


def test_it_shows_the_coverage_of_the_users_area(jinjialing_posts: Any, roles: Any) -> None:
    response = client_for(roles.street_staff).get(reverse("cadres:coverage"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "金家岭街道" in body
    assert 'data-kpi="organisations">325<' in body
    assert "19.1%" in body
    assert 'data-kpi="committee">98<' in body
    assert 'data-kpi="leaders">119<' in body
    # One row per community, each a link that drills down, and the chart's data with links.
    assert reverse("cadres:coverage_area", args=["370212005001"]) in body
    assert 'data-chart="bar"' in body
    assert 'id="coverage-chart"' in body
    assert "<script>" not in body


def test_it_drills_down_and_keeps_other_areas_out(jinjialing_posts: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    body = client.get(reverse("cadres:coverage")).content.decode()
    assert "瑞都社区" in body and 'data-kpi="organisations">270<' in body
    child = client.get(reverse("cadres:coverage_area", args=["370212005001-01"]))
    assert child.status_code == 200
    assert 'data-kpi="led">40' in child.content.decode()
    street = client.get(reverse("cadres:coverage_area", args=["370212005"]))
    assert street.status_code == 404


def test_it_lets_an_administrator_set_an_areas_own_count(tree: Any, roles: Any) -> None:
    client = client_for(roles.district_admin)
    url = reverse("cadres:coverage_count", args=[tree.ruidu.code])
    response = client.post(url, {"count": "12"}, follow=True)
    assert "瑞都社区本级现有基层党组织12个" in response.content.decode()
    assert PartyOrganisationCount.objects.get(area=tree.ruidu).count == 12
    assert AuditEvent.objects.filter(
        action="create", object_type="cadres.PartyOrganisationCount"
    ).exists()
    client.post(url, {"count": "13"})
    assert PartyOrganisationCount.objects.get(area=tree.ruidu).count == 13
    assert AuditEvent.objects.filter(
        action="update", object_type="cadres.PartyOrganisationCount"
    ).exists()


def test_it_refuses_a_bad_count_and_a_read_only_role(tree: Any, roles: Any) -> None:
    url = reverse("cadres:coverage_count", args=[tree.ruidu.code])
    response = client_for(roles.district_admin).post(url, {"count": "-3"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "is-invalid" in body and 'value="-3"' in body
    assert client_for(roles.viewer).post(url, {"count": "3"}).status_code == 403
    assert not PartyOrganisationCount.objects.exists()
    viewer_page = client_for(roles.viewer).get(reverse("cadres:coverage"))
    assert reverse("cadres:coverage_count", args=[roles.viewer.area.code]) not in (
        viewer_page.content.decode()
    )


def test_it_adds_a_post_for_a_cadre_in_scope(tree: Any, roles: Any) -> None:
    cadre = CadreFactory(area=tree.qiantaiju, name="王建国")
    client = client_for(roles.secretary_a)
    url = reverse("cadres:post_create") + f"?cadre={cadre.pk}"
    page = client.get(url)
    assert page.status_code == 200 and "王建国" in page.content.decode()
    data = {
        "kind": "secretary",
        "area": tree.qiantaiju.pk,
        "organisation": "千泰居小区党支部",
        "start_date": "2024-03-01",
    }
    response = client.post(url, data, follow=True)
    assert "王建国已担任小区党组织书记" in response.content.decode()
    post = Post.objects.get(cadre=cadre)
    assert (post.kind, post.area, post.end_date) == ("secretary", tree.qiantaiju, None)
    assert AuditEvent.objects.filter(action="create", object_type="cadres.Post").exists()


def test_it_finds_the_cadre_first_when_none_is_given(tree: Any, roles: Any) -> None:
    CadreFactory(area=tree.qiantaiju, name="王建国")
    CadreFactory(area=tree.wushan, name="王建华")
    client = client_for(roles.secretary_a)
    body = client.get(reverse("cadres:post_create"), {"q": "王建"}).content.decode()
    assert "王建国" in body and "王建华" not in body


def test_it_refuses_a_cadre_or_an_area_outside_the_scope(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    outsider = CadreFactory(area=tree.wushan)
    assert client.get(reverse("cadres:post_create") + f"?cadre={outsider.pk}").status_code == 404
    assert client.get(reverse("cadres:post_create") + "?cadre=abc").status_code == 404
    cadre = CadreFactory(area=tree.qiantaiju)
    data = {"kind": "liaison", "area": tree.wushan.pk, "start_date": "2024-03-01"}
    response = client.post(reverse("cadres:post_create") + f"?cadre={cadre.pk}", data)
    assert response.status_code == 200
    assert "所选区域不在您的管辖范围内" in response.content.decode()
    assert not Post.objects.exists()
    viewer = client_for(roles.viewer).get(reverse("cadres:post_create") + f"?cadre={cadre.pk}")
    assert viewer.status_code == 403


def test_it_ends_a_post_but_not_before_it_began(tree: Any, roles: Any) -> None:
    cadre = CadreFactory(area=tree.ruidu, name="李红")
    post = PostFactory(cadre=cadre, area=tree.ruidu, kind="committee", start_date=date(2024, 5, 1))
    client = client_for(roles.secretary_a)
    url = reverse("cadres:post_end", args=[post.pk])
    response = client.post(url, {"end_date": "2024-04-30"})
    body = response.content.decode()
    assert "结束日期不能早于开始日期" in body and 'value="2024-04-30"' in body
    post.refresh_from_db()
    assert post.end_date is None
    client.post(url, {"end_date": "2025-01-31"})
    post.refresh_from_db()
    assert post.end_date == date(2025, 1, 31)
    assert AuditEvent.objects.filter(action="update", object_type="cadres.Post").exists()
    with pytest.raises(ValidationError):
        post_end(scope=EVERYTHING, actor=None, post=post, end_date=date(2025, 2, 1))


def test_it_lists_and_filters_posts_in_scope(tree: Any, roles: Any) -> None:
    mine = CadreFactory(area=tree.qiantaiju, name="赵一")
    ended = CadreFactory(area=tree.ruidu, name="钱二")
    theirs = CadreFactory(area=tree.wushan, name="孙三")
    PostFactory(cadre=mine, area=tree.qiantaiju, kind="secretary", start_date=LONG_AGO)
    PostFactory(
        cadre=ended, area=tree.ruidu, kind="liaison", start_date=LONG_AGO, end_date=date(2021, 1, 1)
    )
    PostFactory(cadre=theirs, area=tree.wushan, kind="secretary", start_date=LONG_AGO)
    client = client_for(roles.secretary_a)
    url = reverse("cadres:post_list")
    body = client.get(url).content.decode()
    assert "赵一" in body and "钱二" in body and "孙三" not in body
    current = client.get(url, {"state": "current"}).content.decode()
    assert "赵一" in current and "钱二" not in current
    ended_only = client.get(url, {"state": "ended"}).content.decode()
    assert "赵一" not in ended_only and "钱二" in ended_only
    by_kind = client.get(url, {"kind": "liaison"}).content.decode()
    assert "赵一" not in by_kind and "钱二" in by_kind
    by_area = client.get(url, {"area": tree.qiantaiju.pk}).content.decode()
    assert "赵一" in by_area and "钱二" not in by_area
    assert "孙三" not in client.get(url, {"area": tree.wushan.pk}).content.decode()


def test_it_renders_a_cadres_posts_for_the_record_page(tree: Any, roles: Any, rf: Any) -> None:
    from django.template.loader import render_to_string

    cadre = CadreFactory(area=tree.ruidu)
    PostFactory(cadre=cadre, area=tree.ruidu, kind="building_leader", start_date=LONG_AGO)
    request = rf.get("/")
    request.user = roles.secretary_a
    request.scope = Scope(area=tree.ruidu, role="secretary")
    html = render_to_string(
        "cadres/post_table.html", {"posts": cadre.posts.select_related("area")}, request=request
    )
    assert "楼长" in html and "瑞都社区" in html and "在任" in html


# ------------------------------------------------------------------------ query budgets


def _grow(tree: Any, n: int) -> None:
    """More cadres, posts and counts in scope, to show the budgets do not depend on them."""
    for _ in range(n):
        i = next(_serial)
        PostFactory(area=tree.qiantaiju, kind=["secretary", "liaison"][i % 2], start_date=LONG_AGO)
    PartyOrganisationCount.objects.update_or_create(area=tree.miaoling, defaults={"count": n})


BUDGETS = [
    # count, page of posts with cadre and area (the areas offered by the filter are kept)
    ("post_list", lambda t: reverse("cadres:post_list"), 2),
    # children, organisation sums, post counts (the district is a root: no breadcrumb to
    # read)
    ("coverage", lambda t: reverse("cadres:coverage"), 3),
    # + the area itself, the breadcrumb
    ("coverage_area", lambda t: reverse("cadres:coverage_area", args=[t.ruidu.code]), 5),
]


@pytest.mark.parametrize(("name", "url", "budget"), BUDGETS, ids=[b[0] for b in BUDGETS])
def test_it_keeps_the_query_budget(
    name: str, url: Any, budget: int, tree: Any, roles: Any, query_budget: Any
) -> None:
    client = client_for(roles.district_admin)
    target = url(tree)
    _grow(tree, 2)
    query_budget(client, target, budget, lambda: _grow(tree, 30))


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_it_renders_the_post_pages_for_every_role(role_name: str, tree: Any, roles: Any) -> None:
    """Reading pages open for every role; forms are refused to the read-only viewer."""
    user = getattr(roles, role_name)
    cadre = CadreFactory(area=user.area if role_name == "secretary_b" else tree.qiantaiju)
    post = PostFactory(cadre=cadre, area=cadre.area, kind="liaison", start_date=LONG_AGO)
    client = client_for(user)
    pages = [
        (reverse("cadres:post_list"), False),
        (reverse("cadres:coverage"), False),
        (reverse("cadres:coverage_area", args=[user.area.code]), False),
        (reverse("cadres:post_create"), True),
        (reverse("cadres:post_create") + f"?cadre={cadre.pk}", True),
        (reverse("cadres:post_end", args=[post.pk]), True),
    ]
    for url, writes in pages:
        response = client.get(url)
        assert response.status_code == (403 if writes and role_name == "viewer" else 200), url
        assert "<script>" not in response.content.decode()
