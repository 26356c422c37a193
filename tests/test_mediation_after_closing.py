"""After a case is closed: return visits, the judicial confirmation, scans of the agreement.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from laoshan_portal.audit.models import AuditEvent
from tests.conftest import client_for
from tests.factories.mediation import GIF, case_settle
from tests.mediation_helpers import EVERYTHING, mediation_world, ruidu_case, today
from volunteering.mediation import services
from volunteering.mediation.models import AgreementScan, FollowUp


@pytest.fixture
def world(tree: Any) -> dict[str, Any]:
    return mediation_world(tree)


def test_it_logs_follow_ups_of_settled_cases_only(tree: Any, roles: Any, world: Any) -> None:
    settled = ruidu_case(world, settled=today() - timedelta(days=30))
    client = client_for(roles.secretary_a)
    url = reverse("mediation:follow_up_create", args=[settled.pk])
    bad = client.post(url, {"date": (today() + timedelta(days=1)).isoformat(), "result": "partly"})
    assert "日期不能晚于今天" in bad.content.decode()
    early = client.post(url, {"date": (today() - timedelta(days=31)).isoformat(), "result": "x"})
    assert early.status_code == 200 and not FollowUp.objects.exists()
    response = client.post(
        url, {"date": today().isoformat(), "result": "partly", "notes": "尚欠200元"}
    )
    assert response.status_code == 302
    visit = FollowUp.objects.get()
    assert (visit.result, visit.notes) == ("partly", "尚欠200元")
    assert AuditEvent.objects.filter(
        object_id=str(settled.pk), detail__follow_up_added=visit.pk
    ).exists()

    open_case = ruidu_case(world, summary="未结")
    with pytest.raises(ValidationError, match="只有调解成功的案件才需要回访"):
        services.follow_up_create(
            scope=EVERYTHING, actor=None, case=open_case, date=today(), result="performed"
        )


def test_it_records_the_judicial_confirmation_decision(tree: Any, roles: Any, world: Any) -> None:
    case = ruidu_case(world, settled=today() - timedelta(days=3))
    client = client_for(roles.secretary_a)
    url = reverse("mediation:case_judicial", args=[case.pk])
    early = client.post(url, {"decision": "applied", "on": "2000-01-01"}, follow=True)
    assert "日期不能早于协议签订日期" in early.content.decode()
    client.post(url, {"decision": "applied", "on": today().isoformat()})
    case.refresh_from_db()
    assert (case.judicial, case.judicial_on) == ("applied", today())
    oral_case = ruidu_case(world, summary="口头")
    oral = case_settle(oral_case, on=today(), kind="oral")
    with pytest.raises(ValidationError, match="只有已签订的书面协议才能申请司法确认"):
        services.judicial_set(
            scope=EVERYTHING, actor=None, case=oral, decision="applied", on=today()
        )


def test_it_attaches_scans_and_serves_them_only_in_scope(tree: Any, roles: Any, world: Any) -> None:
    case = ruidu_case(world, settled=today())
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
