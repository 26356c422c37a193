"""Mediation cases: intake, a case's page, records, the state machine, follow-ups, scans.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory, id_number_for
from tests.factories.mediation import GIF, RegisteredCaseFactory, case_settle
from tests.factories.volunteering import MediationTeamFactory, TeamFactory
from volunteering.mediation import services
from volunteering.mediation.models import (
    AgreementItem,
    AgreementScan,
    FollowUp,
    MediationCase,
    MediationRecord,
    Party,
)

EVERYTHING = Scope(area=None, unrestricted=True)
_VALID_ID = id_number_for("19600512")
WRONG_ID = _VALID_ID[:-1] + ("1" if _VALID_ID[-1] == "0" else "0")


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # scans land in the test's folder


@pytest.fixture
def world(tree: Any) -> dict[str, Any]:
    return {
        "team": MediationTeamFactory(area=tree.ruidu, name="瑞都和事佬调解队"),
        "other_team": MediationTeamFactory(area=tree.wushan, name="午山和事佬调解队"),
        "volunteers": TeamFactory(area=tree.ruidu, name="瑞都志愿服务队", kind="volunteer"),
        "mediator": CadreFactory(area=tree.qiantaiju, name="于调解"),
        "second": CadreFactory(area=tree.ruidu, name="谭调解"),
        "far": CadreFactory(area=tree.wushan, name="钟调解"),
    }


def _today() -> date:
    return timezone.localdate()


def _intake(tree: Any, world: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    data = {
        "area": tree.qiantaiju.pk,
        "received_on": _today().isoformat(),
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


# ---------------------------------------------------------------------------- intake


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
    assert case.number == f"TJ-{_today().year}-0001"
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
    case = RegisteredCaseFactory(area=tree.ruidu, team=world["team"], mediators=[world["second"]])
    for name in ("record_create", "case_close", "follow_up_create", "scan_create", "case_edit"):
        assert client.get(reverse(f"mediation:{name}", args=[case.pk])).status_code == 403, name
    assert client.get(reverse("mediation:case_detail", args=[case.pk])).status_code == 200


# ---------------------------------------------------------------------------- the case page


def test_it_masks_the_parties_and_reveals_them_on_request_with_an_audit(
    tree: Any, roles: Any, world: Any
) -> None:
    case = RegisteredCaseFactory(area=tree.ruidu, team=world["team"], mediators=[world["second"]])
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
    case = RegisteredCaseFactory(area=tree.ruidu, team=world["team"], mediators=[world["second"]])
    client = client_for(roles.secretary_a)
    data = _intake(tree, world, category="contract", summary="押金退还")
    response = client.post(reverse("mediation:case_edit", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.category, case.summary, case.area) == ("contract", "押金退还", tree.qiantaiju)
    event = AuditEvent.objects.filter(action="update", object_id=str(case.pk)).latest("pk")
    assert {"category", "summary", "area", "mediators"} <= set(event.detail["fields"])
    case_settle(case, on=_today())
    closed = client.get(reverse("mediation:case_edit", args=[case.pk]), follow=True)
    assert "该案件已结案，登记信息不能再修改" in closed.content.decode()


# ---------------------------------------------------------------------------- state machine


def test_it_goes_into_mediation_with_the_first_record(tree: Any, roles: Any, world: Any) -> None:
    case = RegisteredCaseFactory(area=tree.ruidu, team=world["team"], mediators=[world["second"]])
    client = client_for(roles.secretary_a)
    url = reverse("mediation:record_create", args=[case.pk])
    response = client.post(
        url + "?next=/log/",
        {
            "date": _today().isoformat(),
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
    case = RegisteredCaseFactory(
        area=tree.ruidu,
        team=world["team"],
        mediators=[world["second"]],
        received_on=_today() - timedelta(days=3),
    )
    client = client_for(roles.secretary_a)
    url = reverse("mediation:record_create", args=[case.pk])
    for day, message in (
        (_today() + timedelta(days=1), "日期不能晚于今天"),
        (_today() - timedelta(days=4), "调解日期不能早于受理日期"),
    ):
        response = client.post(url, {"date": day.isoformat(), "content": "调解经过保留"})
        assert message in response.content.decode()
        assert "调解经过保留" in response.content.decode()
    assert not MediationRecord.objects.exists()
    case.refresh_from_db()
    assert case.status == "registered"


def test_it_refuses_to_start_or_close_a_case_without_a_record(tree: Any, world: Any) -> None:
    case = RegisteredCaseFactory(area=tree.ruidu, team=world["team"], mediators=[world["second"]])
    with pytest.raises(ValidationError, match="录入调解记录后，案件才能转入调解中"):
        services.case_start_mediation(scope=EVERYTHING, actor=None, case=case)
    with pytest.raises(ValidationError, match="尚无调解记录，不能结案"):
        services.case_close(
            scope=EVERYTHING, actor=None, case=case, outcome="failed", closed_on=_today(),
            outcome_notes="不同意",
        )  # fmt: skip
    case.refresh_from_db()
    assert case.status == "registered"


def test_it_shows_the_refusal_to_close_in_chinese(tree: Any, roles: Any, world: Any) -> None:
    case = RegisteredCaseFactory(area=tree.ruidu, team=world["team"], mediators=[world["second"]])
    client = client_for(roles.secretary_a)
    url = reverse("mediation:case_close", args=[case.pk])
    response = client.post(url, {"outcome": "failed", "closed_on": _today().isoformat()})
    assert "尚无调解记录，不能结案" in response.content.decode()
    services.record_create(scope=EVERYTHING, actor=None, case=case, date=_today(), content="谈")
    response = client.post(url, {"outcome": "", "closed_on": _today().isoformat()})
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
    case = RegisteredCaseFactory(area=tree.ruidu, team=world["team"], mediators=[world["second"]])
    services.record_create(scope=EVERYTHING, actor=None, case=case, date=_today(), content="谈")
    dates = {"TODAY": _today().isoformat(), "FUTURE": (_today() + timedelta(days=1)).isoformat()}
    post = {"closed_on": _today().isoformat(), **data}
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
    case = RegisteredCaseFactory(area=tree.ruidu, team=world["team"], mediators=[world["second"]])
    services.record_create(scope=EVERYTHING, actor=None, case=case, date=_today(), content="谈")
    response = client_for(roles.secretary_a).post(
        reverse("mediation:case_close", args=[case.pk]),
        {
            "outcome": "success",
            "closed_on": _today().isoformat(),
            "agreement_kind": "written",
            "agreement_signed_on": _today().isoformat(),
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
            scope=EVERYTHING, actor=None, case=case, outcome="failed", closed_on=_today(),
            outcome_notes="x",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="该案件已结案，不能再添加调解记录"):
        services.record_create(scope=EVERYTHING, actor=None, case=case, date=_today(), content="x")


def test_it_closes_an_oral_agreement_and_a_referral(tree: Any, world: Any) -> None:
    args = {"area": tree.ruidu, "team": world["team"], "mediators": [world["second"]]}
    oral = RegisteredCaseFactory(**args, settled=_today(), settled__kind="oral")
    assert (oral.agreement_kind, oral.agreement_signed_on, oral.agreement_copies) == (
        "oral",
        None,
        None,
    )
    referred = RegisteredCaseFactory(summary="宅基地", **args)
    services.record_create(scope=EVERYTHING, actor=None, case=referred, date=_today(), content="谈")
    services.case_close(
        scope=EVERYTHING, actor=None, case=referred, outcome="referred", closed_on=_today(),
        referred_to="崂山区人民法院", agreement_kind="written",
    )  # fmt: skip
    referred.refresh_from_db()
    assert (referred.outcome, referred.referred_to, referred.agreement_kind) == (
        "referred",
        "崂山区人民法院",
        "",
    )


def test_the_database_refuses_an_inconsistent_case(tree: Any, world: Any) -> None:
    case = RegisteredCaseFactory(area=tree.ruidu, team=world["team"], mediators=[world["second"]])
    bad_states = [
        {"status": "closed"},  # closed without an outcome
        {"status": "closed", "outcome": "success", "closed_on": _today()},  # no agreement
        {"status": "closed", "outcome": "success", "closed_on": _today(),
         "agreement_kind": "written"},  # written, but no date and copies
        {"status": "closed", "outcome": "referred", "closed_on": _today()},  # to whom?
        {"outcome": "failed"},  # an outcome on an open case
        {"status": "closed", "outcome": "failed", "closed_on": date(2000, 1, 1)},
    ]  # fmt: skip
    for values in bad_states:
        with pytest.raises(IntegrityError), transaction.atomic():
            MediationCase.objects.filter(pk=case.pk).update(**values)


# ---------------------------------------------------------------------------- after closing


def test_it_logs_follow_ups_of_settled_cases_only(tree: Any, roles: Any, world: Any) -> None:
    args = {"area": tree.ruidu, "team": world["team"], "mediators": [world["second"]]}
    settled = RegisteredCaseFactory(**args, settled=_today() - timedelta(days=30))
    client = client_for(roles.secretary_a)
    url = reverse("mediation:follow_up_create", args=[settled.pk])
    bad = client.post(url, {"date": (_today() + timedelta(days=1)).isoformat(), "result": "partly"})
    assert "日期不能晚于今天" in bad.content.decode()
    early = client.post(url, {"date": (_today() - timedelta(days=31)).isoformat(), "result": "x"})
    assert early.status_code == 200 and not FollowUp.objects.exists()
    response = client.post(
        url, {"date": _today().isoformat(), "result": "partly", "notes": "尚欠200元"}
    )
    assert response.status_code == 302
    visit = FollowUp.objects.get()
    assert (visit.result, visit.notes) == ("partly", "尚欠200元")
    assert AuditEvent.objects.filter(
        object_id=str(settled.pk), detail__follow_up_added=visit.pk
    ).exists()

    open_case = RegisteredCaseFactory(summary="未结", **args)
    with pytest.raises(ValidationError, match="只有调解成功的案件才需要回访"):
        services.follow_up_create(
            scope=EVERYTHING, actor=None, case=open_case, date=_today(), result="performed"
        )


def test_it_records_the_judicial_confirmation_decision(tree: Any, roles: Any, world: Any) -> None:
    args = {"area": tree.ruidu, "team": world["team"], "mediators": [world["second"]]}
    case = RegisteredCaseFactory(**args, settled=_today() - timedelta(days=3))
    client = client_for(roles.secretary_a)
    url = reverse("mediation:case_judicial", args=[case.pk])
    early = client.post(url, {"decision": "applied", "on": "2000-01-01"}, follow=True)
    assert "日期不能早于协议签订日期" in early.content.decode()
    client.post(url, {"decision": "applied", "on": _today().isoformat()})
    case.refresh_from_db()
    assert (case.judicial, case.judicial_on) == ("applied", _today())
    oral_case = RegisteredCaseFactory(summary="口头", **args)
    oral = case_settle(oral_case, on=_today(), kind="oral")
    with pytest.raises(ValidationError, match="只有已签订的书面协议才能申请司法确认"):
        services.judicial_set(
            scope=EVERYTHING, actor=None, case=oral, decision="applied", on=_today()
        )


def test_it_attaches_scans_and_serves_them_only_in_scope(tree: Any, roles: Any, world: Any) -> None:
    args = {"area": tree.ruidu, "team": world["team"], "mediators": [world["second"]]}
    case = RegisteredCaseFactory(**args, settled=_today())
    client = client_for(roles.secretary_a)
    url = reverse("mediation:scan_create", args=[case.pk])
    fake = SimpleUploadedFile("scan.jpg", b"not an image at all", content_type="image/jpeg")
    refused = client.post(url, {"file": fake})
    assert "该文件不是照片" in refused.content.decode()
    assert not AgreementScan.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("poly.html", GIF)})
    assert response.status_code == 302
    scan = AgreementScan.objects.get()
    assert scan.content_type == "image/gif"
    # Stored under a name of the portal's own, with the extension of what it really is.
    stored = scan.file.name.rsplit("/", 1)[-1]
    assert "poly" not in stored and stored.endswith(".gif")
    served = client.get(reverse("mediation:scan_file", args=[scan.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/gif"
    assert b"".join(served.streaming_content) == GIF
    assert AuditEvent.objects.filter(action="reveal", detail__scan=scan.pk).exists()
    assert (
        client_for(roles.secretary_b)
        .get(reverse("mediation:scan_file", args=[scan.pk]))
        .status_code
        == 404
    )


def test_it_refuses_a_second_party_of_the_same_name_in_the_database(tree: Any, world: Any) -> None:
    case = RegisteredCaseFactory(area=tree.ruidu, team=world["team"], mediators=[world["second"]])
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.create(case=case, name="周桂兰", role="respondent")
