"""The Django admin is for district administrators and superusers only."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from laoshan_portal.accounts.models import Role
from tests.conftest import client_for
from tests.factories.accounts import StaffFactory

ADMIN_PAGES = ["admin:index", "admin:accounts_area_changelist", "admin:accounts_area_add"]


@pytest.mark.parametrize("role_name", ["street_staff", "secretary_a", "secretary_b", "viewer"])
def test_it_refuses_every_portal_role_but_the_district_administrator(
    role_name: str, roles: Any
) -> None:
    client = client_for(getattr(roles, role_name))
    for name in ADMIN_PAGES:
        assert client.get(reverse(name)).status_code == 404, name
    assert reverse("admin:index") not in client.get(reverse("home"), follow=True).content.decode()


def test_it_refuses_an_administrator_of_a_street(tree: Any, roles: Any) -> None:
    street_admin = StaffFactory(username="street_admin", area=tree.jinjialing, role=Role.ADMIN)
    client = client_for(street_admin)
    assert client.get(reverse("admin:index")).status_code == 404
    assert reverse("admin:index") not in client.get(reverse("home"), follow=True).content.decode()


def test_it_opens_to_the_district_administrator_with_the_portal_favicon(roles: Any) -> None:
    client = client_for(roles.district_admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert 'rel="icon"' in response.content.decode()
    home = client.get(reverse("home"), follow=True).content.decode()
    assert reverse("admin:index") in home


def test_it_sends_anonymous_visitors_to_log_in() -> None:
    response = client_for(None).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]
