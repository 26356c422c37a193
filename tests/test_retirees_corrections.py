"""A retiree's correction request changes nothing until the community approves it; then
the record changes through the registry's own update, audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cadres.models import Cadre
from laoshan_portal.audit.models import AuditEvent
from retirees.models import CorrectionRequest
from tests.conftest import client_for
from tests.factories.retirees import RetireeAccountFactory


@pytest.fixture
def account(tree: Any) -> Any:
    return RetireeAccountFactory(area=tree.qiantaiju, cadre__address="旧地址1号")


def _ask(account: Any, value: str = "海尔路18号") -> Any:
    return client_for(account.user).post(
        reverse("retirees:correction"), {"field": "address", "new_value": value}
    )


def test_a_request_changes_nothing_until_approved(account: Any, roles: Any) -> None:
    assert _ask(account).status_code == 302
    correction = CorrectionRequest.objects.get()
    assert correction.status == "pending"
    assert Cadre.objects.get(pk=account.cadre.pk).address == "旧地址1号"
    page = client_for(account.user).get(reverse("retirees:home")).content.decode()
    assert "海尔路18号" in page
    event = AuditEvent.objects.get(object_type="retirees.CorrectionRequest")
    assert event.user == account.user


def test_the_secretary_approves_and_the_record_changes(account: Any, roles: Any) -> None:
    _ask(account)
    correction = CorrectionRequest.objects.get()
    secretary = client_for(roles.secretary_a)
    listing = secretary.get(reverse("retirees:correction_list")).content.decode()
    assert "海尔路18号" in listing
    decide = reverse("retirees:correction_decide", args=[correction.pk])
    assert secretary.post(decide, {"decision": "approve"}).status_code == 302
    assert Cadre.objects.get(pk=account.cadre.pk).address == "海尔路18号"
    assert CorrectionRequest.objects.get().status == "approved"
    # Decided once: a second decision changes nothing.
    secretary.post(decide, {"decision": "decline"})
    assert CorrectionRequest.objects.get().status == "approved"


def test_a_declined_request_leaves_the_record(account: Any, roles: Any) -> None:
    _ask(account)
    decide = reverse("retirees:correction_decide", args=[CorrectionRequest.objects.get().pk])
    client_for(roles.secretary_a).post(decide, {"decision": "decline"})
    assert CorrectionRequest.objects.get().status == "rejected"
    assert Cadre.objects.get(pk=account.cadre.pk).address == "旧地址1号"


def test_another_community_cannot_decide(account: Any, roles: Any) -> None:
    _ask(account)
    decide = reverse("retirees:correction_decide", args=[CorrectionRequest.objects.get().pk])
    assert client_for(roles.secretary_b).post(decide, {"decision": "approve"}).status_code == 404
    assert CorrectionRequest.objects.get().status == "pending"


def test_only_the_listed_fields_may_be_asked(account: Any) -> None:
    response = client_for(account.user).post(
        reverse("retirees:correction"), {"field": "id_number", "new_value": "x"}
    )
    assert response.status_code == 200
    assert not CorrectionRequest.objects.exists()
