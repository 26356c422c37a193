"""Governance needs: the list, posting one, menu-style matching, assignment and closing."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cadres.models import Cadre, Need, NeedAssignment, ServiceKind, SpecialtyTag
from cadres.needs import ranking, services
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from tests.conftest import ROLE_NAMES, client_for
from tests.factories.cadres import (
    CadreFactory,
    NeedAssignmentFactory,
    NeedFactory,
    SpecialtyTagFactory,
)

EVERYTHING = Scope(area=None, unrestricted=True)
SATURDAY = date(2026, 6, 6)
_serial = itertools.count()


@pytest.fixture
def lawyers(tree: Any) -> dict[str, Cadre]:
    return {
        "near_lawyer": CadreFactory(area=tree.qiantaiju, name="张律师", specialties=["法律"]),
        "far_lawyer": CadreFactory(area=tree.wushan, name="王律师", specialties=["法律"]),
        "near_painter": CadreFactory(area=tree.qiantaiju, name="李画家", specialties=["书法绘画"]),
        "cared_for": CadreFactory(
            area=tree.qiantaiju, name="赵律师", specialties=["法律"], self_care="none"
        ),
        "deceased": CadreFactory(
            area=tree.qiantaiju, name="钱律师", specialties=["法律"], status="deceased"
        ),
    }


def _names(candidates: list[ranking.Candidate]) -> list[str]:
    return [candidate.cadre.name for candidate in candidates]


def test_it_ranks_a_lawyer_next_door_first(tree: Any, lawyers: Any) -> None:
    need = NeedFactory(area=tree.qiantaiju, specialties=["法律"])
    ranked = ranking.rank_candidates(scope=EVERYTHING, need=need)
    names = _names(ranked)
    assert names[0] == "张律师"
    assert names.index("张律师") < names.index("王律师")
    assert names.index("张律师") < names.index("李画家")
    assert "赵律师" not in names  # needs care themselves
    assert "钱律师" not in names  # not active
    first = ranked[0]
    assert first.matched_specialties == ["法律"]
    assert any("法律" in reason for reason in first.reasons)
    assert "住在同一小区" in first.reasons
    far = ranked[names.index("王律师")]
    assert "住得较远" in far.reasons
    painter = ranked[names.index("李画家")]
    assert "不具备所需特长" in painter.reasons


def test_it_weighs_willingness_time_health_and_load(tree: Any) -> None:
    kind = ServiceKind.objects.first()
    CadreFactory(
        area=tree.ruidu,
        name="甲",
        available_time="weekends",
        max_distance="street",
        mobility="good",
        service_kinds=[kind],
    )
    busy = CadreFactory(
        area=tree.ruidu, name="乙", available_time="weekdays", max_distance="compound"
    )
    CadreFactory(area=tree.ruidu, name="丙", self_care="partial", mobility="wheelchair")
    other = NeedFactory(area=tree.ruidu, title="另一项需求")
    NeedAssignmentFactory(need=other, cadre=busy)
    need = NeedFactory(area=tree.ruidu, start_date=SATURDAY, end_date=SATURDAY)
    ranked = {c.cadre.name: c for c in ranking.rank_candidates(scope=EVERYTHING, need=need)}
    assert ranked["甲"].score > ranked["丙"].score > ranked["乙"].score
    assert "愿意到需求地点服务" in ranked["甲"].reasons
    assert "周末有空，时间合适" in ranked["甲"].reasons
    assert "只在工作日有空，时间不合适" in ranked["乙"].reasons
    assert "手头还有1项需求未完成" in ranked["乙"].reasons
    assert "只愿在本小区服务" in ranked["乙"].reasons
    assert "使用轮椅" in ranked["丙"].reasons
    hidden = ranking.rank_candidates(scope=EVERYTHING, need=need, show_health=False)
    assert all("使用轮椅" not in c.reasons for c in hidden)
    assert all("已考虑身体状况" in c.reasons for c in hidden)


def test_it_breaks_ties_by_pinyin_and_leaves_out_those_assigned(tree: Any) -> None:
    CadreFactory(area=tree.ruidu, name="周明")
    CadreFactory(area=tree.ruidu, name="陈明")
    assigned = CadreFactory(area=tree.ruidu, name="安明")
    need = NeedFactory(area=tree.ruidu)
    NeedAssignmentFactory(need=need, cadre=assigned)
    assert _names(ranking.rank_candidates(scope=EVERYTHING, need=need)) == ["陈明", "周明"]


def test_it_offers_only_cadres_in_the_users_scope(tree: Any, lawyers: Any) -> None:
    need = NeedFactory(area=tree.qiantaiju, specialties=["法律"])
    names = _names(ranking.rank_candidates(scope=Scope(area=tree.ruidu), need=need))
    assert "王律师" not in names and "张律师" in names


def test_it_assigns_and_takes_off_through_the_page(tree: Any, roles: Any, lawyers: Any) -> None:
    need = NeedFactory(area=tree.qiantaiju, specialties=["法律"])
    client = client_for(roles.secretary_a)
    detail = client.get(reverse("cadres:need_detail", args=[need.pk])).content.decode()
    assert "张律师" in detail and "王律师" not in detail
    assert "具备所需特长：法律" in detail
    cadre = lawyers["near_lawyer"]
    client.post(reverse("cadres:need_assign", args=[need.pk]), {"cadre": cadre.pk})
    need.refresh_from_db()
    assert need.status == "matched"
    assert need.cadres.get() == cadre
    assert AuditEvent.objects.filter(object_type="cadres.NeedAssignment", action="create").exists()
    page = client.get(reverse("cadres:need_detail", args=[need.pk])).content.decode()
    assert 'data-testid="assigned"' in page and "已对接" in page
    client.post(reverse("cadres:need_unassign", args=[need.pk]), {"cadre": cadre.pk})
    need.refresh_from_db()
    assert need.status == "open" and not need.cadres.exists()
    assert AuditEvent.objects.filter(object_type="cadres.NeedAssignment", action="delete").exists()


def test_it_refuses_to_assign_a_cadre_outside_the_scope(
    tree: Any, roles: Any, lawyers: Any
) -> None:
    need = NeedFactory(area=tree.qiantaiju, specialties=["法律"])
    client = client_for(roles.secretary_a)
    url = reverse("cadres:need_assign", args=[need.pk])
    assert client.post(url, {"cadre": lawyers["far_lawyer"].pk}).status_code == 404
    assert client.post(url, {"cadre": "x"}).status_code == 404
    assert not NeedAssignment.objects.exists()
    with pytest.raises(ValidationError):
        services.need_assign(
            scope=Scope(area=tree.ruidu, role="secretary"),
            actor=roles.secretary_a,
            need=need,
            cadre=lawyers["far_lawyer"],
        )
    assert (
        client_for(roles.viewer).post(url, {"cadre": lawyers["near_lawyer"].pk}).status_code == 403
    )
    assert not NeedAssignment.objects.exists()


def test_it_needs_an_outcome_to_close_a_need(tree: Any, roles: Any, lawyers: Any) -> None:
    need = NeedFactory(area=tree.qiantaiju, specialties=["法律"])
    client = client_for(roles.secretary_a)
    with pytest.raises(ValidationError):  # nobody assigned yet
        services.need_set_status(
            scope=EVERYTHING, actor=None, need=need, status="done", outcome="好"
        )
    services.need_assign(scope=EVERYTHING, actor=None, need=need, cadre=lawyers["near_lawyer"])
    url = reverse("cadres:need_done", args=[need.pk])
    response = client.post(url, {"outcome": "   "})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    need.refresh_from_db()
    assert need.status == "matched"
    client.post(url, {"outcome": "张律师为议事会提供了三次法律咨询，形成改造协议。"})
    need.refresh_from_db()
    assert need.status == "done" and need.outcome.startswith("张律师")
    page = client.get(reverse("cadres:need_detail", args=[need.pk])).content.decode()
    assert "形成改造协议" in page and 'data-testid="candidates"' not in page
    assert AuditEvent.objects.filter(object_type="cadres.Need", action="update").exists()
    with pytest.raises(ValidationError):
        services.need_assign(scope=EVERYTHING, actor=None, need=need, cadre=lawyers["near_painter"])


def test_it_keeps_the_outcome_rule_in_the_database(tree: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Need.objects.create(area=tree.ruidu, title="无结果", status="done")


def test_it_posts_a_need_in_scope(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    url = reverse("cadres:need_create")
    law = SpecialtyTagFactory(name="法律")
    data = {
        "title": "老旧小区改造需要法律顾问",
        "area": tree.qiantaiju.pk,
        "specialties": [law.pk],
        "place": "党群服务中心",
        "start_date": "2026-06-06",
        "end_date": "2026-06-07",
        "people_needed": "2",
    }
    response = client.post(url, data, follow=True)
    need = Need.objects.get()
    assert (need.area, need.status, need.people_needed) == (tree.qiantaiju, "open", 2)
    assert list(need.specialties.all()) == [law]
    assert need.created_by == roles.secretary_a
    assert "老旧小区改造需要法律顾问" in response.content.decode()
    assert AuditEvent.objects.filter(object_type="cadres.Need", action="create").exists()


def test_it_refuses_a_need_outside_the_scope_or_with_dates_reversed(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    url = reverse("cadres:need_create")
    outside = client.post(url, {"title": "越界", "area": tree.wushan.pk, "people_needed": "1"})
    assert "所选区域不在您的管辖范围内" in outside.content.decode()
    reversed_dates = client.post(
        url,
        {
            "title": "日期颠倒",
            "area": tree.ruidu.pk,
            "people_needed": "1",
            "start_date": "2026-06-07",
            "end_date": "2026-06-06",
        },
    )
    body = reversed_dates.content.decode()
    assert "结束日期不能早于开始日期" in body and 'value="日期颠倒"' in body
    assert not Need.objects.exists()
    assert client_for(roles.viewer).get(url).status_code == 403


def test_it_lists_needs_in_scope_by_status(tree: Any, roles: Any) -> None:
    NeedFactory(area=tree.ruidu, title="瑞都的需求")
    NeedFactory(area=tree.qiantaiju, title="千泰居已对接", status="matched")
    NeedFactory(area=tree.wushan, title="午山的需求")
    client = client_for(roles.secretary_a)
    body = client.get(reverse("cadres:need_list")).content.decode()
    assert "瑞都的需求" in body and "千泰居已对接" in body and "午山的需求" not in body
    matched = client.get(reverse("cadres:need_list"), {"status": "matched"}).content.decode()
    assert "千泰居已对接" in matched and "瑞都的需求" not in matched


# ------------------------------------------------------------------------ query budgets


def _grow(tree: Any, n: int) -> None:
    """More cadres (with specialties and kinds of service), needs and assignments."""
    tags = list(SpecialtyTag.objects.all()[:3])
    kinds = list(ServiceKind.objects.all()[:2])
    for _ in range(n):
        i = next(_serial)
        cadre = CadreFactory(
            area=[tree.qiantaiju, tree.ruidu, tree.miaoling][i % 3],
            specialties=tags[: i % 4],
            service_kinds=kinds[: i % 3],
        )
        need = NeedFactory(area=tree.ruidu, specialties=tags[: i % 2 + 1], title=f"需求{i}")
        NeedAssignmentFactory(need=need, cadre=cadre)


BUDGETS = [
    # count, page of needs with areas and assignment counts, their specialties
    ("need_list", lambda t, n: reverse("cadres:need_list"), 3),
    # the need, its area and specialties, ranking (levels of the place, ranked cadres,
    # their specialties, their kinds of service), assignments
    ("need_detail", lambda t, n: reverse("cadres:need_detail", args=[n.pk]), 8),
    # specialties offered (the areas offered are kept)
    ("need_create", lambda t, n: reverse("cadres:need_create"), 1),
]


@pytest.mark.parametrize(("name", "url", "budget"), BUDGETS, ids=[b[0] for b in BUDGETS])
def test_it_keeps_the_query_budget(
    name: str, url: Any, budget: int, tree: Any, roles: Any, query_budget: Any
) -> None:
    need = NeedFactory(area=tree.qiantaiju, specialties=["法律", "教育"], title="被查看的需求")
    client = client_for(roles.district_admin)
    target = url(tree, need)
    _grow(tree, 3)
    NeedAssignmentFactory(need=need, cadre=CadreFactory(area=tree.ruidu))
    query_budget(client, target, budget, lambda: _grow(tree, 25))


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_it_renders_the_need_pages_for_every_role(role_name: str, tree: Any, roles: Any) -> None:
    """Everyone may read the needs and the menu; only those who may change a need get the
    buttons, and only those allowed to see health data read the health reasons."""
    user = getattr(roles, role_name)
    CadreFactory(area=user.area, name="孙轮椅", specialties=["法律"], mobility="wheelchair")
    need = NeedFactory(area=user.area, specialties=["法律"])
    client = client_for(user)
    assert client.get(reverse("cadres:need_list")).status_code == 200
    create = client.get(reverse("cadres:need_create"))
    assert create.status_code == (403 if role_name == "viewer" else 200)
    detail = client.get(reverse("cadres:need_detail", args=[need.pk])).content.decode()
    assert "孙轮椅" in detail and "<script>" not in detail
    assert (reverse("cadres:need_assign", args=[need.pk]) in detail) == (role_name != "viewer")
    assert ("使用轮椅" in detail) == (role_name != "viewer")
