"""The account backend: the same permissions as Django's own, read in fewer queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from laoshan_portal.accounts.backends import ACCOUNT_KEPT_SECONDS, StaffBackend
from laoshan_portal.accounts.models import User
from tests.conftest import ROLE_NAMES, Roles, client_for
from tests.factories.accounts import StaffFactory


def _fresh(user: User) -> User:
    """The account as a new request reads it: no permissions cached yet."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_each_role_has_exactly_the_permissions_django_would_give(
    roles: Roles, role_name: str
) -> None:
    user = getattr(roles, role_name)
    ours = StaffBackend().get_all_permissions(_fresh(user))
    assert ours == ModelBackend().get_all_permissions(_fresh(user))
    assert "cadres.view_cadre" in ours


def test_a_permission_given_to_the_account_adds_to_its_roles(roles: Roles) -> None:
    secretary = roles.secretary_a
    assert not _fresh(secretary).has_perm("accounts.export_data")
    secretary.user_permissions.add(
        Permission.objects.get(content_type__app_label="accounts", codename="export_data")
    )
    reread = _fresh(secretary)
    assert reread.has_perm("accounts.export_data")
    assert reread.has_perm("cadres.add_checkin")  # the role's are still there
    assert not reread.has_perm("accounts.manage_staff")
    assert StaffBackend().get_all_permissions(reread) == ModelBackend().get_all_permissions(
        _fresh(secretary)
    )


def test_a_superuser_has_every_permission_and_an_inactive_account_none(db: None) -> None:
    superuser = StaffFactory(is_superuser=True)
    assert StaffBackend().get_all_permissions(_fresh(superuser)) == {
        f"{app}.{code}"
        for app, code in Permission.objects.values_list("content_type__app_label", "codename")
    }
    inactive = StaffFactory(is_active=False)
    assert StaffBackend().get_all_permissions(inactive) == set()


def test_an_account_deactivated_by_its_save_is_signed_out_on_its_next_request(
    roles: Roles,
) -> None:
    client = client_for(roles.secretary_a)
    assert client.get(reverse("cadres:cadre_list")).status_code == 200
    roles.secretary_a.is_active = False
    roles.secretary_a.save(update_fields=["is_active"])
    response = client.get(reverse("cadres:cadre_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_account_deactivated_in_sql_is_signed_out_within_a_minute(roles: Roles) -> None:
    client = client_for(roles.secretary_a)
    assert client.get(reverse("cadres:cadre_list")).status_code == 200
    User.objects.filter(pk=roles.secretary_a.pk).update(is_active=False)  # no signal
    with time_machine.travel(timezone.now() + timedelta(seconds=ACCOUNT_KEPT_SECONDS + 1)):
        response = client.get(reverse("cadres:cadre_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_page_reads_the_account_and_its_permissions_from_the_cache(roles: Roles) -> None:
    client = client_for(roles.secretary_a)
    client.get(reverse("accounts:password_change"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:password_change")).status_code == 200
    read = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in read if '"accounts_user"' in sql or "auth_permission" in sql]


def test_an_area_renamed_shows_on_its_accounts_next_page(roles: Roles) -> None:
    client = client_for(roles.street_staff)
    client.get(reverse("home"))
    area = roles.street_staff.area
    area.name = "金家岭新街道"
    area.save()
    assert "金家岭新街道" in client.get(reverse("home")).content.decode()


def test_the_account_comes_with_its_area(roles: Roles, django_assert_num_queries) -> None:
    user = StaffBackend().get_user(roles.street_staff.pk)
    with django_assert_num_queries(0):
        assert user.area.name == "金家岭街道"
