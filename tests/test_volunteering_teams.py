"""Team pages: the list with its filters and export, a team with its members, the forms."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from laoshan_portal.audit.models import AuditEvent
from tests.factories.cadres import CadreFactory
from tests.factories.volunteering import TeamFactory, TeamMemberFactory
from volunteering.models import Team


@pytest.fixture
def teams(tree: Any) -> dict[str, Team]:
    return {
        "ruidu": TeamFactory(
            area=tree.ruidu,
            name="瑞都银龄先锋服务队",
            brand="银龄先锋",
            cadre_members=2,
            residents=1,
        ),
        "wushan": TeamFactory(
            area=tree.wushan,
            name="午山和事佬",
            kind=Team.Kind.MEDIATION,
            cadre_members=2,
            residents=1,
        ),
        "shinan": TeamFactory(area=tree.tuandao, name="团岛志愿服务队"),
    }


def _names(response: Any) -> set[str]:
    return {team.name for team in response.context["page"]}


def test_it_lists_the_teams_of_each_role_s_area(clients: Any, teams: Any) -> None:
    url = reverse("volunteering:team_list")
    assert _names(clients["district_admin"].get(url)) == {"瑞都银龄先锋服务队", "午山和事佬"}
    assert _names(clients["viewer"].get(url)) == {"瑞都银龄先锋服务队", "午山和事佬"}
    assert _names(clients["street_staff"].get(url)) == {"瑞都银龄先锋服务队"}
    assert _names(clients["secretary_a"].get(url)) == {"瑞都银龄先锋服务队"}
    assert _names(clients["secretary_b"].get(url)) == {"午山和事佬"}
    assert clients["anonymous"].get(url).status_code == 302


def test_it_filters_by_area_kind_and_brand(clients: Any, teams: Any, tree: Any) -> None:
    client = clients["district_admin"]
    url = reverse("volunteering:team_list")
    assert _names(client.get(url, {"kind": "mediation"})) == {"午山和事佬"}
    assert _names(client.get(url, {"brand": "银龄先锋"})) == {"瑞都银龄先锋服务队"}
    assert _names(client.get(url, {"area": tree.zhonghan.pk})) == {"午山和事佬"}
    # An area outside the scope is not a choice: the filter is refused, nothing leaks.
    response = client.get(url, {"area": tree.tuandao.pk})
    assert response.context["filter"].form.errors["area"]
    assert _names(response) == {"瑞都银龄先锋服务队", "午山和事佬"}


def test_it_creates_a_team_whose_leader_is_a_member(clients: Any, tree: Any) -> None:
    leader = CadreFactory(area=tree.qiantaiju)
    response = clients["secretary_a"].post(
        reverse("volunteering:team_create") + "?next=/volunteering/teams/",
        {
            "name": "千泰居山海夕阳红",
            "kind": "volunteer",
            "brand": "山海夕阳红",
            "area": tree.qiantaiju.pk,
            "leader": [leader.pk],
            "active": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/volunteering/teams/"
    team = Team.objects.get(name="千泰居山海夕阳红")
    assert team.leader == leader
    assert list(team.members.values_list("cadre", flat=True)) == [leader.pk]
    assert AuditEvent.objects.filter(action="create", object_id=str(team.pk)).exists()


def test_it_refuses_an_area_or_leader_outside_the_scope(clients: Any, tree: Any) -> None:
    outsider = CadreFactory(area=tree.wushan)
    response = clients["secretary_a"].post(
        reverse("volunteering:team_create"),
        {"name": "越界的队", "kind": "volunteer", "area": tree.wushan.pk, "leader": [outsider.pk]},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["area"] and form.errors["leader"]
    assert "越界的队" in response.content.decode()  # what was typed is kept
    assert not Team.objects.filter(name="越界的队").exists()


def test_it_refuses_a_second_team_of_the_same_name_in_an_area(clients: Any, teams: Any) -> None:
    response = clients["secretary_a"].post(
        reverse("volunteering:team_create"),
        {"name": "瑞都银龄先锋服务队", "kind": "volunteer", "area": teams["ruidu"].area_id},
    )
    assert "已有同名" in str(response.context["form"].errors["name"])


def test_it_keeps_the_viewer_to_reading(clients: Any, teams: Any) -> None:
    viewer = clients["viewer"]
    team = teams["ruidu"]
    assert viewer.get(reverse("volunteering:team_detail", args=[team.pk])).status_code == 200
    assert viewer.get(reverse("volunteering:team_create")).status_code == 403
    assert viewer.get(reverse("volunteering:team_edit", args=[team.pk])).status_code == 403
    assert viewer.get(reverse("volunteering:team_members_add", args=[team.pk])).status_code == 403


def test_it_masks_residents_phones_until_revealed(clients: Any, teams: Any) -> None:
    team = teams["ruidu"]
    detail = reverse("volunteering:team_detail", args=[team.pk])
    page = clients["secretary_a"].get(detail).content.decode()
    assert "139****5678" in page and "13912345678" not in page
    revealed = clients["secretary_a"].post(reverse("volunteering:team_phones", args=[team.pk]))
    assert "13912345678" in revealed.content.decode()
    assert AuditEvent.objects.filter(action="reveal", object_id=str(team.pk)).exists()
    # The viewer has no right to sensitive data: masked, and the reveal is refused.
    assert "13912345678" not in clients["viewer"].get(detail).content.decode()
    assert (
        clients["viewer"].post(reverse("volunteering:team_phones", args=[team.pk])).status_code
        == 403
    )


def test_it_adds_cadres_and_residents(clients: Any, teams: Any, tree: Any) -> None:
    team = teams["ruidu"]
    url = reverse("volunteering:team_members_add", args=[team.pk])
    cadre = CadreFactory(area=tree.qiantaiju)
    client = clients["secretary_a"]
    assert client.post(url, {"which": "cadres", "cadres": [cadre.pk]}).status_code == 302
    assert team.members.filter(cadre=cadre).exists()
    response = client.post(url, {"which": "resident", "name": "王大妈", "phone": "12345"})
    assert response.status_code == 200 and response.context["resident_form"].errors["phone"]
    assert not team.members.filter(resident_name="王大妈").exists()
    assert client.post(url, {"which": "resident", "name": "王大妈", "phone": ""}).status_code == 302
    outsider = CadreFactory(area=tree.wushan)
    response = client.post(url, {"which": "cadres", "cadres": [outsider.pk]})
    assert response.context["cadres_form"].errors["cadres"]


def test_it_removes_a_member_but_keeps_the_row(clients: Any, teams: Any) -> None:
    member = teams["ruidu"].members.filter(cadre__isnull=False).first()
    url = reverse("volunteering:team_member_remove", args=[member.pk])
    assert clients["secretary_a"].get(url).status_code == 200
    assert clients["secretary_a"].post(url).status_code == 302
    member.refresh_from_db()
    assert member.left is not None
    assert clients["secretary_b"].post(url).status_code == 404


def test_it_exports_the_teams_in_scope_neutralised(clients: Any, teams: Any, tree: Any) -> None:
    TeamFactory(area=tree.ruidu, name='=HYPERLINK("http://x")')
    response = clients["street_staff"].get(reverse("volunteering:team_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(["瑞都银龄先锋服务队", '\'=HYPERLINK("http://x")'])
    assert AuditEvent.objects.filter(action="export").exists()
    # Exporting needs its own permission: a secretary has none.
    assert clients["secretary_a"].get(reverse("volunteering:team_export")).status_code == 403


def _grow(area: Any, n: int) -> None:
    for _ in range(n):
        TeamFactory(area=area, cadre_members=2, residents=1)


def test_it_keeps_the_team_list_query_budget(tree: Any, roles: Any, query_budget: Any) -> None:
    from tests.conftest import client_for

    client = client_for(roles.district_admin)
    url = reverse("volunteering:team_list")
    _grow(tree.ruidu, 2)
    # count; the page of teams with area, leader and member count (the filter's areas are
    # kept)
    query_budget(client, url, 2, lambda: _grow(tree.wushan, 20))


def test_it_keeps_the_team_page_query_budget(tree: Any, roles: Any, query_budget: Any) -> None:
    from tests.conftest import client_for

    client = client_for(roles.secretary_a)
    team = TeamFactory(
        area=tree.ruidu, cadre_members=2, leader=CadreFactory(area=tree.ruidu), residents=1
    )
    url = reverse("volunteering:team_detail", args=[team.pk])
    # the team with area and leader; members with their cadres and areas; recent
    # activities
    query_budget(
        client,
        url,
        3,
        lambda: TeamMemberFactory.create_batch(15, team=team, cadre__area=tree.qiantaiju),
    )
