"""Logging in and out, and what the layout tells a user about their area and role.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from laoshan_portal.accounts.models import Area
from tests.conftest import client_for, let_session_idle
from tests.factories.accounts import PASSWORD, StaffFactory


def test_it_logs_in_and_shows_area_and_role(roles: Any) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "sec_a", "password": PASSWORD}, follow=True
    )
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "瑞都社区" in body
    assert "社区书记" in body


def test_it_refuses_a_wrong_password_in_chinese(roles: Any) -> None:
    response = Client().post(reverse("accounts:login"), {"username": "sec_a", "password": "x"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_it_logs_out_with_a_post(roles: Any) -> None:
    client = client_for(roles.secretary_a)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_it_sends_anonymous_visitors_to_log_in() -> None:
    response = Client().get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_tells_an_unassigned_account_why_it_sees_nothing(tree: Any) -> None:
    nobody = StaffFactory(username="nobody")
    client = client_for(nobody)
    home = client.get(reverse("home")).content.decode()
    assert "您的账号尚未分配管辖区域和角色" in home
    listing = client.get(reverse("accounts:area_index"))
    assert listing.status_code == 200
    assert list(listing.context["page"]) == []
    response = client.get(reverse("accounts:area_detail", args=[tree.ruidu.code]))
    assert response.status_code == 404


def test_it_shows_the_staff_menu_only_to_admins(roles: Any) -> None:
    staff_url = reverse("accounts:staff_index")
    assert staff_url in client_for(roles.district_admin).get("/").content.decode()
    assert staff_url not in client_for(roles.secretary_a).get("/").content.decode()


def test_it_ends_an_idle_session_after_thirty_minutes(roles: Any) -> None:
    client = client_for(roles.secretary_a)
    client.get(reverse("home"))
    session = Session.objects.get(session_key=client.session.session_key)
    idle_allowed = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < idle_allowed <= timedelta(minutes=30)
    let_session_idle(client, 30 * 60)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_counts_the_area_tree_for_the_home_page(tree: Any, roles: Any) -> None:
    response = client_for(roles.district_admin).get(reverse("home"))
    rows = {row["area"].name: row["descendants"] for row in response.context["children"]}
    assert rows == {"金家岭街道": 3, "中韩街道": 1}
    assert Area.objects.count() == 10


def test_a_user_name_longer_than_any_account_gets_the_wrong_password_answer(
    roles: Any,
) -> None:
    client = Client()
    for name in ("好" * 300, "a" * 151):
        response = client.post(reverse("accounts:login"), {"username": name, "password": "x"})
        assert response.status_code == 200
        assert "请输入一个正确的" in response.content.decode()
    # A name at the limit is tried as usual.
    response = client.post(reverse("accounts:login"), {"username": "a" * 150, "password": "x"})
    assert response.status_code == 200 and "请输入一个正确的" in response.content.decode()
