"""Lock-out, password age and the audit of sign-ins and assignments.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from laoshan_portal.accounts.models import Role
from laoshan_portal.audit.models import AuditEvent
from tests.conftest import client_for
from tests.factories.accounts import PASSWORD, StaffFactory

LOGIN = reverse("accounts:login")


def _login(client: Client, username: str, password: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


def test_it_locks_out_after_five_failures_in_chinese(roles: Any) -> None:
    client = Client()
    for _ in range(4):
        assert _login(client, "sec_a", "wrong").status_code == 200
    locked = _login(client, "sec_a", "wrong")
    assert locked.status_code == 429
    assert "30 分钟" in locked.content.decode()
    # Even the right password is refused during the lock-out.
    assert _login(client, "sec_a", PASSWORD).status_code == 429


def test_it_locks_the_user_name_only_from_that_address(roles: Any) -> None:
    for _ in range(5):
        _login(Client(REMOTE_ADDR="10.1.1.1"), "sec_a", "wrong")
    assert _login(Client(REMOTE_ADDR="10.1.1.2"), "sec_a", PASSWORD).status_code == 302
    assert _login(Client(REMOTE_ADDR="10.1.1.1"), "sec_b", PASSWORD).status_code == 302


def test_it_audits_sign_ins_and_failures(roles: Any) -> None:
    _login(Client(), "sec_a", "wrong")
    _login(Client(), "sec_a", PASSWORD)
    failed = AuditEvent.objects.get(action="login_failed")
    assert (failed.username, failed.succeeded, failed.ip) == ("sec_a", False, "127.0.0.1")
    assert AuditEvent.objects.get(action="login").user == roles.secretary_a


def test_it_makes_a_new_account_change_its_initial_password(tree: Any) -> None:
    newcomer = StaffFactory(area=tree.ruidu, role=Role.SECRETARY, password_changed_at=None)
    client = client_for(newcomer)
    response = client.get(reverse("cadres:cadre_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")
    changed = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Ruidu-Secretary-2027",
            "new_password2": "Ruidu-Secretary-2027",
        },
    )
    assert changed.status_code == 302
    assert client.get(reverse("accounts:area_index")).status_code == 200


def test_it_makes_a_password_older_than_ninety_days_be_changed(roles: Any) -> None:
    user = roles.secretary_a
    user.password_changed_at = timezone.now() - timedelta(days=91)
    user.save()
    response = client_for(user).get(reverse("home"))
    assert response["Location"] == reverse("accounts:password_change")
    user.password_changed_at = timezone.now() - timedelta(days=89)
    user.save()
    assert client_for(user).get(reverse("home")).status_code == 200


def test_it_audits_a_change_of_role_or_area(tree: Any, roles: Any) -> None:
    client_for(roles.district_admin).post(
        reverse("accounts:staff_edit", args=[roles.secretary_a.pk]),
        {"name": "王书记", "area": tree.miaoling.pk, "role": Role.SECRETARY},
    )
    event = AuditEvent.objects.get(action="assign")
    assert event.user == roles.district_admin
    assert event.detail["before"]["area"] == tree.ruidu.code
    assert event.detail["after"]["area"] == tree.miaoling.code


def _change(client: Any, old: str, new: str) -> Any:
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_it_refuses_a_password_holding_the_user_name(tree: Any) -> None:
    user = StaffFactory(username="ruidu", area=tree.ruidu, role=Role.SECRETARY)
    refused = _change(client_for(user), PASSWORD, "ruidu2026Ruidu!")
    assert refused.status_code == 200
    assert "密码不能包含用户名" in refused.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_it_refuses_the_last_five_passwords(tree: Any) -> None:
    user = StaffFactory(area=tree.ruidu, role=Role.SECRETARY)
    client = client_for(user)
    refused = _change(client, PASSWORD, PASSWORD)  # the current one
    assert "最近 5 次" in refused.content.decode()
    chosen = [f"Laoshan-Spring-{n}!" for n in range(6)]
    old = PASSWORD
    for new in chosen:
        assert _change(client, old, new).status_code == 302, new
        user.refresh_from_db()
        client = client_for(user)  # signed in afresh with the new password
        old = new
    # The last five (and the current) are refused; the sixth from last is allowed again.
    assert "最近 5 次" in _change(client, old, chosen[1]).content.decode()
    assert _change(client, old, chosen[0]).status_code == 302
    assert user.password_history.count() == 5
