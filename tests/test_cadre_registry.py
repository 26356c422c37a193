"""The registry list, a record's page, its forms, masking and the audited reveal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cadres.models import Cadre, CadreEvent, ServiceKind, SpecialtyTag
from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from tests.conftest import client_for
from tests.factories.accounts import AreaFactory
from tests.factories.cadres import CadreFactory, IdentifiedCadreFactory, id_number_for

LIST = reverse("cadres:cadre_list")


def _names(response: Any) -> set[str]:
    return {cadre.name for cadre in response.context["page"]}


@pytest.fixture
def people(tree: Any) -> dict[str, Cadre]:
    """Three people in three age bands whatever the run's clock: 75 or 76, 85, 63 or 64."""
    year = timezone.localdate().year
    law = SpecialtyTag.objects.get(name="法律")
    mediation = ServiceKind.objects.get(name="矛盾纠纷调解")
    zhang = CadreFactory(
        name="张晓松",
        area=tree.qiantaiju,
        birth_date=date(year - 76, 3, 7),
        specialties=[law],
        service_kinds=[mediation],
    )
    li = CadreFactory(
        name="李红",
        area=tree.miaoling,
        birth_date=date(year - 85, 1, 1),
        political_status="masses",
        self_care="partial",
        gender="F",
    )
    wang = CadreFactory(name="王建国", area=tree.wushan, birth_date=date(year - 64, 6, 1))
    gone = CadreFactory(name="赵离开", area=tree.ruidu, status="moved")
    return {"zhang": zhang, "li": li, "wang": wang, "gone": gone}


def test_it_lists_only_records_in_scope(people: Any, roles: Any) -> None:
    assert _names(client_for(roles.secretary_a).get(LIST)) == {"张晓松"}
    assert _names(client_for(roles.street_staff).get(LIST)) == {"张晓松", "李红"}
    assert _names(client_for(roles.district_admin).get(LIST)) == {"张晓松", "李红", "王建国"}


@pytest.mark.parametrize("query", ["张晓松", "晓松", "zhangxiaosong", "zhang", "zxs", "ZXS"])
def test_it_finds_by_name_pinyin_and_initials(query: str, people: Any, roles: Any) -> None:
    response = client_for(roles.district_admin).get(LIST, {"q": query})
    assert _names(response) == {"张晓松"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"street": "STREET"}, {"张晓松", "李红"}),
        ({"community": "COMMUNITY"}, {"张晓松"}),
        ({"specialty": "LAW"}, {"张晓松"}),
        ({"willing": "MEDIATION"}, {"张晓松"}),
        ({"party_member": "no"}, {"李红"}),
        ({"party_member": "yes"}, {"张晓松", "王建国"}),
        ({"age": "80-89"}, {"李红"}),
        ({"age": "60-69"}, {"王建国"}),
        ({"self_care": "partial"}, {"李红"}),
        ({"status": "moved"}, {"赵离开"}),
    ],
)
def test_it_filters(params: dict[str, str], expected: set[str], people: Any, roles: Any) -> None:
    tree_ids = {
        "STREET": str(Area.objects.get(name="金家岭街道").pk),
        "COMMUNITY": str(Area.objects.get(name="瑞都社区").pk),
        "LAW": str(SpecialtyTag.objects.get(name="法律").pk),
        "MEDIATION": str(ServiceKind.objects.get(name="矛盾纠纷调解").pk),
    }
    query = {key: tree_ids.get(value, value) for key, value in params.items()}
    response = client_for(roles.district_admin).get(LIST, query)
    assert _names(response) == expected


def test_it_sorts_by_a_column(people: Any, roles: Any) -> None:
    client = client_for(roles.district_admin)
    oldest_first = client.get(LIST, {"sort": "birth_date"})
    assert [c.name for c in oldest_first.context["page"]] == ["李红", "张晓松", "王建国"]
    youngest_first = client.get(LIST, {"sort": "-birth_date"})
    assert [c.name for c in youngest_first.context["page"]][0] == "王建国"


