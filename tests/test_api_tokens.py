"""API tokens: issued by the district administrator with an expiry, refused once expired
or revoked, every issue and revocation audited; retirees get theirs by signing in with
their phone number, behind the same lock-out as the sign-in page; throttled."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from api import services
from api.models import ApiToken
from laoshan_portal.audit.models import AuditEvent
from tests.api_world import bearer, retiree_client, staff_key
from tests.factories.retirees import RETIREE_PASSWORD, RetireeAccountFactory

TOKEN = reverse("api:token")
CADRES = reverse("api:cadre_list")
ME = reverse("api:me")

pytestmark = pytest.mark.usefixtures("fresh_cache")


def _events(action: str) -> Any:
    return AuditEvent.objects.filter(action=action, object_type="api.ApiToken")


def test_the_district_admin_issues_a_token_that_expires(roles: Any, clock: Any) -> None:
    issued = services.token_issue(
        actor=roles.district_admin, user=roles.street_staff, name="小程序", days=7
    )
    token = issued.token
    assert token.expires_at - token.created_at == timedelta(days=7)
    assert issued.key not in token.key_hash and len(issued.key) >= 40
    event = _events(AuditEvent.Action.CREATE).get()
    assert event.user == roles.district_admin and event.area == roles.street_staff.area
    client = bearer(issued.key)
    assert client.get(CADRES).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    clock.shift(timedelta(days=7, seconds=1))
    response = client.get(CADRES)
    assert response.status_code == 401
    assert "过期" in response.json()["detail"]


def test_a_revoked_token_is_refused_and_the_revocation_audited(roles: Any) -> None:
    issued = services.token_issue(actor=roles.district_admin, user=roles.secretary_a, name="x")
    client = bearer(issued.key)
    assert client.get(CADRES).status_code == 200
    services.token_revoke(actor=roles.district_admin, token=issued.token)
    assert client.get(CADRES).status_code == 401
    assert _events(AuditEvent.Action.UPDATE).get().detail == {"revoked": True}


def test_only_the_district_admin_issues_and_only_to_staff(roles: Any, tree: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.token_issue(actor=roles.street_staff, user=roles.secretary_a, name="x")
    account = RetireeAccountFactory(area=tree.qiantaiju)
    with pytest.raises(ValidationError):
        services.token_issue(actor=roles.district_admin, user=account.user, name="x")
    with pytest.raises(ValidationError):
        services.token_issue(actor=roles.district_admin, user=roles.viewer, name="x", days=400)
    assert not ApiToken.objects.exists()


def test_the_command_issues_and_revokes_through_the_service(roles: Any) -> None:
    out = StringIO()
    call_command("issue_api_token", "street", "--by", "admin", "--name", "大屏", stdout=out)
    key = out.getvalue().split()[-1]
    token = ApiToken.objects.get()
    assert token.user == roles.street_staff and token.name == "大屏"
    assert bearer(key).get(CADRES).status_code == 200
    call_command("issue_api_token", "--by", "admin", "--revoke", str(token.pk), stdout=out)
    listed = StringIO()
    call_command("issue_api_token", "--by", "admin", "--list", stdout=listed)
    assert f"{token.pk}\tstreet\t大屏\trevoked" in listed.getvalue()
    with pytest.raises(CommandError):
        call_command("issue_api_token", "sec_a", "--by", "street", stdout=out)
    assert bearer(key).get(CADRES).status_code == 401
    assert _events(AuditEvent.Action.CREATE).count() == 1
    assert _events(AuditEvent.Action.UPDATE).count() == 1


def test_a_retiree_signs_in_with_phone_and_password(tree: Any, clock: Any) -> None:
    account = RetireeAccountFactory(area=tree.qiantaiju)
    response = Client().post(
        TOKEN,
        {"phone": account.cadre.mobile, "password": RETIREE_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["expires_at"]
    client = bearer(body["token"])
    assert client.get(ME).json()["name"] == account.cadre.name
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN, user=account.user).exists()
    clock.shift(timedelta(days=services.RETIREE_TOKEN_DAYS, seconds=1))
    assert client.get(ME).status_code == 401


def test_a_wrong_password_is_refused_in_chinese_and_audited(tree: Any) -> None:
    account = RetireeAccountFactory(area=tree.qiantaiju)
    response = Client().post(
        TOKEN, {"phone": account.cadre.mobile, "password": "wrong"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "手机号" in response.json()["detail"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).exists()
    assert not ApiToken.objects.exists()


def test_staff_cannot_get_a_token_by_signing_in(roles: Any) -> None:
    response = Client().post(
        TOKEN, {"phone": "admin", "password": RETIREE_PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 400


def test_repeated_failures_lock_the_number_out(tree: Any, settings: Any) -> None:
    account = RetireeAccountFactory(area=tree.qiantaiju)
    wrong = {"phone": account.cadre.mobile, "password": "wrong"}
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        Client().post(TOKEN, wrong, content_type="application/json")
    right = {"phone": account.cadre.mobile, "password": RETIREE_PASSWORD}
    response = Client().post(TOKEN, right, content_type="application/json")
    assert response.status_code == 429
    assert not ApiToken.objects.exists()


def test_a_client_gives_its_token_back(tree: Any) -> None:
    account = RetireeAccountFactory(area=tree.qiantaiju)
    client = retiree_client(account)
    assert client.delete(TOKEN).status_code == 204
    assert client.get(ME).status_code == 401
    assert ApiToken.objects.get().revoked


def _rates(settings: Any, **rates: str) -> None:
    current = dict(settings.REST_FRAMEWORK)
    current["DEFAULT_THROTTLE_RATES"] = {**current["DEFAULT_THROTTLE_RATES"], **rates}
    settings.REST_FRAMEWORK = current


def test_a_caller_over_the_rate_gets_429(roles: Any, settings: Any) -> None:
    _rates(settings, user="3/hour")
    client = bearer(staff_key(roles, roles.secretary_a))
    assert [client.get(CADRES).status_code for _ in range(4)] == [200, 200, 200, 429]
    other = bearer(staff_key(roles, roles.secretary_b))
    assert other.get(CADRES).status_code == 200


def test_sign_in_has_its_own_tighter_rate(tree: Any, settings: Any) -> None:
    _rates(settings, **{"sign-in": "2/minute"})
    wrong = {"phone": "13900000000", "password": "wrong"}
    codes = [Client().post(TOKEN, wrong, content_type="application/json").status_code]
    codes += [Client().post(TOKEN, wrong, content_type="application/json").status_code]
    codes += [Client().post(TOKEN, wrong, content_type="application/json").status_code]
    assert codes == [400, 400, 429]
