"""A mediation case's dossier as one PDF, read back with pypdf.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory
from tests.factories.mediation import RegisteredCaseFactory, case_settle
from tests.factories.volunteering import MediationTeamFactory
from volunteering.mediation import services
from volunteering.mediation.models import MediationCase

EVERYTHING = Scope(area=None, unrestricted=True)


@pytest.fixture
def closed_case(tree: Any) -> MediationCase:
    today = timezone.localdate()
    case = RegisteredCaseFactory(
        area=tree.qiantaiju,
        team=MediationTeamFactory(area=tree.ruidu, name="瑞都和事佬调解队"),
        mediators=[CadreFactory(area=tree.ruidu, name="于通海")],
        received_on=today - timedelta(days=50),
        summary="楼上卫生间漏水致楼下天花板受损",
    )
    services.record_create(
        scope=EVERYTHING,
        actor=None,
        case=case,
        date=today - timedelta(days=48),
        content="上门查看漏水情况，听取双方意见",
        attendees="双方当事人、物业维修工",
    )
    case_settle(
        case,
        on=today - timedelta(days=45),
        items=("孙建军负责维修卫生间防水", "赔偿天花板修复费用1200元"),
    )
    services.follow_up_create(
        scope=EVERYTHING,
        actor=None,
        case=case,
        date=today - timedelta(days=10),
        result="performed",
        notes="已维修完毕",
    )
    return case


def _text(response: Any) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "")


def test_it_prints_the_whole_case_masked_for_the_viewer(
    tree: Any, roles: Any, closed_case: Any
) -> None:
    response = client_for(roles.viewer).get(reverse("mediation:case_pdf", args=[closed_case.pk]))
    assert response.status_code == 200
    text = _text(response)
    for expected in (
        closed_case.number,
        "矛盾纠纷调解卷宗",
        "千泰居小区",
        "邻里",
        "于通海",
        "楼上卫生间漏水致楼下天花板受损",
        "周桂兰",
        "被申请人",
        "上门查看漏水情况",
        "调解成功",
        "书面协议",
        "孙建军负责维修卫生间防水",
        "赔偿天花板修复费用1200元",
        "已履行",
        "已维修完毕",
        "139****1234",
    ):
        assert expected in text, expected
    assert "13905321234" not in text
    event = AuditEvent.objects.get(action="export", object_id=str(closed_case.pk))
    assert event.detail == {"dossier": True, "sensitive_in_full": False}


def test_it_prints_contacts_for_those_who_may_see_them(
    tree: Any, roles: Any, closed_case: Any
) -> None:
    url = reverse("mediation:case_pdf", args=[closed_case.pk])
    secretary = client_for(roles.secretary_a)
    # Masked by default, even for a role that may see the contacts.
    text = _text(secretary.get(url))
    assert "13905321234" not in text and "139****1234" in text
    # In full only by an explicit choice with a reason, recorded.
    full_url = reverse("mediation:case_pdf_full", args=[closed_case.pk])
    assert "包含完整身份证号和电话" in secretary.get(full_url).content.decode()
    refused = secretary.post(full_url, {"full": "on", "reason": ""})
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    text = _text(secretary.post(full_url, {"full": "on", "reason": "法院司法确认需要"}))
    assert "13905321234" in text
    events = AuditEvent.objects.filter(user=roles.secretary_a, action="export").order_by("pk")
    assert [e.detail.get("sensitive_in_full") for e in events] == [False, True]
    assert events[1].detail["reason"] == "法院司法确认需要"
    assert client_for(roles.viewer).get(full_url).status_code == 403
    assert client_for(roles.secretary_b).get(url).status_code == 404
    assert client_for(roles.secretary_b).get(full_url).status_code == 404
