"""Check-ins in staff hands: confirmed into the registry or rejected, masked, listed,
registered on someone's behalf, routed from a retirement."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cadres.checkins import services
from cadres.models import Cadre, CadreEvent, CheckIn
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from tests.checkin_helpers import ID_NUMBER, MOBILE, form_data, listed_choices, public_url, submit
from tests.conftest import client_for
from tests.factories.cadres import IdentifiedCadreFactory, id_number_for

pytestmark = pytest.mark.usefixtures("fresh_cache")


def test_it_takes_a_qr_checkin_that_staff_confirm_into_the_registry(tree: Any, roles: Any) -> None:
    choices = listed_choices()
    anonymous = Client()
    page = anonymous.get(public_url(tree.ruidu))
    assert page.status_code == 200
    body = page.content.decode()
    assert "向瑞都社区报到" in body
    assert "千泰居小区" in body and "书法" in body and "矛盾调解" in body

    response = anonymous.post(
        public_url(tree.ruidu),
        form_data(
            compound=tree.qiantaiju.pk,
            specialties=[choices["calligraphy"].pk],
            service_kinds=[choices["mediation"].pk],
        ),
        REMOTE_ADDR="10.1.2.3",
    )
    done = response.content.decode()
    assert "王建国" in done and "瑞都社区" in done
    checkin = CheckIn.objects.get()
    assert (checkin.status, checkin.source) == ("pending", "qr")
    assert (checkin.area, checkin.compound) == (tree.ruidu, tree.qiantaiju)
    assert checkin.id_number == ID_NUMBER
    audit = AuditEvent.objects.get(object_type="cadres.CheckIn", action="create")
    assert (audit.user, audit.ip, audit.area) == (None, "10.1.2.3", tree.ruidu)

    secretary = client_for(roles.secretary_a)
    detail = secretary.get(reverse("cadres:checkin_detail", args=[checkin.pk])).content.decode()
    assert "1958-03-12" in detail  # birth date prefilled from the ID number
    response = secretary.post(
        reverse("cadres:checkin_confirm", args=[checkin.pk]),
        {
            "residence": tree.qiantaiju.pk,
            "gender": "M",
            "birth_date": "1958-03-12",
            "political_status": "party_member",
        },
        follow=True,
    )
    assert "已确认" in response.content.decode()
    checkin.refresh_from_db()
    cadre = checkin.cadre
    assert checkin.status == "confirmed" and checkin.decided_by == roles.secretary_a
    assert (cadre.name, cadre.name_pinyin, cadre.area) == ("王建国", "wangjianguo", tree.qiantaiju)
    assert cadre.mobile == MOBILE and cadre.id_number == ID_NUMBER
    assert list(cadre.specialties.all()) == [choices["calligraphy"]]
    assert list(cadre.service_kinds.all()) == [choices["mediation"]]
    assert CadreEvent.objects.filter(cadre=cadre, kind="checked_in").count() == 1


def test_it_files_a_checkin_without_compound_in_the_community(tree: Any, roles: Any) -> None:
    checkin = submit(tree)
    assert (checkin.area, checkin.compound) == (tree.ruidu, None)
    client_for(roles.street_staff).post(
        reverse("cadres:checkin_confirm", args=[checkin.pk]),
        {
            "residence": tree.ruidu.pk,
            "gender": "M",
            "birth_date": "1958-03-12",
            "political_status": "masses",
        },
    )
    assert Cadre.objects.get().area == tree.ruidu


def test_it_links_a_record_the_registry_has_already(tree: Any, roles: Any) -> None:
    existing = IdentifiedCadreFactory(area=tree.qiantaiju, name="王建国", id_number=ID_NUMBER)
    checkin = submit(tree)
    secretary = client_for(roles.secretary_a)
    detail = secretary.get(reverse("cadres:checkin_detail", args=[checkin.pk])).content.decode()
    assert "人才库中已有该身份证号" in detail
    secretary.post(reverse("cadres:checkin_confirm", args=[checkin.pk]))
    checkin.refresh_from_db()
    assert checkin.cadre == existing
    assert Cadre.objects.count() == 1
    assert existing.events.filter(kind="checked_in").exists()


def test_it_refuses_to_confirm_an_id_number_registered_outside_the_scope(
    tree: Any, roles: Any
) -> None:
    IdentifiedCadreFactory(area=tree.wushan, name="王建国", id_number=ID_NUMBER)
    checkin = submit(tree)
    response = client_for(roles.secretary_a).post(
        reverse("cadres:checkin_confirm", args=[checkin.pk]),
        {
            "residence": tree.ruidu.pk,
            "gender": "M",
            "birth_date": "1958-03-12",
            "political_status": "masses",
        },
    )
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.status == "pending" and Cadre.objects.count() == 1


def test_it_needs_a_reason_to_reject(tree: Any, roles: Any) -> None:
    checkin = submit(tree)
    secretary = client_for(roles.secretary_a)
    url = reverse("cadres:checkin_reject", args=[checkin.pk])
    response = secretary.post(url, {"reason": "  "})
    assert "请填写退回原因" in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.status == "pending"

    secretary.post(url, {"reason": "不住在本社区"})
    checkin.refresh_from_db()
    assert (checkin.status, checkin.reject_reason) == ("rejected", "不住在本社区")
    assert checkin.decided_by == roles.secretary_a
    detail = secretary.get(reverse("cadres:checkin_detail", args=[checkin.pk])).content.decode()
    assert "不住在本社区" in detail
    # Decided once: a second decision is refused.
    secretary.post(reverse("cadres:checkin_confirm", args=[checkin.pk]), {})
    checkin.refresh_from_db()
    assert checkin.status == "rejected" and Cadre.objects.count() == 0


def test_it_keeps_the_viewer_read_only(tree: Any, roles: Any) -> None:
    checkin = submit(tree)
    viewer = client_for(roles.viewer)
    assert viewer.get(reverse("cadres:checkin_list")).status_code == 200
    detail = viewer.get(reverse("cadres:checkin_detail", args=[checkin.pk])).content.decode()
    assert "确认并建立档案" not in detail
    assert (
        viewer.post(
            reverse("cadres:checkin_reject", args=[checkin.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    assert viewer.get(reverse("cadres:checkin_create")).status_code == 403


def test_it_hides_a_checkin_from_the_secretary_of_another_community(tree: Any, roles: Any) -> None:
    checkin = submit(tree)
    other = client_for(roles.secretary_b)
    assert other.get(reverse("cadres:checkin_detail", args=[checkin.pk])).status_code == 404
    assert "王建国" not in other.get(reverse("cadres:checkin_list")).content.decode()


def test_it_masks_the_identity_until_revealed_and_records_the_reveal(tree: Any, roles: Any) -> None:
    checkin = submit(tree)
    secretary = client_for(roles.secretary_a)
    detail = secretary.get(reverse("cadres:checkin_detail", args=[checkin.pk])).content.decode()
    assert ID_NUMBER not in detail and MOBILE not in detail
    assert "139****5678" in detail
    revealed = secretary.post(reverse("cadres:checkin_reveal", args=[checkin.pk]))
    assert ID_NUMBER in revealed.content.decode()
    assert AuditEvent.objects.filter(action="reveal", user=roles.secretary_a).count() == 1
    viewer = client_for(roles.viewer)
    assert viewer.post(reverse("cadres:checkin_reveal", args=[checkin.pk])).status_code == 403
    # The refusal is in the audit trail too, as every refused reveal is.
    refused = AuditEvent.objects.get(action="reveal", user=roles.viewer)
    assert (refused.succeeded, refused.object_id) == (False, str(checkin.pk))


def test_it_lists_pending_checkins_first_and_filters_by_status(tree: Any, roles: Any) -> None:
    first = submit(tree, name="先到者")
    services.checkin_reject(
        scope=Scope(area=tree.ruidu), actor=roles.secretary_a, checkin=first, reason="重复"
    )
    submit(tree, name="后到者")
    client = client_for(roles.street_staff)
    body = client.get(reverse("cadres:checkin_list")).content.decode()
    assert body.index("后到者") < body.index("先到者")
    rejected = client.get(reverse("cadres:checkin_list"), {"status": "rejected"}).content
    assert "先到者" in rejected.decode() and "后到者" not in rejected.decode()


def test_it_keeps_the_query_budget_of_the_list(
    tree: Any, roles: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(roles.district_admin)
    url = reverse("cadres:checkin_list")
    client.get(url)  # warm the session
    for size in (2, 30):
        while CheckIn.objects.count() < size:
            n = CheckIn.objects.count()
            services.checkin_submit(
                community=tree.ruidu if n % 2 else tree.wushan,
                compound=tree.qiantaiju if n % 2 else None,
                name=f"报到{n}",
                mobile=MOBILE,
                id_number=ID_NUMBER,
            )
        # count, page of check-ins with community and compound (the area filter's choices
        # are kept)
        with django_assert_num_queries(2):
            assert client.get(url).status_code == 200


def test_it_registers_a_checkin_on_someones_behalf(tree: Any, roles: Any) -> None:
    choices = listed_choices()
    secretary = client_for(roles.secretary_a)
    form = secretary.get(reverse("cadres:checkin_create")).content.decode()
    assert "千泰居小区" in form and "午山社区" not in form
    data = {
        "residence": tree.qiantaiju.pk,
        "name": "赵红梅",
        "mobile": "13700002222",
        "id_number": id_number_for("19600505", serial="224"),
        "former_unit": "崂山区教育局",
        "retirement_date": "2020-06-01",
        "specialties": [choices["law"].pk],
    }
    response = secretary.post(reverse("cadres:checkin_create"), data, follow=True)
    assert "已为赵红梅登记报到" in response.content.decode()
    checkin = CheckIn.objects.get()
    assert (checkin.source, checkin.registered_by) == ("staff", roles.secretary_a)
    assert (checkin.area, checkin.compound) == (tree.ruidu, tree.qiantaiju)
    assert checkin.retirement_date == date(2020, 6, 1)

    outside = secretary.post(
        reverse("cadres:checkin_create"), {**data, "residence": tree.wushan.pk}
    )
    assert "所选区域不在您的辖区内" in outside.content.decode() or outside.status_code == 200
    assert CheckIn.objects.count() == 1


def _route_retirement(tree: Any, roles: Any, residence: Any) -> CheckIn:
    """孙立新 retires from the district's finance bureau and lives in ``residence``."""
    return services.checkin_route_retirement(
        scope=Scope(area=tree.laoshan),
        actor=roles.district_admin,
        name="孙立新",
        mobile="13600003333",
        id_number=id_number_for("19650808", serial="311"),
        residence=residence,
        former_unit="崂山区财政局",
        retirement_date=date(2025, 8, 1),
    )


