"""我要反映: a retiree's concern goes to their community as a to-do item, in exactly the
scope of the staff over that community; the secretary handles it once (a mediation case,
a care visit with a follow-up, or a reply) and the retiree reads the outcome."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from care.models import Visit
from laoshan_portal import clock
from laoshan_portal.accounts.selectors import scope_for_user
from laoshan_portal.audit.models import AuditEvent
from retirees.models import Concern
from tests.conftest import client_for
from tests.factories.retirees import ConcernFactory, RetireeAccountFactory
from tests.factories.volunteering import MediationTeamFactory, TeamMemberFactory
from todo.items import Kind
from todo.selectors import todo_items
from volunteering.mediation.models import MediationCase


@pytest.fixture
def account(tree: Any) -> Any:
    return RetireeAccountFactory(area=tree.qiantaiju)


def _raise(account: Any, **data: Any) -> Any:
    form = {"kind": "neighbour", "text": "楼上邻居夜间噪音。", "may_phone": "on", **data}
    return client_for(account.user).post(reverse("retirees:concern_new"), form)


def _concern_items(user: Any, today: Any) -> list[Any]:
    found = todo_items(scope=scope_for_user(user), today=today)
    return [item for item in found if item.kind == Kind.CONCERN]


def _handle(user: Any, concern: Concern, **data: Any) -> Any:
    return client_for(user).post(reverse("retirees:concern_handle", args=[concern.pk]), data)


def test_a_concern_is_saved_and_audited(account: Any) -> None:
    assert _raise(account).status_code == 302
    concern = Concern.objects.get()
    assert (concern.cadre, concern.area, concern.status) == (
        account.cadre,
        account.cadre.area,
        Concern.Status.OPEN,
    )
    assert concern.may_phone
    event = AuditEvent.objects.get(object_type="retirees.Concern")
    assert event.user == account.user
    page = client_for(account.user).get(reverse("retirees:home")).content.decode()
    assert "邻里纠纷" in page and "等待社区核实" in page


def test_an_empty_concern_saves_nothing(account: Any) -> None:
    page = _raise(account, text="", kind="nonsense")
    assert page.status_code == 200
    assert "这个字段是必填项" in page.content.decode()
    assert not Concern.objects.exists()


def test_it_is_a_todo_item_in_exactly_the_secretarys_scope(account: Any, roles: Any) -> None:
    _raise(account)
    today = clock.today()
    assert len(_concern_items(roles.secretary_a, today)) == 1
    assert len(_concern_items(roles.street_staff, today)) == 1
    assert len(_concern_items(roles.district_admin, today)) == 1
    assert _concern_items(roles.secretary_b, today) == []
    concern = Concern.objects.get()
    _handle(roles.secretary_a, concern, action="close", reply="已联系物业处理")
    assert _concern_items(roles.secretary_a, today) == []


def test_closing_needs_a_reply_and_the_retiree_reads_it(account: Any, roles: Any) -> None:
    concern = ConcernFactory(area=account.cadre.area, cadre=account.cadre)
    assert _handle(roles.secretary_a, concern, action="close", reply="").status_code == 200
    assert Concern.objects.get().status == Concern.Status.OPEN
    _handle(roles.secretary_a, concern, action="close", reply="已联系物业处理")
    assert Concern.objects.get().status == Concern.Status.CLOSED
    page = client_for(account.user).get(reverse("retirees:home")).content.decode()
    assert "已联系物业处理" in page
    assert AuditEvent.objects.filter(object_type="retirees.Concern").count() == 1


def test_it_becomes_a_mediation_case(account: Any, tree: Any, roles: Any) -> None:
    concern = ConcernFactory(area=account.cadre.area, cadre=account.cadre)
    team = MediationTeamFactory(area=tree.ruidu)
    mediator = TeamMemberFactory(team=team).cadre
    response = _handle(
        roles.secretary_a, concern, action="mediation", team=team.pk, mediators=[mediator.pk]
    )
    assert response.status_code == 302
    case = MediationCase.objects.get()
    assert case.category == MediationCase.Category.NEIGHBOURHOOD
    assert case.summary == concern.text
    assert case.parties.get().name == account.cadre.name
    concern.refresh_from_db()
    assert (concern.status, concern.mediation_case) == (Concern.Status.MEDIATION, case)
    assert case.number in concern.reply
    assert AuditEvent.objects.filter(object_type="mediation.MediationCase").exists()


def test_a_mediation_without_mediators_saves_nothing(account: Any, tree: Any, roles: Any) -> None:
    concern = ConcernFactory(area=account.cadre.area, cadre=account.cadre)
    team = MediationTeamFactory(area=tree.ruidu)
    assert _handle(roles.secretary_a, concern, action="mediation", team=team.pk).status_code == 200
    assert not MediationCase.objects.exists()
    assert Concern.objects.get().status == Concern.Status.OPEN


def test_it_becomes_a_care_visit_with_a_follow_up(account: Any, roles: Any) -> None:
    concern = ConcernFactory(area=account.cadre.area, cadre=account.cadre, kind="health")
    assert _handle(roles.secretary_a, concern, action="care").status_code == 302
    visit = Visit.objects.get()
    assert (visit.cadre, visit.kind, visit.follow_up) == (account.cadre, Visit.Kind.ILLNESS, True)
    assert visit.needs_raised == concern.text
    concern.refresh_from_db()
    assert (concern.status, concern.care_visit) == (Concern.Status.CARE, visit)
    assert AuditEvent.objects.filter(object_type="care.Visit").exists()


def test_out_of_scope_staff_get_404(account: Any, roles: Any) -> None:
    concern = ConcernFactory(area=account.cadre.area, cadre=account.cadre)
    assert _handle(roles.secretary_b, concern, action="close", reply="好").status_code == 404
    assert Concern.objects.get().status == Concern.Status.OPEN


def test_a_retiree_sees_only_their_own_concerns(account: Any, tree: Any) -> None:
    ConcernFactory(area=tree.qiantaiju, text="别人的反映内容")
    _raise(account, text="我自己的反映内容")
    page = client_for(account.user).get(reverse("retirees:home")).content.decode()
    assert page.count('data-testid="my-concern"') == 1
    # The staff page is not theirs: staff views refuse a retiree.
    other = Concern.objects.exclude(cadre=account.cadre).get()
    handle = reverse("retirees:concern_handle", args=[other.pk])
    assert client_for(account.user).get(handle).status_code in {403, 404}
