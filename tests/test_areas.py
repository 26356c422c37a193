"""The area tree: paths, moves, and the area pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from laoshan_portal.accounts import services
from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list, scope_for_user
from laoshan_portal.scoping import Scope
from tests.conftest import client_for

EVERYTHING = Scope(area=None, unrestricted=True)


def test_it_builds_paths_of_any_depth(tree: Any) -> None:
    building = services.area_create(
        actor=None,
        scope=EVERYTHING,
        parent=tree.qiantaiju,
        code="QTJ-3",
        name="3号楼",
        level="building",
    )
    assert building.path == "/370212/370212005/370212005001/370212005001-01/QTJ-3/"
    assert building.depth == 4
    province = services.area_create(
        actor=None, scope=EVERYTHING, parent=None, code="37", name="山东省", level="province"
    )
    assert province.depth == 0


def test_it_moves_a_whole_subtree(tree: Any) -> None:
    services.area_update(
        actor=None,
        scope=EVERYTHING,
        area=tree.ruidu,
        name="瑞都社区",
        code="RD",
        parent=tree.zhonghan,
    )
    tree.qiantaiju.refresh_from_db()
    assert tree.qiantaiju.path == "/370212/370212001/RD/370212005001-01/"
    assert tree.qiantaiju.depth == 3
    zhonghan_scope = Scope(area=tree.zhonghan, role="admin")
    assert set(area_list(scope=zhonghan_scope).values_list("name", flat=True)) == {
        "中韩街道",
        "午山社区",
        "瑞都社区",
        "千泰居小区",
    }


def test_it_refuses_to_move_an_area_below_itself(tree: Any) -> None:
    with pytest.raises(ValidationError):
        services.area_update(
            actor=None,
            scope=EVERYTHING,
            area=tree.ruidu,
            name="瑞都社区",
            code=tree.ruidu.code,
            parent=tree.qiantaiju,
        )


def test_it_keeps_staff_from_editing_their_own_area(tree: Any, roles: Any) -> None:
    scope = scope_for_user(roles.secretary_a)
    with pytest.raises(PermissionDenied):
        services.area_update(
            actor=None,
            scope=scope,
            area=tree.ruidu,
            name="改名",
            code=tree.ruidu.code,
            parent=tree.jinjialing,
        )


def test_it_lists_the_areas_of_a_street(tree: Any, roles: Any) -> None:
    response = client_for(roles.street_staff).get(reverse("accounts:area_index"))
    assert {a.name for a in response.context["page"]} == {
        "金家岭街道",
        "瑞都社区",
        "千泰居小区",
        "苗岭社区",
    }


def test_it_searches_and_filters_areas(tree: Any, roles: Any) -> None:
    client = client_for(roles.district_admin)
    response = client.get(reverse("accounts:area_index"), {"q": "瑞都"})
    assert [a.name for a in response.context["page"]] == ["瑞都社区"]
    response = client.get(reverse("accounts:area_index"), {"level": "street"})
    assert {a.name for a in response.context["page"]} == {"金家岭街道", "中韩街道"}


def test_it_paginates_long_lists(tree: Any, roles: Any) -> None:
    for n in range(30):
        services.area_create(
            actor=None,
            scope=EVERYTHING,
            parent=tree.ruidu,
            code=f"P{n}",
            name=f"小区{n}",
            level="compound",
        )
    client = client_for(roles.secretary_a)
    first = client.get(reverse("accounts:area_index"))
    assert len(first.context["page"]) == 25
    assert "第 1 页，共 2 页（共 32 条）" in first.content.decode()
    second = client.get(reverse("accounts:area_index"), {"page": 2})
    assert len(second.context["page"]) == 7


def test_it_shows_an_area_with_its_children_and_chart(tree: Any, roles: Any) -> None:
    response = client_for(roles.street_staff).get(
        reverse("accounts:area_detail", args=[tree.jinjialing.code])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert [row["area"].name for row in response.context["children"]] == ["瑞都社区", "苗岭社区"]
    assert [row["descendants"] for row in response.context["children"]] == [1, 0]
    assert 'data-chart="bar"' in body
    assert response.context["ancestors"] == []  # the district above is out of scope


def test_the_home_pages_counts_follow_a_new_area(tree: Any, roles: Any) -> None:
    client = client_for(roles.street_staff)
    before = client.get(reverse("home")).context["children"]
    assert [row["descendants"] for row in before] == [1, 0]
    created = client_for(roles.secretary_a).post(
        reverse("accounts:area_child_create", args=[tree.ruidu.code]),
        {"code": "RD-5", "name": "瑞都北苑小区", "level": "compound"},
    )
    assert created.status_code == 302
    after = client.get(reverse("home")).context["children"]
    assert [row["descendants"] for row in after] == [2, 0]


def test_it_adds_an_area_below_one_in_scope(tree: Any, roles: Any) -> None:
    url = reverse("accounts:area_child_create", args=[tree.ruidu.code])
    response = client_for(roles.secretary_a).post(
        url, {"code": "RD-5", "name": "瑞都北苑小区", "level": "compound"}
    )
    assert response.status_code == 302
    assert Area.objects.get(code="RD-5").parent == tree.ruidu


def test_it_keeps_what_was_typed_after_a_bad_post(tree: Any, roles: Any) -> None:
    url = reverse("accounts:area_child_create", args=[tree.ruidu.code])
    response = client_for(roles.secretary_a).post(
        url, {"code": "bad code!", "name": "瑞都北苑小区", "level": "compound"}
    )
    body = response.content.decode()
    assert "编码只能包含字母、数字和连字符" in body
    assert 'value="瑞都北苑小区"' in body
    assert not Area.objects.filter(name="瑞都北苑小区").exists()


def test_it_does_not_let_a_viewer_add_areas(tree: Any, roles: Any) -> None:
    url = reverse("accounts:area_child_create", args=[tree.ruidu.code])
    response = client_for(roles.viewer).post(url, {"code": "V1", "name": "x", "level": "compound"})
    assert response.status_code == 403
    assert not Area.objects.filter(code="V1").exists()


def test_a_child_must_sit_at_a_level_below_its_parent(tree: Any, roles: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.area_create(
            actor=None, scope=EVERYTHING, parent=tree.ruidu, code="X-P", name="省", level="province"
        )
    assert "level" in refused.value.message_dict
    assert not Area.objects.filter(code="X-P").exists()
    # Moving a street under a community is refused the same way.
    with pytest.raises(ValidationError):
        services.area_update(
            actor=None,
            scope=EVERYTHING,
            area=tree.zhonghan,
            name=tree.zhonghan.name,
            code=tree.zhonghan.code,
            parent=tree.ruidu,
        )
    tree.zhonghan.refresh_from_db()
    assert tree.zhonghan.parent == tree.laoshan


def test_the_add_page_offers_only_lower_levels_the_next_one_chosen(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    url = reverse("accounts:area_child_create", kwargs={"code": tree.ruidu.code})
    level = client.get(url).context["form"].fields["level"]
    assert [value for value, _label in level.choices] == ["compound", "building"]
    assert level.initial == "compound"
    response = client.post(url, {"code": "RD-P", "name": "山东省", "level": "province"})
    assert response.status_code == 200
    assert "level" in response.context["form"].errors
    assert not Area.objects.filter(code="RD-P").exists()
