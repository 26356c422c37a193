"""A mediation case's states: records put it into mediation, closing needs its outcome.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from laoshan_portal.audit.models import AuditEvent
from tests.conftest import client_for
from tests.mediation_helpers import EVERYTHING, mediation_world, ruidu_case, today
from volunteering.mediation import services
from volunteering.mediation.models import AgreementItem, MediationCase, MediationRecord


@pytest.fixture
def world(tree: Any) -> dict[str, Any]:
    return mediation_world(tree)


def test_it_goes_into_mediation_with_the_first_record(tree: Any, roles: Any, world: Any) -> None:
    case = ruidu_case(world)
    client = client_for(roles.secretary_a)
    url = reverse("mediation:record_create", args=[case.pk])
    response = client.post(
        url + "?next=/log/",
        {
            "date": today().isoformat(),
            "mediators": [world["second"].pk],
            "attendees": "双方当事人",
            "content": "听取双方意见",
        },
    )
    assert response["Location"] == "/log/"
    case.refresh_from_db()
    assert case.status == "mediating"
    record = MediationRecord.objects.get()
    assert list(record.mediators.all()) == [world["second"]]
    statuses = [
        e.detail.get("status")
        for e in AuditEvent.objects.filter(object_id=str(case.pk), action="update")
    ]
    assert ["registered", "mediating"] in statuses


def test_it_refuses_a_future_or_too_early_record(tree: Any, roles: Any, world: Any) -> None:
    case = ruidu_case(world, received_on=today() - timedelta(days=3))
    client = client_for(roles.secretary_a)
    url = reverse("mediation:record_create", args=[case.pk])
    for day, message in (
        (today() + timedelta(days=1), "日期不能晚于今天"),
        (today() - timedelta(days=4), "调解日期不能早于受理日期"),
    ):
        response = client.post(url, {"date": day.isoformat(), "content": "调解经过保留"})
        assert message in response.content.decode()
        assert "调解经过保留" in response.content.decode()
    assert not MediationRecord.objects.exists()
    case.refresh_from_db()
    assert case.status == "registered"


def test_it_refuses_to_start_or_close_a_case_without_a_record(tree: Any, world: Any) -> None:
    case = ruidu_case(world)
    with pytest.raises(ValidationError, match="录入调解记录后，案件才能转入调解中"):
        services.case_start_mediation(scope=EVERYTHING, actor=None, case=case)
    with pytest.raises(ValidationError, match="尚无调解记录，不能结案"):
        services.case_close(
            scope=EVERYTHING, actor=None, case=case, outcome="failed", closed_on=today(),
            outcome_notes="不同意",
        )  # fmt: skip
    case.refresh_from_db()
    assert case.status == "registered"


def test_it_shows_the_refusal_to_close_in_chinese(tree: Any, roles: Any, world: Any) -> None:
    case = ruidu_case(world)
    client = client_for(roles.secretary_a)
    url = reverse("mediation:case_close", args=[case.pk])
    response = client.post(url, {"outcome": "failed", "closed_on": today().isoformat()})
    assert "尚无调解记录，不能结案" in response.content.decode()
    services.record_create(scope=EVERYTHING, actor=None, case=case, date=today(), content="谈")
    response = client.post(url, {"outcome": "", "closed_on": today().isoformat()})
    assert "结案前请选择调解结果" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "mediating" and case.outcome == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "success"}, "调解成功的案件须注明书面协议或口头协议"),
        ({"outcome": "success", "agreement_kind": "written", "agreement_copies": "2",
          "agreement_signed_on": "TODAY"}, "书面协议须填写协议条款"),
        ({"outcome": "success", "agreement_kind": "written", "items": "赔偿500元",
          "agreement_signed_on": "TODAY"}, "请填写交当事人的协议份数"),
        ({"outcome": "success", "agreement_kind": "written", "items": "赔偿500元",
          "agreement_copies": "2"}, "请填写协议签订日期"),
        ({"outcome": "referred"}, "请填写移交单位"),
        ({"outcome": "failed"}, "请说明调解不成功的原因"),
        ({"outcome": "failed", "outcome_notes": "拒绝", "closed_on": "FUTURE"}, "日期不能晚于今天"),
        ({"outcome": "failed", "outcome_notes": "拒绝", "items": "1. 不应有条款"},
         "只有调解成功的案件才有协议条款"),
    ],
)  # fmt: skip
def test_it_refuses_an_incomplete_outcome(
    tree: Any, roles: Any, world: Any, data: dict[str, str], message: str
) -> None:
    case = ruidu_case(world)
    services.record_create(scope=EVERYTHING, actor=None, case=case, date=today(), content="谈")
    dates = {"TODAY": today().isoformat(), "FUTURE": (today() + timedelta(days=1)).isoformat()}
    post = {"closed_on": today().isoformat(), **data}
    post = {key: dates.get(value, value) for key, value in post.items()}
    response = client_for(roles.secretary_a).post(
        reverse("mediation:case_close", args=[case.pk]), post
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    case.refresh_from_db()
    assert case.status == "mediating"
    assert not AgreementItem.objects.exists()


def test_it_closes_a_settled_case_with_numbered_items(tree: Any, roles: Any, world: Any) -> None:
    case = ruidu_case(world)
    services.record_create(scope=EVERYTHING, actor=None, case=case, date=today(), content="谈")
    response = client_for(roles.secretary_a).post(
        reverse("mediation:case_close", args=[case.pk]),
        {
            "outcome": "success",
            "closed_on": today().isoformat(),
            "agreement_kind": "written",
            "agreement_signed_on": today().isoformat(),
            "agreement_copies": "3",
            "items": "1. 王浩负责维修防水\n\n2、赔偿天花板修复费1200元\n双方不再追究",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome, case.agreement_kind) == ("closed", "success", "written")
    assert list(case.agreement_items.values_list("number", "text")) == [
        (1, "王浩负责维修防水"),
        (2, "赔偿天花板修复费1200元"),
        (3, "双方不再追究"),
    ]
    event = AuditEvent.objects.filter(object_id=str(case.pk), action="update").latest("pk")
    assert event.detail["status"] == ["mediating", "closed"] and event.detail["items"] == 3
    page = client_for(roles.viewer).get(reverse("mediation:case_detail", args=[case.pk]))
    assert "赔偿天花板修复费1200元" in page.content.decode()
    with pytest.raises(ValidationError, match="该案件已经结案"):
        services.case_close(
            scope=EVERYTHING, actor=None, case=case, outcome="failed", closed_on=today(),
            outcome_notes="x",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="该案件已结案，不能再添加调解记录"):
        services.record_create(scope=EVERYTHING, actor=None, case=case, date=today(), content="x")


def test_it_closes_an_oral_agreement_and_a_referral(tree: Any, world: Any) -> None:
    oral = ruidu_case(world, settled=today(), settled__kind="oral")
    assert (oral.agreement_kind, oral.agreement_signed_on, oral.agreement_copies) == (
        "oral",
        None,
        None,
    )
    referred = ruidu_case(world, summary="宅基地")
    services.record_create(scope=EVERYTHING, actor=None, case=referred, date=today(), content="谈")
    services.case_close(
        scope=EVERYTHING, actor=None, case=referred, outcome="referred", closed_on=today(),
        referred_to="崂山区人民法院", agreement_kind="written",
    )  # fmt: skip
    referred.refresh_from_db()
    assert (referred.outcome, referred.referred_to, referred.agreement_kind) == (
        "referred",
        "崂山区人民法院",
        "",
    )


def test_the_database_refuses_an_inconsistent_case(tree: Any, world: Any) -> None:
    case = ruidu_case(world)
    bad_states = [
        {"status": "closed"},  # closed without an outcome
        {"status": "closed", "outcome": "success", "closed_on": today()},  # no agreement
        {"status": "closed", "outcome": "success", "closed_on": today(),
         "agreement_kind": "written"},  # written, but no date and copies
        {"status": "closed", "outcome": "referred", "closed_on": today()},  # to whom?
        {"outcome": "failed"},  # an outcome on an open case
        {"status": "closed", "outcome": "failed", "closed_on": date(2000, 1, 1)},
    ]  # fmt: skip
    for values in bad_states:
        with pytest.raises(IntegrityError), transaction.atomic():
            MediationCase.objects.filter(pk=case.pk).update(**values)
