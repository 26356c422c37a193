"""Staff endpoints: the registry, activities and needs in each role's scope, with the
pages' filters, counts and masking; an object outside the scope is a 404; a reveal is
audited and refused to roles that may not see; the session needs its CSRF token."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from cadres.views.registry import detail_sections
from laoshan_portal.audit.models import AuditEvent
from tests.api_world import staff_client
from tests.conftest import ROLE_NAMES, client_for, out_of_scope_area
from tests.factories.cadres import CadreFactory, IdentifiedCadreFactory, NeedFactory
from tests.factories.volunteering import ServiceActivityFactory, ServiceRecordFactory
from tests.factories.workrooms import WorkroomActivityFactory

CADRES = reverse("api:cadre_list")
PLACES = ("ruidu", "qiantaiju", "miaoling", "wushan", "tuandao")

pytestmark = pytest.mark.usefixtures("fresh_cache")


@pytest.fixture
def registry(tree: Any) -> dict[str, Any]:
    return {
        place: CadreFactory(area=getattr(tree, place), name=f"{getattr(tree, place).name}老人")
        for place in PLACES
    }


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_the_registry_count_is_the_pages(role_name: str, roles: Any, registry: Any) -> None:
    user = getattr(roles, role_name)
    body = staff_client(roles, user).get(CADRES).json()
    page = client_for(user).get(reverse("cadres:cadre_list"))
    assert body["count"] == page.context["page"].paginator.count
    shown = {row["id"] for row in body["results"]}
    assert shown == {cadre.pk for cadre in page.context["page"]}
    assert registry["tuandao"].pk not in shown


def test_the_registry_filters_are_the_pages(roles: Any, registry: Any) -> None:
    client = staff_client(roles, roles.street_staff)
    body = client.get(CADRES, {"q": "苗岭社区老人"}).json()
    assert [row["name"] for row in body["results"]] == ["苗岭社区老人"]
    page = client_for(roles.street_staff).get(reverse("cadres:cadre_list"), {"q": "苗岭社区老人"})
    assert body["count"] == page.context["page"].paginator.count == 1


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_a_record_out_of_scope_is_404(role_name: str, tree: Any, roles: Any) -> None:
    client = staff_client(roles, getattr(roles, role_name))
    outside = CadreFactory(area=out_of_scope_area(tree, role_name))
    need = NeedFactory(area=out_of_scope_area(tree, role_name))
    assert client.get(reverse("api:cadre_detail", args=[outside.pk])).status_code == 404
    assert client.post(reverse("api:cadre_reveal", args=[outside.pk])).status_code == 404
    assert client.get(reverse("api:need_detail", args=[need.pk])).status_code == 404
    assert client.get(reverse("api:cadre_detail", args=[999999])).status_code == 404


def test_a_record_is_masked_as_on_its_page(roles: Any, tree: Any) -> None:
    cadre = IdentifiedCadreFactory(area=tree.ruidu, mobile="13912345678")
    response = staff_client(roles, roles.district_admin).get(
        reverse("api:cadre_detail", args=[cadre.pk])
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert cadre.id_number not in text and "13912345678" not in text
    shown = {
        row["name"]: row["value"]
        for section in response.json()["sections"]
        for row in section["rows"]
        if row["sensitive"]
    }
    expected = {
        row["name"]: str(row["value"])
        for _title, rows in detail_sections(cadre)
        for row in rows
        if row["sensitive"]
    }
    assert shown == expected
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REVEAL).exists()


def test_a_reveal_is_audited_and_refused_to_the_viewer(roles: Any, tree: Any) -> None:
    cadre = IdentifiedCadreFactory(area=tree.ruidu, mobile="13912345678")
    url = reverse("api:cadre_reveal", args=[cadre.pk])
    revealed = staff_client(roles, roles.secretary_a).post(url)
    assert revealed.status_code == 200 and revealed.json()["mobile"] == "13912345678"
    assert staff_client(roles, roles.viewer).post(url).status_code == 403
    events = AuditEvent.objects.filter(action=AuditEvent.Action.REVEAL, object_id=str(cadre.pk))
    assert [(e.user, e.succeeded) for e in events.order_by("pk")] == [
        (roles.secretary_a, True),
        (roles.viewer, False),
    ]


def test_a_session_write_needs_the_csrf_token(roles: Any, tree: Any) -> None:
    cadre = IdentifiedCadreFactory(area=tree.ruidu)
    client = client_for(roles.secretary_a, enforce_csrf_checks=True)
    assert client.get(reverse("api:cadre_detail", args=[cadre.pk])).status_code == 200
    assert client.post(reverse("api:cadre_reveal", args=[cadre.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REVEAL).exists()


def test_volunteer_activities_are_scoped_with_the_lists_figures(roles: Any, tree: Any) -> None:
    mine = ServiceActivityFactory(area=tree.ruidu, title="瑞都清扫")
    ServiceRecordFactory(activity=mine, hours=Decimal("3.5"))
    ServiceRecordFactory(activity=mine, hours=Decimal(2))
    ServiceActivityFactory(area=tree.wushan, title="午山清扫")
    body = staff_client(roles, roles.secretary_a).get(reverse("api:service_activity_list")).json()
    assert [(row["title"], row["people"], row["total_hours"]) for row in body["results"]] == [
        ("瑞都清扫", 2, "5.5")
    ]
    page = client_for(roles.secretary_a).get(reverse("volunteering:activity_list"))
    assert "5.5" in page.content.decode()
    district = staff_client(roles, roles.district_admin)
    assert district.get(reverse("api:service_activity_list")).json()["count"] == 2


def test_workroom_activities_are_scoped(roles: Any, tree: Any) -> None:
    WorkroomActivityFactory(area=tree.ruidu, people_served=12)
    WorkroomActivityFactory(area=tree.wushan)
    body = staff_client(roles, roles.secretary_a).get(reverse("api:workroom_activity_list")).json()
    assert [(row["area_id"], row["people_served"]) for row in body["results"]] == [
        (tree.ruidu.pk, 12)
    ]


def test_needs_are_scoped_and_filtered_by_status(roles: Any, tree: Any) -> None:
    open_need = NeedFactory(area=tree.ruidu, title="开放")
    NeedFactory(area=tree.ruidu, title="已对接", status="matched")
    NeedFactory(area=tree.wushan, title="午山")
    client = staff_client(roles, roles.secretary_a)
    body = client.get(reverse("api:need_list"), {"status": "open"}).json()
    assert [row["id"] for row in body["results"]] == [open_need.pk]
    assert client.get(reverse("api:need_list")).json()["count"] == 2
    detail = client.get(reverse("api:need_detail", args=[open_need.pk])).json()
    assert detail["title"] == "开放" and detail["assigned"] == 0
