"""Taking part through the API: offers on needs, activity sign-ups, proposals and
concerns write exactly what the take-part pages write (the secretary sees them where the
pages' rows show), are audited, refuse bad input in Chinese saving nothing, find only the
retiree's own rows (404 otherwise) and refuse staff (403)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from laoshan_portal import clock
from laoshan_portal.accounts.selectors import scope_for_user
from laoshan_portal.audit.models import AuditEvent
from retirees.models import ActivitySignup, Concern, NeedOffer, Proposal
from tests.api_world import retiree_client, staff_client
from tests.conftest import client_for
from tests.factories.cadres import NeedFactory
from tests.factories.retirees import (
    ConcernFactory,
    PlannedActivityFactory,
    ProposalFactory,
    RetireeAccountFactory,
)
from tests.factories.volunteering import TeamFactory, TeamMemberFactory
from todo.items import Kind
from todo.selectors import todo_items

pytestmark = pytest.mark.usefixtures("fresh_cache")

JSON = "application/json"


@pytest.fixture
def account(tree: Any) -> Any:
    return RetireeAccountFactory(area=tree.qiantaiju, cadre__specialties=["法律"])


@pytest.fixture
def client(account: Any) -> Any:
    return retiree_client(account)


def _offer_url(need: Any) -> str:
    return reverse("api:my_need_offer", args=[need.pk])


def _signup_url(planned: Any) -> str:
    return reverse("api:my_activity_signup", args=[planned.pk])


def _chinese(message: str) -> str:
    with translation.override("zh-hans"):
        found = translation.gettext(message)
    assert found != message
    return found


def _events(model: str, account: Any) -> int:
    return AuditEvent.objects.filter(object_type=f"retirees.{model}", user=account.user).count()


def test_an_offer_is_the_pages_offer_and_can_be_withdrawn(
    account: Any, client: Any, tree: Any, roles: Any
) -> None:
    need = NeedFactory(area=tree.ruidu, title="社区法律咨询", specialties=["法律"])
    response = client.post(_offer_url(need))
    assert response.status_code == 201
    offer = NeedOffer.objects.get()
    assert (offer.need, offer.cadre, offer.withdrawn_at) == (need, account.cadre, None)
    assert response.json()["id"] == offer.pk and response.json()["need"]["id"] == need.pk
    page = client_for(account.user).get(reverse("retirees:take_part"))
    assert need.pk in page.context["offered"]
    matching = client_for(roles.secretary_a).get(reverse("cadres:need_detail", args=[need.pk]))
    assert f'data-cadre="{account.cadre.pk}"' in matching.content.decode()
    listed = client.get(reverse("api:my_offers")).json()
    assert [(row["id"], row["status"]) for row in listed] == [(offer.pk, _chinese("Open"))]

    assert client.delete(_offer_url(need)).status_code == 204
    assert NeedOffer.objects.get().withdrawn_at is not None
    assert client.get(reverse("api:my_offers")).json() == []
    assert client.delete(_offer_url(need)).status_code == 404
    assert _events("NeedOffer", account) == 2


def test_offering_twice_is_400_in_chinese(account: Any, client: Any, tree: Any) -> None:
    need = NeedFactory(area=tree.ruidu, specialties=["法律"])
    client.post(_offer_url(need))
    again = client.post(_offer_url(need))
    assert again.status_code == 400
    assert again.json() == {"detail": _chinese("You have offered to help already.")}
    assert NeedOffer.objects.count() == 1 and _events("NeedOffer", account) == 1


def test_needs_out_of_reach_and_anothers_offer_are_404(
    account: Any, client: Any, tree: Any
) -> None:
    elsewhere = NeedFactory(area=tree.wushan, specialties=["法律"])
    assert client.post(_offer_url(elsewhere)).status_code == 404
    assert client.post(reverse("api:my_need_offer", args=[10**30])).status_code == 404
    need = NeedFactory(area=tree.ruidu, specialties=["法律"])
    other = RetireeAccountFactory(area=tree.qiantaiju, cadre__specialties=["法律"])
    assert retiree_client(other).post(_offer_url(need)).status_code == 201
    assert client.delete(_offer_url(need)).status_code == 404
    assert NeedOffer.objects.get().withdrawn_at is None


def test_activities_sign_up_and_withdraw_as_on_the_page(
    account: Any, client: Any, tree: Any, roles: Any
) -> None:
    team = TeamFactory(area=tree.ruidu, name="瑞都志愿队")
    TeamMemberFactory(team=team, cadre=account.cadre)
    planned = PlannedActivityFactory(area=tree.ruidu, team=team, title="清洁行动")
    other = PlannedActivityFactory(area=tree.ruidu, title="别的队的活动")
    listed = client.get(reverse("api:my_activities")).json()
    assert [(row["id"], row["team"], row["signed_up"]) for row in listed] == [
        (planned.pk, "瑞都志愿队", False)
    ]
    response = client.post(_signup_url(planned))
    assert response.status_code == 201 and response.json()["signed_up"] is True
    signup = ActivitySignup.objects.get()
    assert (signup.planned, signup.cadre) == (planned, account.cadre)
    assert client.get(reverse("api:my_activities")).json()[0]["signed_up"] is True
    page = client_for(account.user).get(reverse("retirees:take_part"))
    assert page.context["activities"] == [(planned, signup)]
    detail = reverse("retirees:planned_detail", args=[planned.pk])
    assert account.cadre.name in client_for(roles.secretary_a).get(detail).content.decode()
    again = client.post(_signup_url(planned))
    assert again.json() == {"detail": _chinese("You have signed up already.")}

    assert client.delete(_signup_url(planned)).status_code == 204
    assert ActivitySignup.objects.get().withdrawn_at is not None
    assert _events("ActivitySignup", account) == 2
    assert client.post(_signup_url(other)).status_code == 404
    assert client.delete(_signup_url(other)).status_code == 404


def test_anothers_sign_up_is_404(account: Any, client: Any, tree: Any) -> None:
    planned = PlannedActivityFactory(area=tree.ruidu)
    other = RetireeAccountFactory(area=tree.qiantaiju)
    TeamMemberFactory(team=planned.team, cadre=other.cadre)
    assert retiree_client(other).post(_signup_url(planned)).status_code == 201
    assert client.delete(_signup_url(planned)).status_code == 404
    assert ActivitySignup.objects.get().withdrawn_at is None


def test_a_proposal_is_sent_and_read_back_with_the_reply(
    account: Any, client: Any, tree: Any
) -> None:
    body = {"title": "增设健身器材", "text": "建议在小区广场增设健身器材。"}
    response = client.post(reverse("api:my_proposals"), body, content_type=JSON)
    assert response.status_code == 201
    proposal = Proposal.objects.get()
    assert (proposal.cadre, proposal.area, proposal.title) == (
        account.cadre,
        tree.qiantaiju,
        "增设健身器材",
    )
    assert response.json()["status"] == Proposal.Status.SUBMITTED
    assert _events("Proposal", account) == 1
    ProposalFactory(
        area=tree.qiantaiju, cadre=account.cadre, title="已采纳", status="adopted", reply="好建议"
    )
    ProposalFactory(area=tree.qiantaiju, title="别人的建议")
    listed = client.get(reverse("api:my_proposals")).json()
    assert {row["title"] for row in listed} == {"增设健身器材", "已采纳"}
    adopted = next(row for row in listed if row["title"] == "已采纳")
    assert (adopted["reply"], adopted["status_display"]) == ("好建议", _chinese("Adopted"))


def test_a_bad_proposal_is_400_in_chinese_and_saves_nothing(account: Any, client: Any) -> None:
    response = client.post(
        reverse("api:my_proposals"), {"title": "  ", "text": "x" * 2001}, content_type=JSON
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["title"] == [_chinese("This field is required.")]
    assert "2000" in errors["text"][0] and "字符" in errors["text"][0]
    not_an_object = client.post(reverse("api:my_proposals"), ["a"], content_type=JSON)
    assert not_an_object.status_code == 400
    assert not_an_object.json() == {"detail": _chinese("The request body must be a JSON object.")}
    assert not Proposal.objects.exists() and _events("Proposal", account) == 0


def test_a_concern_is_the_secretarys_to_do_item(
    account: Any, client: Any, tree: Any, roles: Any
) -> None:
    body = {"kind": "neighbour", "text": "楼上邻居夜间噪音。", "may_phone": True}
    response = client.post(reverse("api:my_concerns"), body, content_type=JSON)
    assert response.status_code == 201
    concern = Concern.objects.get()
    assert (concern.cadre, concern.area, concern.kind, concern.may_phone) == (
        account.cadre,
        account.cadre.area,
        "neighbour",
        True,
    )
    assert response.json()["status"] == Concern.Status.OPEN
    items = todo_items(scope=scope_for_user(roles.secretary_a), today=clock.today())
    assert [item for item in items if item.kind == Kind.CONCERN]
    items = todo_items(scope=scope_for_user(roles.secretary_b), today=clock.today())
    assert not [item for item in items if item.kind == Kind.CONCERN]
    assert _events("Concern", account) == 1
    ConcernFactory(area=tree.qiantaiju, text="别人的事")
    listed = client.get(reverse("api:my_concerns")).json()
    assert [(row["id"], row["kind_display"]) for row in listed] == [
        (concern.pk, _chinese("A dispute with neighbours"))
    ]


def test_a_bad_concern_is_400_in_chinese_and_saves_nothing(account: Any, client: Any) -> None:
    body = {"kind": "nonsense", "text": ""}
    response = client.post(reverse("api:my_concerns"), body, content_type=JSON)
    assert response.status_code == 400
    errors = response.json()
    assert errors["text"] == [_chinese("This field is required.")]
    assert "nonsense" in errors["kind"][0]
    assert not Concern.objects.exists() and _events("Concern", account) == 0


CALLS = [
    ("get", "api:my_offers", False),
    ("get", "api:my_activities", False),
    ("get", "api:my_proposals", False),
    ("post", "api:my_proposals", False),
    ("get", "api:my_concerns", False),
    ("post", "api:my_concerns", False),
    ("post", "api:my_need_offer", True),
    ("delete", "api:my_need_offer", True),
    ("post", "api:my_activity_signup", True),
    ("delete", "api:my_activity_signup", True),
]


@pytest.mark.parametrize(("method", "name", "takes_id"), CALLS)
def test_staff_are_refused(method: str, name: str, takes_id: bool, tree: Any, roles: Any) -> None:
    need = NeedFactory(area=tree.ruidu)
    target = reverse(name, args=[need.pk]) if takes_id else reverse(name)
    for client in (staff_client(roles, roles.secretary_a), client_for(roles.district_admin)):
        assert getattr(client, method)(target, {}, content_type=JSON).status_code == 403
    assert not NeedOffer.objects.exists() and not Proposal.objects.exists()


def test_a_session_write_needs_the_csrf_token(account: Any) -> None:
    browser = client_for(account.user, enforce_csrf_checks=True)
    body = {"title": "建议", "text": "内容"}
    assert browser.post(reverse("api:my_proposals"), body, content_type=JSON).status_code == 403
    assert browser.get(reverse("api:my_proposals")).status_code == 200
    assert not Proposal.objects.exists()
