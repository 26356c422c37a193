"""The workroom and co-building cluster pages: list, filters, export, forms, deletes.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from laoshan_portal.audit.models import AuditEvent
from tests.conftest import ROLE_NAMES, SEEN_IN_SPREAD, client_for
from tests.factories.cadres import CadreFactory
from tests.factories.workrooms import ClusterFactory, WorkroomActivityFactory, WorkroomFactory
from workrooms.models import Cluster, Workroom

LIST = "/workrooms/"
CREATE = "/workrooms/new/"


@pytest.fixture
def spread(tree: Any) -> dict[str, Workroom]:
    return {
        "qiantaiju": WorkroomFactory(
            area=tree.qiantaiju, name="千泰居老党员工作室", is_demonstration=True
        ),
        "miaoling": WorkroomFactory(
            area=tree.miaoling, name="苗岭老书记工作室", kind="old_secretary"
        ),
        "wushan": WorkroomFactory(area=tree.wushan, name="午山老党员工作室"),
        "tuandao": WorkroomFactory(area=tree.tuandao, name="团岛老党员工作室"),
    }


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_it_lists_only_the_workrooms_in_scope(
    role_name: str, roles: Any, spread: dict[str, Workroom]
) -> None:
    response = client_for(getattr(roles, role_name)).get(LIST)
    assert response.status_code == 200
    seen = {spread[key].name for key in SEEN_IN_SPREAD[role_name]}
    assert {w.name for w in response.context["page"]} == seen
    body = response.content.decode()
    assert (f'href="{CREATE}"' in body) is (role_name != "viewer")


def test_it_shows_the_demonstration_workrooms_first_with_a_badge(
    roles: Any, spread: dict[str, Workroom]
) -> None:
    response = client_for(roles.street_staff).get(LIST)
    assert [w.name for w in response.context["page"]][0] == "千泰居老党员工作室"
    assert "示范" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("area={ruidu}", {"千泰居老党员工作室"}),
        ("kind=old_secretary", {"苗岭老书记工作室"}),
        ("demonstration=yes", {"千泰居老党员工作室"}),
        ("demonstration=no", {"苗岭老书记工作室", "午山老党员工作室"}),
        ("q=午山", {"午山老党员工作室"}),
    ],
)
def test_it_filters_by_area_kind_and_demonstration(
    query: str, expected: set[str], tree: Any, roles: Any, spread: dict[str, Workroom]
) -> None:
    url = LIST + "?" + query.format(ruidu=tree.ruidu.pk)
    response = client_for(roles.district_admin).get(url)
    assert {w.name for w in response.context["page"]} == expected


def _grow(tree: Any, n: int) -> None:
    for i in range(n):
        workroom = WorkroomFactory(
            area=tree.qiantaiju, name=f"工作室{n}-{i}", members=[CadreFactory(area=tree.qiantaiju)]
        )
        WorkroomActivityFactory(area=tree.qiantaiju, workroom=workroom)


def test_it_keeps_the_list_query_budget_at_two_sizes(
    tree: Any, roles: Any, query_budget: Any
) -> None:
    # count, the page of workrooms with area, lead and member and activity counts (the filter's
    # areas are kept)
    client = client_for(roles.street_staff)
    _grow(tree, 2)
    query_budget(client, LIST, 2, lambda: _grow(tree, 30))


def test_it_exports_the_scoped_workrooms_with_formulas_neutralised(
    tree: Any, roles: Any, spread: dict[str, Workroom]
) -> None:
    WorkroomFactory(area=tree.miaoling, name="@SUM(1+1)", supervising_branch="=1+2")
    response = client_for(roles.street_staff).get(reverse("workrooms:workroom_export"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("名称", "类别", "所在区域")
    assert {row[0] for row in rows[1:]} == {"千泰居老党员工作室", "苗岭老书记工作室", "'@SUM(1+1)"}
    assert "'=1+2" in {row[8] for row in rows[1:]}
    assert AuditEvent.objects.get(action="export").detail["rows"] == 3
    assert client_for(roles.viewer).get(reverse("workrooms:workroom_export")).status_code == 403


def _form(tree: Any, **changes: Any) -> dict[str, Any]:
    lead = changes.pop("lead", None) or CadreFactory(area=tree.qiantaiju)
    members = changes.pop("members", None) or [CadreFactory(area=tree.qiantaiju)]
    data = {
        "area": tree.qiantaiju.pk,
        "name": "于通海老党员工作室",
        "kind": "old_party_member",
        "lead": [lead.pk],
        "members": [m.pk for m in members],
        "founded_on": "2021-07-01",
        "is_demonstration": "on",
        "supervising_branch": "康城小区党委",
        "description": "",
    }
    data.update(changes)
    return data


def test_a_secretary_creates_a_workroom_whose_lead_is_a_member(tree: Any, roles: Any) -> None:
    lead = CadreFactory(area=tree.qiantaiju)
    response = client_for(roles.secretary_a).post(CREATE, _form(tree, lead=lead))
    workroom = Workroom.objects.get()
    assert response["Location"] == reverse("workrooms:workroom_detail", args=[workroom.pk])
    assert workroom.is_demonstration and workroom.lead == lead
    assert lead in workroom.members.all() and workroom.members.count() == 2
    assert AuditEvent.objects.filter(action="create", object_type="workrooms.Workroom").exists()
    page = client_for(roles.secretary_a).get(response["Location"]).content.decode()
    assert "示范工作室" in page and lead.name in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"founded_on": "2999-01-01"}, "日期不能晚于今天"),
        ({"area": "wushan"}, "不在您的"),
        ({"members": "outsider"}, "不在您的"),
        ({"lead": "outsider"}, "不在您的"),
        ({"lead": []}, "这个字段是必填项"),
    ],
)
def test_it_refuses_bad_workroom_input_and_keeps_what_was_typed(
    change: dict[str, Any], message: str, tree: Any, roles: Any
) -> None:
    outsider = CadreFactory(area=tree.wushan)
    values = {
        key: (
            tree.wushan.pk if value == "wushan" else [outsider.pk] if value == "outsider" else value
        )
        for key, value in change.items()
    }
    response = client_for(roles.secretary_a).post(CREATE, {**_form(tree), **values})
    assert response.status_code == 200 and not Workroom.objects.exists()
    body = response.content.decode()
    assert message in body and "康城小区党委" in body


def test_it_refuses_the_same_member_twice(tree: Any, roles: Any) -> None:
    person = CadreFactory(area=tree.qiantaiju)
    data = _form(tree, members=[person])
    data["members"] = [person.pk, person.pk]
    response = client_for(roles.secretary_a).post(CREATE, data)
    assert "同一" in response.content.decode() and not Workroom.objects.exists()


def test_a_member_who_moved_away_stays_when_the_workroom_is_changed(tree: Any, roles: Any) -> None:
    moved = CadreFactory(area=tree.wushan)
    workroom = WorkroomFactory(area=tree.qiantaiju, members=[moved])
    url = reverse("workrooms:workroom_edit", args=[workroom.pk])
    data = _form(tree, lead=workroom.lead, members=[moved], name="改名工作室")
    response = client_for(roles.secretary_a).post(url, data)
    assert response.status_code == 302
    workroom.refresh_from_db()
    assert workroom.name == "改名工作室" and moved in workroom.members.all()
    event = AuditEvent.objects.get(action="update")
    assert "name" in event.detail["changed"]


def test_a_workroom_that_logged_activities_is_not_deleted(tree: Any, roles: Any) -> None:
    workroom = WorkroomFactory(area=tree.qiantaiju)
    WorkroomActivityFactory(area=tree.qiantaiju, workroom=workroom)
    url = reverse("workrooms:workroom_delete", args=[workroom.pk])
    assert client_for(roles.secretary_a).post(url).status_code == 403
    response = client_for(roles.district_admin).post(url, follow=True)
    assert "不能删除" in response.content.decode()
    assert Workroom.objects.filter(pk=workroom.pk).exists()
    assert not AuditEvent.objects.filter(action="delete").exists()
    empty = WorkroomFactory(area=tree.qiantaiju)
    client_for(roles.district_admin).post(reverse("workrooms:workroom_delete", args=[empty.pk]))
    assert not Workroom.objects.filter(pk=empty.pk).exists()


def test_the_workroom_page_shows_its_recent_activities(tree: Any, roles: Any) -> None:
    workroom = WorkroomFactory(area=tree.qiantaiju)
    WorkroomActivityFactory(
        area=tree.qiantaiju, workroom=workroom, summary="议事：楼道灯", date=timezone.localdate()
    )
    url = reverse("workrooms:workroom_detail", args=[workroom.pk])
    body = client_for(roles.viewer).get(url).content.decode()
    assert "议事：楼道灯" in body
    assert reverse("workrooms:workroom_edit", args=[workroom.pk]) not in body


def test_a_cluster_groups_workrooms_of_its_area_only(tree: Any, roles: Any) -> None:
    inside = WorkroomFactory(area=tree.qiantaiju)
    elsewhere = WorkroomFactory(area=tree.miaoling)
    data = {"area": tree.ruidu.pk, "name": "瑞都片区联建", "description": ""}
    client = client_for(roles.street_staff)
    response = client.post(
        reverse("workrooms:cluster_create"), {**data, "workrooms": [inside.pk, elsewhere.pk]}
    )
    assert response.status_code == 200 and not Cluster.objects.exists()
    assert "不在片区范围内" in response.content.decode()
    response = client.post(reverse("workrooms:cluster_create"), {**data, "workrooms": [inside.pk]})
    cluster = Cluster.objects.get()
    assert list(cluster.workrooms.all()) == [inside]
    detail = client.get(response["Location"]).content.decode()
    assert inside.name in detail


def test_a_cluster_is_listed_in_its_scope_only(tree: Any, roles: Any) -> None:
    ClusterFactory(area=tree.jinjialing, name="金家岭片区联建")
    url = reverse("workrooms:cluster_list")
    assert "金家岭片区联建" in client_for(roles.street_staff).get(url).content.decode()
    assert "金家岭片区联建" not in client_for(roles.secretary_a).get(url).content.decode()


def test_founding_today_is_fine_and_tomorrow_is_not(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    client.post(CREATE, _form(tree, founded_on=tomorrow))
    assert not Workroom.objects.exists()
    client.post(CREATE, _form(tree, founded_on=timezone.localdate().isoformat()))
    assert Workroom.objects.get().founded_on == timezone.localdate()
    assert Workroom.objects.get().founded_on != date(2021, 7, 1)