def test_it_routes_a_retirement_to_the_community_of_residence(tree: Any, roles: Any) -> None:
    checkin = _route_retirement(tree, roles, tree.qiantaiju)
    assert (checkin.area, checkin.compound, checkin.source) == (
        tree.ruidu,
        tree.qiantaiju,
        "retirement",
    )
    # The community's secretary sees it arrive; the other community does not.
    assert (
        "孙立新"
        in client_for(roles.secretary_a).get(reverse("cadres:checkin_list")).content.decode()
    )
    assert (
        "孙立新"
        not in client_for(roles.secretary_b).get(reverse("cadres:checkin_list")).content.decode()
    )


def test_it_routes_a_retirement_from_the_districts_form(tree: Any, roles: Any) -> None:
    response = client_for(roles.district_admin).post(
        reverse("cadres:checkin_retirement"),
        {
            "name": "周卫东",
            "mobile": "13500004444",
            "id_number": id_number_for("19640101", serial="411"),
            "residence": tree.wushan.pk,
            "former_unit": "崂山区人社局",
            "retirement_date": "2025-01-31",
        },
        follow=True,
    )
    assert "已将周卫东转交午山社区办理报到" in response.content.decode()
    checkin = CheckIn.objects.get()
    assert (checkin.area, checkin.source) == (tree.wushan, "retirement")


def test_it_refuses_a_retirement_routed_above_community_level(tree: Any, roles: Any) -> None:
    with pytest.raises(Exception, match="报到须落到社区|community"):
        _route_retirement(tree, roles, tree.jinjialing)
    assert CheckIn.objects.count() == 0
