"""Registering a mediation case: the phone form, its numbers and refusals, the case's page.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from laoshan_portal.audit.models import AuditEvent
from tests.conftest import client_for
from tests.factories.cadres import id_number_for
from tests.factories.mediation import RegisteredCaseFactory, case_settle
from tests.mediation_helpers import mediation_world, ruidu_case, today
from volunteering.mediation.models import MediationCase, Party

_VALID_ID = id_number_for("19600512")
WRONG_ID = _VALID_ID[:-1] + ("1" if _VALID_ID[-1] == "0" else "0")


@pytest.fixture
def world(tree: Any) -> dict[str, Any]:
    return mediation_world(tree)


def _intake(tree: Any, world: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    data = {
        "area": tree.qiantaiju.pk,
        "received_on": today().isoformat(),
        "category": "neighbourhood",
        "source": "application",
        "team": world["team"].pk,
        "mediators": [world["mediator"].pk, world["second"].pk],
        "summary": "楼上装修噪音扰民",
        "parties-TOTAL_FORMS": "3",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "20",
        "parties-0-name": "李淑珍",
        "parties-0-role": "applicant",
        "parties-0-phone": "139 0532 1234",
        "parties-0-id_number": id_number_for("19600512"),
        "parties-1-name": "王浩",
        "parties-1-role": "respondent",
        "parties-1-phone": "0532-88886666",
        "parties-1-id_number": "",
        "parties-2-name": "",
        "parties-2-role": "applicant",
        "parties-2-phone": "",
        "parties-2-id_number": "",
    }
    data.update(overrides)
    return data


def test_it_registers_a_case_from_the_phone_form(tree: Any, roles: Any, world: Any) -> None:
    client = client_for(roles.secretary_a)
    page = client.get(reverse("mediation:case_create"))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="viewport"' in body and "js/picker.js" in body
    assert "登记纠纷" in body
    response = client.post(reverse("mediation:case_create"), _intake(tree, world))
    case = MediationCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mediation:case_detail", kwargs={"pk": case.pk})
    assert case.number == f"TJ-{today().year}-0001"
    assert case.status == "registered"
    assert set(case.mediators.values_list("name", flat=True)) == {"于调解", "谭调解"}
    parties = {p.name: p for p in case.parties.all()}
    assert parties["李淑珍"].phone == "13905321234"
    assert parties["李淑珍"].id_number == id_number_for("19600512")
    assert parties["王浩"].role == "respondent"
    event = AuditEvent.objects.get(action="create", object_id=str(case.pk))
    assert event.user == roles.secretary_a and event.detail == {"parties": 2}


def test_it_numbers_cases_one_after_another_per_year(tree: Any, world: Any) -> None:
    args = {"area": tree.ruidu, "team": world["team"], "mediators": [world["mediator"]]}
    first = RegisteredCaseFactory(received_on=date(2025, 12, 30), **args)
    second = RegisteredCaseFactory(received_on=date(2026, 1, 2), summary="二", **args)
    third = RegisteredCaseFactory(received_on=date(2026, 1, 3), summary="三", **args)
    assert [first.number, second.number, third.number] == [
        "TJ-2025-0001",
        "TJ-2026-0001",
        "TJ-2026-0002",
    ]


def test_it_returns_to_next_after_saving(tree: Any, roles: Any, world: Any) -> None:
    client = client_for(roles.secretary_a)
    url = reverse("mediation:case_create") + "?next=/log/"
    assert 'name="next" value="/log/"' in client.get(url).content.decode()
    response = client.post(url, _intake(tree, world))
    assert response["Location"] == "/log/"
    outside = client.post(
        reverse("mediation:case_create") + "?next=https://evil.example/",
        _intake(tree, world, summary="另一起", **{"parties-0-name": "甲", "parties-1-name": "乙"}),
    )
    assert outside["Location"].startswith("/mediation/")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"received_on": "2999-01-01"}, "日期不能晚于今天"),
        ({"parties-1-name": "李淑珍"}, "当事人中重复填写了李淑珍"),
        ({"parties-0-name": "", "parties-1-name": "", "parties-0-phone": "",
          "parties-1-phone": "", "parties-0-id_number": ""}, "请至少填写一名纠纷当事人"),
        ({"parties-0-phone": "12345"}, "请填写11位手机号码"),
        ({"parties-0-id_number": WRONG_ID}, "身份证号校验位不正确"),
        ({"mediators": []}, "请至少选择一名调解员"),
        ({"team": "999999"}, "请选择您辖区内的和事佬调解队"),
    ],
)  # fmt: skip
def test_it_refuses_bad_intake_keeping_what_was_typed(
    tree: Any, roles: Any, world: Any, overrides: dict[str, Any], message: str
) -> None:
    response = client_for(roles.secretary_a).post(
        reverse("mediation:case_create"), _intake(tree, world, **overrides)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "楼上装修噪音扰民" in body  # what was typed is still there
    assert not MediationCase.objects.exists() and not Party.objects.exists()


def test_it_offers_only_mediation_teams_areas_and_people_in_scope(
    tree: Any, roles: Any, world: Any
) -> None:
    client = client_for(roles.secretary_a)
    form = client.get(reverse("mediation:case_create")).context["form"]
    assert [t.name for t in form.fields["team"].queryset] == ["瑞都和事佬调解队"]
    assert tree.wushan not in form.fields["area"].queryset
    for bad in (
        {"team": world["other_team"].pk},
        {"team": world["volunteers"].pk},
        {"area": tree.wushan.pk},
        {"mediators": [world["far"].pk]},
    ):
        response = client.post(reverse("mediation:case_create"), _intake(tree, world, **bad))
        assert response.status_code == 200, bad
    assert not MediationCase.objects.exists()


def test_it_refuses_writes_to_the_viewer(tree: Any, roles: Any, world: Any) -> None:
    client = client_for(roles.viewer)
    assert client.get(reverse("mediation:case_list")).status_code == 200
    assert client.get(reverse("mediation:case_create")).status_code == 403
    assert client.post(reverse("mediation:case_create"), _intake(tree, world)).status_code == 403
    case = ruidu_case(world)
    for name in ("record_create", "case_close", "follow_up_create", "scan_create", "case_edit"):
        assert client.get(reverse(f"mediation:{name}", args=[case.pk])).status_code == 403, name
    assert client.get(reverse("mediation:case_detail", args=[case.pk])).status_code == 200


def test_it_masks_the_parties_and_reveals_them_on_request_with_an_audit(
    tree: Any, roles: Any, world: Any
) -> None:
    case = ruidu_case(world)
    page = client_for(roles.viewer).get(reverse("mediation:case_detail", args=[case.pk]))
    body = page.content.decode()
    assert "139****1234" in body and "13905321234" not in body
    assert "088****6666" not in body and "053****6666" in body
    assert "查看敏感信息" not in body  # the viewer may not reveal

    url = reverse("mediation:case_reveal", args=[case.pk])
    assert client_for(roles.viewer).post(url).status_code == 403
    refused = AuditEvent.objects.get(action="reveal", user=roles.viewer)
    assert refused.succeeded is False

    shown = client_for(roles.secretary_a).post(url)
    assert shown.status_code == 200
    assert "13905321234" in shown.content.decode()
    event = AuditEvent.objects.get(action="reveal", user=roles.secretary_a)
    assert event.succeeded and event.object_id == str(case.pk)
    assert "13905321234" not in str(event.detail)


def test_it_edits_the_intake_until_the_case_is_closed(tree: Any, roles: Any, world: Any) -> None:
    case = ruidu_case(world)
    client = client_for(roles.secretary_a)
    data = _intake(tree, world, category="contract", summary="押金退还")
    response = client.post(reverse("mediation:case_edit", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.category, case.summary, case.area) == ("contract", "押金退还", tree.qiantaiju)
    event = AuditEvent.objects.filter(action="update", object_id=str(case.pk)).latest("pk")
    assert {"category", "summary", "area", "mediators"} <= set(event.detail["fields"])
    case_settle(case, on=today())
    closed = client.get(reverse("mediation:case_edit", args=[case.pk]), follow=True)
    assert "该案件已结案，登记信息不能再修改" in closed.content.decode()


def test_it_refuses_a_second_party_of_the_same_name_in_the_database(tree: Any, world: Any) -> None:
    case = ruidu_case(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.create(case=case, name="周桂兰", role="respondent")
