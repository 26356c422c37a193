"""A retiree signs in with the mobile number on record and their password; the lock-out
applies; the admin and every staff page stay closed to them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from laoshan_portal.audit.models import AuditEvent
from tests.conftest import client_for
from tests.factories.retirees import RETIREE_PASSWORD, RetireeAccountFactory

MY_LOGIN = reverse("retirees:login")
STAFF_LOGIN = reverse("accounts:login")


@pytest.fixture
def account(tree: Any) -> Any:
    return RetireeAccountFactory(area=tree.qiantaiju, cadre__mobile="13905321234")


def _login(client: Client, mobile: str, password: str, url: str = MY_LOGIN) -> Any:
    return client.post(url, {"username": mobile, "password": password})


def test_it_signs_in_with_the_mobile_number(account: Any) -> None:
    client = Client()
    response = _login(client, "13905321234", RETIREE_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("retirees:home")
    assert client.get(reverse("retirees:home")).status_code == 200
    assert AuditEvent.objects.get(action="login").user == account.user


def test_the_staff_sign_in_page_takes_the_mobile_number_too(account: Any) -> None:
    response = _login(Client(), "13905321234", RETIREE_PASSWORD, url=STAFF_LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("retirees:home")


def test_it_refuses_a_wrong_password_or_an_unknown_number(account: Any) -> None:
    assert _login(Client(), "13905321234", "wrong-password").status_code == 200
    assert _login(Client(), "13905329999", RETIREE_PASSWORD).status_code == 200


def test_the_internal_user_name_is_not_a_way_in_for_staff_pages(account: Any) -> None:
    client = Client()
    signed_in = _login(client, account.user.username, RETIREE_PASSWORD, url=STAFF_LOGIN)
    assert signed_in.status_code == 302
    assert client.get(reverse("home")).status_code == 403


def test_it_locks_the_number_out_after_five_failures(account: Any) -> None:
    client = Client()
    for _ in range(4):
        assert _login(client, "13905321234", "wrong").status_code == 200
    assert _login(client, "13905321234", "wrong").status_code == 429
    assert _login(client, "13905321234", RETIREE_PASSWORD).status_code == 429


def test_the_admin_refuses_a_retiree(account: Any) -> None:
    client = client_for(account.user)
    assert not account.user.may_use_admin
    response = client.get(reverse("admin:index"))
    assert response.status_code in {302, 403, 404}
    if response.status_code == 302:
        assert "login" in response["Location"]
    assert client.get(reverse("admin:cadres_cadre_changelist")).status_code in {302, 403, 404}


def test_a_retiree_has_no_permission_and_an_empty_scope(account: Any) -> None:
    from laoshan_portal.accounts.selectors import scope_for_user

    user = account.user
    assert user.get_all_permissions() == set()
    assert scope_for_user(user).is_empty


def test_my_page_sends_anonymous_visitors_to_the_retirees_sign_in() -> None:
    response = Client().get(reverse("retirees:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(MY_LOGIN)


def test_my_page_is_404_for_staff(roles: Any) -> None:
    assert client_for(roles.secretary_a).get(reverse("retirees:home")).status_code == 404
