"""Staff management in the portal: admins manage accounts of their own area only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from laoshan_portal.accounts.models import Role, User
from tests.conftest import client_for
from tests.factories.accounts import StaffFactory

GOOD_PASSWORD = "Ruidu-Secretary-2026"


def _create(client: Any, **overrides: Any) -> Any:
    data = {
        "username": "new_secretary",
        "name": "李新",
        "area": "",
        "role": Role.SECRETARY,
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        **overrides,
    }
    return client.post(reverse("accounts:staff_create"), data)


def test_it_creates_an_account_with_its_role_group(tree: Any, roles: Any) -> None:
    response = _create(client_for(roles.district_admin), area=tree.ruidu.pk)
    assert response.status_code == 302
    user = User.objects.get(username="new_secretary")
    assert (user.area, user.role, user.is_staff) == (tree.ruidu, Role.SECRETARY, True)
    assert [g.name for g in user.groups.all()] == [Role.SECRETARY.value]
    assert user.has_perm("accounts.view_area")
    assert not user.has_perm("accounts.manage_staff")
    login = Client().post(
        reverse("accounts:login"), {"username": "new_secretary", "password": GOOD_PASSWORD}
    )
    assert login.status_code == 302


@pytest.mark.parametrize("role_name", ["street_staff", "secretary_a", "viewer"])
def test_it_requires_the_manage_staff_permission(role_name: str, tree: Any, roles: Any) -> None:
    client = client_for(getattr(roles, role_name))
    assert client.get(reverse("accounts:staff_index")).status_code == 403
    assert _create(client, area=tree.ruidu.pk).status_code == 403
    assert not User.objects.filter(username="new_secretary").exists()


def test_it_refuses_an_area_outside_scope_with_a_chinese_error(tree: Any) -> None:
    street_admin = StaffFactory(area=tree.jinjialing, role=Role.ADMIN)
    response = _create(client_for(street_admin), area=tree.wushan.pk)
    assert response.status_code == 200
    assert "所选区域不在您的管辖范围内" in response.content.decode()
    assert not User.objects.filter(username="new_secretary").exists()


def test_it_keeps_a_street_admin_below_its_street(tree: Any) -> None:
    street_admin = StaffFactory(area=tree.jinjialing, role=Role.ADMIN)
    response = client_for(street_admin).get(reverse("accounts:staff_create"))
    offered = {
        label.strip("\u3000") for _, label in response.context["form"].fields["area"].choices
    }
    assert {"金家岭街道", "瑞都社区", "千泰居小区"} <= offered
    assert not offered & {"崂山区", "中韩街道", "午山社区"}


def test_it_lists_only_accounts_of_the_admins_area(tree: Any, roles: Any) -> None:
    street_admin = StaffFactory(username="jjl_admin", area=tree.jinjialing, role=Role.ADMIN)
    response = client_for(street_admin).get(reverse("accounts:staff_index"))
    listed = {user.username for user in response.context["page"]}
    assert listed == {"jjl_admin", "street", "sec_a"}


def test_it_refuses_a_role_at_the_wrong_level(tree: Any, roles: Any) -> None:
    response = _create(client_for(roles.district_admin), area=tree.jinjialing.pk)
    assert response.status_code == 200
    assert "社区书记只能分配到以下层级的区域：社区（村）" in response.content.decode()
    assert not User.objects.filter(username="new_secretary").exists()


def test_it_refuses_a_weak_password_in_chinese(tree: Any, roles: Any) -> None:
    response = _create(
        client_for(roles.district_admin),
        area=tree.ruidu.pk,
        password1="abcdefghijkl",
        password2="abcdefghijkl",
    )
    body = response.content.decode()
    assert "至少包含小写字母、大写字母、数字和符号中的三类" in body
    assert not User.objects.filter(username="new_secretary").exists()


def test_it_reassigns_an_account(tree: Any, roles: Any) -> None:
    url = reverse("accounts:staff_edit", args=[roles.secretary_a.pk])
    response = client_for(roles.district_admin).post(
        url, {"name": "王书记", "area": tree.miaoling.pk, "role": Role.SECRETARY}
    )
    assert response.status_code == 302
    roles.secretary_a.refresh_from_db()
    assert (roles.secretary_a.name, roles.secretary_a.area) == ("王书记", tree.miaoling)


def test_it_asks_before_deactivating(roles: Any) -> None:
    url = reverse("accounts:staff_deactivate", args=[roles.secretary_a.pk])
    response = client_for(roles.district_admin).get(url)
    assert "确定停用" in response.content.decode()
    roles.secretary_a.refresh_from_db()
    assert roles.secretary_a.is_active


def test_it_ends_access_of_a_deactivated_account_at_its_next_request(roles: Any) -> None:
    secretary = client_for(roles.secretary_a)
    assert secretary.get(reverse("home")).status_code == 200
    url = reverse("accounts:staff_deactivate", args=[roles.secretary_a.pk])
    assert client_for(roles.district_admin).post(url).status_code == 302
    response = secretary.get(reverse("accounts:area_index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_reactivates_an_account(roles: Any) -> None:
    roles.secretary_a.is_active = False
    roles.secretary_a.save()
    url = reverse("accounts:staff_activate", args=[roles.secretary_a.pk])
    assert client_for(roles.district_admin).post(url).status_code == 302
    roles.secretary_a.refresh_from_db()
    assert roles.secretary_a.is_active


def test_it_does_not_let_an_admin_deactivate_itself(roles: Any) -> None:
    url = reverse("accounts:staff_deactivate", args=[roles.district_admin.pk])
    response = client_for(roles.district_admin).post(url, follow=True)
    assert "不能停用您自己的账号" in response.content.decode()
    roles.district_admin.refresh_from_db()
    assert roles.district_admin.is_active


def test_it_requires_csrf_on_deactivation(roles: Any) -> None:
    client = client_for(roles.district_admin, enforce_csrf_checks=True)
    url = reverse("accounts:staff_deactivate", args=[roles.secretary_a.pk])
    assert client.post(url).status_code == 403
    roles.secretary_a.refresh_from_db()
    assert roles.secretary_a.is_active