def test_it_ignores_sql_in_search_and_filters(people: Any, roles: Any) -> None:
    client = client_for(roles.district_admin)
    for value in ["' OR '1'='1", "1; DROP TABLE cadres_cadre; --", "%", "_"]:
        assert client.get(LIST, {"q": value, "age": value, "street": value}).status_code == 200
    assert Cadre.objects.count() == 4


def test_it_keeps_query_count_flat(tree: Any, roles: Any, django_assert_num_queries: Any) -> None:
    law = SpecialtyTag.objects.get(name="法律")
    client = client_for(roles.district_admin)
    for total in (10, 1000):
        more = total - Cadre.objects.count()
        made = CadreFactory.create_batch(more, area=tree.qiantaiju)
        law.cadres.add(*made)
        client.get(LIST)
        # page rows, their specialty links; the session, the account with its area and
        # its permissions, the areas in scope, the unfiltered total and the specialty and
        # kind lists are kept in the cache (tests/test_registry_floor.py)
        with django_assert_num_queries(2):
            client.get(LIST)


def test_it_masks_sensitive_fields_on_the_record_page(tree: Any, roles: Any) -> None:
    number = id_number_for("19500307")
    cadre = IdentifiedCadreFactory(
        area=tree.qiantaiju,
        name="张晓松",
        id_number=number,
        mobile="13800008000",
        chronic_conditions="高血压",
    )
    for role in ("district_admin", "viewer", "secretary_a"):
        body = (
            client_for(getattr(roles, role))
            .get(reverse("cadres:cadre_detail", args=[cadre.pk]))
            .content.decode()
        )
        assert "3702**********" + number[-4:] in body
        assert "138****8000" in body
        assert number not in body and "13800008000" not in body and "高血压" not in body


def test_it_reveals_to_allowed_roles_and_audits_it(tree: Any, roles: Any) -> None:
    number = id_number_for("19500307")
    cadre = IdentifiedCadreFactory(area=tree.qiantaiju, name="张晓松", id_number=number)
    url = reverse("cadres:cadre_reveal", args=[cadre.pk])
    response = client_for(roles.secretary_a).post(url)
    assert number in response.content.decode()
    event = AuditEvent.objects.get(action="reveal", user=roles.secretary_a)
    assert event.object_id == str(cadre.pk) and event.succeeded
    assert client_for(roles.viewer).post(url).status_code == 403
    refused = AuditEvent.objects.get(action="reveal", user=roles.viewer)
    assert not refused.succeeded


def _form(area: Area, **overrides: Any) -> dict[str, Any]:
    return {
        "area": area.pk,
        "name": "刘建华",
        "gender": "M",
        "birth_date": "1950-03-07",
        "ethnicity": "汉族",
        "id_number": id_number_for("19500307"),
        "mobile": "138 0000 8000",
        "political_status": "party_member",
        "retirement_kind": "tuixiu",
        "self_care": "full",
        "mobility": "good",
        **overrides,
    }


