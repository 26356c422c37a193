"""The Django admin shows a district administrator only its own district."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from laoshan_portal.accounts.models import Area
from tests.conftest import client_for
from tests.factories.accounts import AreaFactory


def test_it_lists_only_the_administrators_district(tree: Any, roles: Any) -> None:
    response = client_for(roles.district_admin).get(reverse("admin:accounts_area_changelist"))
    assert response.status_code == 200
    shown = {area.name for area in response.context["cl"].result_list}
    assert {"崂山区", "瑞都社区", "千泰居小区", "午山社区"} <= shown
    assert not shown & {"市南区", "八大峡街道", "团岛社区"}


def test_it_offers_only_parents_in_scope(tree: Any, roles: Any) -> None:
    response = client_for(roles.district_admin).get(reverse("admin:accounts_area_add"))
    choices = {
        str(label) for _, label in response.context["adminform"].form.fields["parent"].choices
    }
    assert {"瑞都社区", "午山社区"} <= choices
    assert not choices & {"市南区", "八大峡街道", "团岛社区"}


def test_it_refuses_a_parent_outside_scope_with_a_chinese_error(tree: Any, roles: Any) -> None:
    response = client_for(roles.district_admin).post(
        reverse("admin:accounts_area_add"),
        {"parent": tree.tuandao.pk, "code": "X-1", "name": "越界小区", "level": "compound"},
    )
    assert response.status_code == 200
    assert "所选区域不在您的管辖范围内" in response.content.decode()
    assert not Area.objects.filter(code="X-1").exists()


def test_it_adds_a_compound_below_a_community(tree: Any, roles: Any) -> None:
    response = client_for(roles.district_admin).post(
        reverse("admin:accounts_area_add"),
        {"parent": tree.ruidu.pk, "code": "RD-9", "name": "瑞都新苑小区", "level": "compound"},
    )
    assert response.status_code == 302
    created = Area.objects.get(code="RD-9")
    assert created.path == tree.ruidu.path + "RD-9/"
    assert created.depth == tree.ruidu.depth + 1


def test_it_does_not_let_an_administrator_edit_the_district_itself(tree: Any, roles: Any) -> None:
    url = reverse("admin:accounts_area_change", args=[tree.laoshan.pk])
    response = client_for(roles.district_admin).post(
        url, {"code": tree.laoshan.code, "name": "改名", "level": "district"}
    )
    assert response.status_code == 403
    tree.laoshan.refresh_from_db()
    assert tree.laoshan.name == "崂山区"


def test_it_filters_by_parent_only_among_areas_in_scope(tree: Any, roles: Any) -> None:
    response = client_for(roles.district_admin).get(reverse("admin:accounts_area_changelist"))
    parent_filter = next(
        spec for spec in response.context["cl"].filter_specs if spec.field_path == "parent"
    )
    offered = {label for _, label in parent_filter.lookup_choices}
    assert {"崂山区", "瑞都社区", "午山社区"} <= offered
    assert not offered & {"市南区", "八大峡街道", "团岛社区"}


def test_it_deletes_nothing_outside_scope_through_an_action(tree: Any, roles: Any) -> None:
    outsider = AreaFactory(code="WS-1", name="午山花园小区", level="compound", parent=tree.wushan)
    client_for(roles.district_admin).post(
        reverse("admin:accounts_area_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [outsider.pk, tree.tuandao.pk],
            "post": "yes",
        },
    )
    assert Area.objects.filter(pk=tree.tuandao.pk).exists()


def test_it_hides_staff_accounts_from_non_superusers(roles: Any) -> None:
    response = client_for(roles.district_admin).get(reverse("admin:index"))
    assert response.status_code == 200
    assert reverse("admin:accounts_user_changelist") not in response.content.decode()
    assert reverse("admin:accounts_area_changelist") in response.content.decode()
