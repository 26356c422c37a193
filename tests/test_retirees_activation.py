"""Activation codes: issued by the secretary from the cadre's page, valid 14 days on the
Beijing clock, used once, with the mobile number on record; both steps audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from laoshan_portal.accounts.models import Role
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from retirees import services
from retirees.models import ActivationCode, RetireeAccount
from tests.conftest import client_for
from tests.factories.retirees import ActivationCodeFactory, MobileCadreFactory

# The activation page's rate limit counts in the cache: each test starts afresh.
pytestmark = pytest.mark.usefixtures("fresh_cache")

ACTIVATE = reverse("retirees:activate")
NEW_PASSWORD = "Haibin-Qingdao-77"


@pytest.fixture
def cadre(tree: Any) -> Any:
    return MobileCadreFactory(area=tree.qiantaiju, name="官华", mobile="13905320001")


def _issue(roles: Any, cadre: Any) -> services.IssuedCode:
    return services.activation_issue(
        scope=Scope(area=roles.secretary_a.area), actor=roles.secretary_a, cadre=cadre, ip=None
    )


def _activate(code: str, mobile: str = "13905320001", password: str = NEW_PASSWORD) -> Any:
    data = {"code": code, "mobile": mobile, "password1": password, "password2": password}
    return Client().post(ACTIVATE, data)


def test_it_issues_an_eight_digit_code_and_stores_only_its_hash(roles: Any, cadre: Any) -> None:
    issued = _issue(roles, cadre)
    assert len(issued.code) == 8 and issued.code.isdigit()
    stored = ActivationCode.objects.get()
    assert issued.code not in stored.code_hash
    assert stored.code_hash == services.code_hash(issued.code)
    assert stored.expires_at - stored.issued_at == timedelta(days=14)


def test_it_refuses_a_cadre_outside_the_secretarys_area(roles: Any, tree: Any) -> None:
    elsewhere = MobileCadreFactory(area=tree.wushan)
    with pytest.raises(ValidationError):
        _issue(roles, elsewhere)


def test_it_refuses_a_record_without_a_mobile(roles: Any, tree: Any) -> None:
    without = MobileCadreFactory(area=tree.ruidu, mobile="", mobile_hash="")
    with pytest.raises(ValidationError):
        _issue(roles, without)


def test_it_activates_and_signs_in_with_the_code(roles: Any, cadre: Any) -> None:
    issued = _issue(roles, cadre)
    client = Client()
    response = client.post(
        ACTIVATE,
        {
            "code": issued.code,
            "mobile": "139 0532 0001".replace(" ", ""),
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("retirees:home")
    account = RetireeAccount.objects.select_related("user").get(cadre=cadre)
    assert account.user.role == Role.RETIREE
    assert account.user.area == cadre.area
    assert not account.user.is_staff
    assert account.user.check_password(NEW_PASSWORD)
    assert client.get(reverse("retirees:home")).status_code == 200
    assert ActivationCode.objects.get().used_at is not None


def test_a_code_is_used_once(roles: Any, cadre: Any) -> None:
    issued = _issue(roles, cadre)
    assert _activate(issued.code).status_code == 302
    again = _activate(issued.code, password="Another-Password-88")
    assert again.status_code == 200
    assert "已经用过" in again.content.decode()
    assert RetireeAccount.objects.get().user.check_password(NEW_PASSWORD)


def test_a_code_expires_after_fourteen_days(roles: Any, cadre: Any, clock: Any) -> None:
    issued = _issue(roles, cadre)
    clock.shift(timedelta(days=14, seconds=1))
    response = _activate(issued.code)
    assert response.status_code == 200
    assert "已过期" in response.content.decode()
    assert not RetireeAccount.objects.exists()
    assert ActivationCode.objects.get().used_at is None


def test_a_code_still_works_on_its_last_day(roles: Any, cadre: Any, clock: Any) -> None:
    issued = _issue(roles, cadre)
    clock.shift(timedelta(days=13, hours=23))
    assert _activate(issued.code).status_code == 302


def test_it_refuses_a_wrong_mobile_and_saves_nothing(roles: Any, cadre: Any) -> None:
    issued = _issue(roles, cadre)
    response = _activate(issued.code, mobile="13905329999")
    assert response.status_code == 200
    assert "手机号" in response.content.decode()
    assert not RetireeAccount.objects.exists()
    assert ActivationCode.objects.get().used_at is None


def test_it_refuses_a_weak_password(roles: Any, cadre: Any) -> None:
    issued = _issue(roles, cadre)
    assert _activate(issued.code, password="12345678").status_code == 200
    assert not RetireeAccount.objects.exists()


def test_a_new_code_stops_the_earlier_one(roles: Any, cadre: Any) -> None:
    first = _issue(roles, cadre)
    second = _issue(roles, cadre)
    assert "已过期" in _activate(first.code).content.decode()
    assert _activate(second.code).status_code == 302


def test_a_new_code_resets_a_forgotten_password(roles: Any, cadre: Any) -> None:
    _activate(_issue(roles, cadre).code)
    assert _activate(_issue(roles, cadre).code, password="Brand-New-Secret-9").status_code == 302
    account = RetireeAccount.objects.get()
    assert account.user.check_password("Brand-New-Secret-9")
    reset = AuditEvent.objects.filter(action="update", object_type="retirees.RetireeAccount")
    assert reset.get().detail == {"event": "retiree_password_reset"}


def test_issue_and_activation_are_audited_without_the_code(roles: Any, cadre: Any) -> None:
    issued = _issue(roles, cadre)
    _activate(issued.code)
    issue_event = AuditEvent.objects.get(object_type="retirees.ActivationCode")
    assert (issue_event.user, issue_event.area) == (roles.secretary_a, cadre.area)
    assert issue_event.detail == {"event": "activation_code_issued", "password_reset": False}
    activation = AuditEvent.objects.get(object_type="retirees.RetireeAccount")
    assert activation.action == "create"
    assert activation.user == RetireeAccount.objects.get().user
    for event in AuditEvent.objects.all():
        assert issued.code not in f"{event.object_repr} {event.detail}"


def test_the_secretary_prints_the_slip_from_the_cadres_page(roles: Any, cadre: Any) -> None:
    client = client_for(roles.secretary_a)
    detail = client.get(reverse("cadres:cadre_detail", args=[cadre.pk]))
    issue_url = reverse("retirees:code_issue", args=[cadre.pk])
    assert issue_url in detail.content.decode()
    assert client.get(issue_url).status_code == 200
    slip = client.post(issue_url)
    assert slip.status_code == 200
    page = slip.content.decode()
    assert "<svg" in page and ACTIVATE in page and "官华" in page
    code = page.split('data-testid="activation-code">')[1][:8]
    assert ActivationCode.objects.get().code_hash == services.code_hash(code)
    assert "no-store" in slip["Cache-Control"] or "no-cache" in slip["Cache-Control"]


def test_the_viewer_may_not_issue_codes(roles: Any, cadre: Any) -> None:
    client = client_for(roles.viewer)
    assert client.post(reverse("retirees:code_issue", args=[cadre.pk])).status_code == 403
    assert not ActivationCode.objects.exists()


def test_an_unused_code_from_the_factory_activates(tree: Any) -> None:
    code = ActivationCodeFactory(area=tree.ruidu, code="24681357")
    assert _activate("24681357", mobile=code.cadre.mobile).status_code == 302


def test_it_limits_attempts_from_one_address(roles: Any, cadre: Any) -> None:
    for _ in range(30):
        _activate("00000000")
    assert _activate("00000000").status_code == 429