def test_it_creates_a_record_with_pinyin_and_history(tree: Any, roles: Any) -> None:
    response = client_for(roles.secretary_a).post(
        reverse("cadres:cadre_create"), _form(tree.qiantaiju)
    )
    assert response.status_code == 302
    cadre = Cadre.objects.get(name="刘建华")
    assert (cadre.name_pinyin, cadre.name_initials, cadre.mobile) == (
        "liujianhua",
        "ljh",
        "13800008000",
    )
    assert cadre.events.get().kind == "created"
    assert AuditEvent.objects.filter(action="create", object_id=str(cadre.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": "370212195003071230"}, "校验位不正确"),
        ({"birth_date": "1951-03-07"}, "与填写的出生日期不一致"),
        ({"mobile": "123"}, "手机号应为11位"),
        ({"name": ""}, "这个字段是必填项"),
    ],
)
def test_it_refuses_bad_input_in_chinese_and_keeps_it(
    overrides: dict[str, str], message: str, tree: Any, roles: Any
) -> None:
    data = _form(tree.qiantaiju, **overrides)
    response = client_for(roles.secretary_a).post(reverse("cadres:cadre_create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'value="汉族"' in body
    assert not Cadre.objects.exists()


def test_it_refuses_an_area_outside_scope(tree: Any, roles: Any) -> None:
    response = client_for(roles.secretary_a).post(
        reverse("cadres:cadre_create"), _form(tree.wushan)
    )
    assert "所选区域不在您的管辖范围内" in response.content.decode()
    assert not Cadre.objects.exists()


def test_it_refuses_a_duplicate_and_offers_the_merge(tree: Any, roles: Any) -> None:
    first = IdentifiedCadreFactory(
        area=tree.qiantaiju, name="刘建华", id_number=id_number_for("19500307"), former_unit=""
    )
    client = client_for(roles.secretary_a)
    data = _form(tree.qiantaiju, former_unit="崂山区税务局")
    response = client.post(reverse("cadres:cadre_create"), data)
    assert "该身份证号已登记" in response.content.decode()
    assert response.context["duplicate"] == first
    assert Cadre.objects.count() == 1
    merged = client.post(reverse("cadres:cadre_create"), {**data, "merge_into": first.pk})
    assert merged.status_code == 302
    first.refresh_from_db()
    assert first.former_unit == "崂山区税务局"
    kinds = list(first.events.values_list("kind", flat=True))
    assert kinds.count("created") == 2 and "merged" in kinds
    assert Cadre.objects.get(merged_into=first).status == "merged"


def test_it_changes_status_with_history(tree: Any, roles: Any) -> None:
    cadre = CadreFactory(area=tree.qiantaiju)
    client = client_for(roles.secretary_a)
    client.post(
        reverse("cadres:cadre_status", args=[cadre.pk]), {"status": "deceased", "note": "病故"}
    )
    cadre.refresh_from_db()
    assert cadre.status == "deceased"
    assert "病故" in CadreEvent.objects.get(cadre=cadre, kind="status").summary
    assert cadre.name not in {c.name for c in client.get(LIST).context["page"]}


def test_it_edits_and_records_what_changed(tree: Any, roles: Any) -> None:
    cadre = IdentifiedCadreFactory(
        area=tree.qiantaiju, name="刘建华", id_number=id_number_for("19500307")
    )
    client = client_for(roles.secretary_a)
    assert client.get(reverse("cadres:cadre_edit", args=[cadre.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="reveal", object_id=str(cadre.pk)).exists()
    response = client.post(
        reverse("cadres:cadre_edit", args=[cadre.pk]),
        _form(tree.qiantaiju, former_unit="崂山区财政局"),
    )
    assert response.status_code == 302
    event = cadre.events.get(kind="changed")
    assert "former_unit" in event.changed_fields


def test_it_stores_id_numbers_and_phones_encrypted(tree: Any) -> None:
    number = id_number_for("19500307")
    cadre = IdentifiedCadreFactory(
        area=tree.qiantaiju, name="刘建华", id_number=number, mobile="13800008000"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cadres_cadre WHERE id = %s", [cadre.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert number not in row and "13800008000" not in row
    assert Cadre.objects.get(pk=cadre.pk).id_number == number


def test_it_does_not_let_a_viewer_change_anything(tree: Any, roles: Any) -> None:
    cadre = CadreFactory(area=tree.qiantaiju)
    client = client_for(roles.viewer)
    assert client.get(reverse("cadres:cadre_create")).status_code == 403
    assert client.get(reverse("cadres:cadre_edit", args=[cadre.pk])).status_code == 403
    other = AreaFactory(parent=tree.ruidu, level="compound")
    assert (
        client.post(
            reverse("cadres:cadre_status", args=[cadre.pk]), {"status": "moved", "area": other.pk}
        ).status_code
        == 403
    )
