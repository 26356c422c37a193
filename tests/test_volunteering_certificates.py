"""Volunteer service record certificates: issuing, the PDF, revoking, public verification."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from laoshan_portal.verification import masked_name
from tests.factories.cadres import IdentifiedCadreFactory, id_number_for
from tests.factories.volunteering import ServiceActivityFactory, ServiceRecordFactory, TeamFactory
from volunteering import services
from volunteering.models import Certificate
from volunteering.views.volunteers import VERIFY_PER_WINDOW

pytestmark = pytest.mark.usefixtures("fresh_cache")


@pytest.fixture
def holder(tree: Any) -> Any:
    cadre = IdentifiedCadreFactory(
        area=tree.qiantaiju, name="于通海", id_number=id_number_for("19630912", "135")
    )
    team = TeamFactory(area=tree.ruidu, name="康城小区平安巡逻队")
    for day, title, hours in [
        (date(2026, 3, 2), "治安巡逻", "4.5"),
        (date(2026, 5, 9), "清扫楼道", "8"),
        (date(2025, 12, 30), "去年的活动", "3"),
    ]:
        ServiceRecordFactory(
            activity=ServiceActivityFactory(team=team, date=day, title=title),
            cadre=cadre,
            hours=Decimal(hours),
        )
    return cadre


def _issue(client: Any, cadre: Any, start: str = "2026-01-01", end: str = "2026-06-30") -> Any:
    url = reverse("volunteering:certificate_issue", args=[cadre.pk])
    return client.post(url, {"period_start": start, "period_end": end})


def test_it_issues_a_certificate_with_frozen_figures(clients: Any, holder: Any, roles: Any) -> None:
    response = _issue(clients["district_admin"], holder)
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert re.fullmatch(r"LS-\d{4}-\d{6}", certificate.number)
    assert certificate.total_hours == 12.5 and certificate.activity_count == 2
    assert certificate.issuer_name == "崂山区委老干部局"
    assert certificate.id_number_masked.startswith("3702") and "*" in certificate.id_number_masked
    event = AuditEvent.objects.get(action="create", object_type="volunteering.Certificate")
    assert event.user == roles.district_admin
    # A later correction changes the records, not the certificate already issued.
    entry = holder.service_records.get(hours=8)
    services.service_record_decline(
        scope=Scope(area=None, unrestricted=True), actor=None, record=entry, reason="错"
    )
    certificate.refresh_from_db()
    assert certificate.total_hours == 12.5


def test_it_names_the_street_as_issuer_for_street_staff(clients: Any, holder: Any) -> None:
    _issue(clients["street_staff"], holder)
    assert Certificate.objects.get().issuer_name == "金家岭街道"


def test_it_prints_the_hours_in_the_pdf(clients: Any, holder: Any) -> None:
    _issue(clients["secretary_a"], holder)
    certificate = Certificate.objects.get()
    response = clients["secretary_a"].get(
        reverse("volunteering:certificate_pdf", args=[certificate.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert "12.5" in text and certificate.number in text
    assert "4.5" in text and "8.0" in text
    assert "去年的活动" not in text


def test_it_refuses_a_period_without_hours(clients: Any, holder: Any) -> None:
    response = _issue(clients["district_admin"], holder, "2024-01-01", "2024-12-31")
    assert response.status_code == 200
    assert "没有可证明" in " ".join(response.context["form"].non_field_errors())
    assert not Certificate.objects.exists()


def test_it_lets_only_staff_of_the_area_issue(clients: Any, holder: Any) -> None:
    assert _issue(clients["viewer"], holder).status_code == 403
    assert _issue(clients["secretary_b"], holder).status_code == 404
    assert not Certificate.objects.exists()


def _verify_url(certificate: Certificate) -> str:
    return services.certificate_verify_path(certificate)


def test_it_verifies_a_certificate_for_anyone_showing_little(clients: Any, holder: Any) -> None:
    _issue(clients["district_admin"], holder)
    certificate = Certificate.objects.get()
    response = Client().get(_verify_url(certificate))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in [
        certificate.number,
        "于*海",
        "12.5",
        "2026-01-01",
        "2026-06-30",
        "崂山区委老干部局",
        "真实有效",
    ]:
        assert shown in page
    for hidden in ["于通海", holder.id_number, certificate.id_number_masked, "治安巡逻", "千泰居"]:
        assert hidden not in page


def test_it_says_when_a_certificate_was_revoked(clients: Any, holder: Any) -> None:
    _issue(clients["district_admin"], holder)
    certificate = Certificate.objects.get()
    url = reverse("volunteering:certificate_revoke", args=[certificate.pk])
    assert clients["viewer"].post(url, {"reason": "错"}).status_code == 403
    assert clients["district_admin"].post(url, {"reason": ""}).status_code == 200
    assert clients["district_admin"].post(url, {"reason": "时长有误"}).status_code == 302
    assert "已被撤销" in Client().get(_verify_url(certificate)).content.decode()


def test_it_is_404_for_a_bad_signature(clients: Any, holder: Any) -> None:
    _issue(clients["district_admin"], holder)
    certificate = Certificate.objects.get()
    good = services.certificate_signature(certificate.number)
    for number, signature in [
        (certificate.number, "x" * len(good)),
        ("LS-2026-000999", good),
    ]:
        url = reverse(
            "volunteering:certificate_verify", kwargs={"number": number, "signature": signature}
        )
        assert Client().get(url).status_code == 404


def test_it_rate_limits_the_verification_page(clients: Any, holder: Any) -> None:
    _issue(clients["district_admin"], holder)
    url = _verify_url(Certificate.objects.get())
    client = Client()
    for _ in range(VERIFY_PER_WINDOW):
        assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429


@pytest.mark.parametrize(
    ("name", "masked"), [("于通海", "于*海"), ("韩卫", "韩*"), ("欧阳海燕", "欧**燕"), ("王", "王")]
)
def test_it_masks_the_holder_s_name(name: str, masked: str) -> None:
    assert masked_name(name) == masked


def test_it_issues_for_a_resident_member(clients: Any, tree: Any) -> None:
    team = TeamFactory(area=tree.ruidu, cadre_members=0, residents=1)
    member = team.members.get()
    activity = ServiceActivityFactory(team=team, date=date(2026, 2, 2), title="助老送餐")
    ServiceRecordFactory(activity=activity, member=member)
    url = reverse("volunteering:member_certificate_issue", args=[member.pk])
    response = clients["secretary_a"].post(
        url, {"period_start": "2026-01-01", "period_end": "2026-06-30"}
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(member=member)
    assert certificate.holder_name == "居民0" and certificate.id_number_masked == ""
    assert certificate.issuer_name == "瑞都社区"
