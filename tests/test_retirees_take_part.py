"""Taking part: a retiree sees the open needs of their street that fit their specialties,
offers to help and withdraws; the secretary sees the offer first on the need's matching
page; proposals are answered by the community and the retiree reads the answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cadres.models import Need
from laoshan_portal.audit.models import AuditEvent
from retirees.models import NeedOffer, Proposal
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory, NeedFactory
from tests.factories.retirees import ProposalFactory, RetireeAccountFactory


@pytest.fixture
def account(tree: Any) -> Any:
    return RetireeAccountFactory(area=tree.qiantaiju, cadre__specialties=["法律"])


def _page(account: Any) -> str:
    return client_for(account.user).get(reverse("retirees:take_part")).content.decode()


def _offer(account: Any, need: Need) -> Any:
    return client_for(account.user).post(reverse("retirees:need_offer"), {"need": need.pk})


def test_a_retiree_sees_exactly_the_open_needs_of_their_street_that_fit(
    account: Any, tree: Any
) -> None:
    shown = [
        NeedFactory(area=tree.ruidu, title="社区法律咨询", specialties=["法律"]),
        NeedFactory(area=tree.miaoling, title="街道普法讲座", specialties=["法律"]),
        NeedFactory(area=tree.jinjialing, title="街道志愿服务"),
    ]
    hidden = [
        NeedFactory(area=tree.ruidu, title="书法培训", specialties=["书法"]),
        NeedFactory(area=tree.wushan, title="外街道法律咨询", specialties=["法律"]),
        NeedFactory(area=tree.ruidu, title="已匹配需求", status=Need.Status.MATCHED),
    ]
    page = _page(account)
    for need in shown:
        assert need.title in page
    for need in hidden:
        assert need.title not in page


def test_sign_up_and_withdraw_are_audited(account: Any, tree: Any) -> None:
    need = NeedFactory(area=tree.ruidu, title="社区法律咨询", specialties=["法律"])
    assert _offer(account, need).status_code == 302
    offer = NeedOffer.objects.get()
    assert (offer.need, offer.cadre, offer.withdrawn_at) == (need, account.cadre, None)
    assert "You have offered" not in _page(account)  # the page speaks Chinese
    assert "您已报名" in _page(account)
    withdraw = reverse("retirees:offer_withdraw")
    assert client_for(account.user).post(withdraw, {"offer": offer.pk}).status_code == 302
    assert NeedOffer.objects.get().withdrawn_at is not None
    events = AuditEvent.objects.filter(object_type="retirees.NeedOffer", user=account.user)
    assert events.count() == 2


def test_a_need_out_of_reach_cannot_be_offered(account: Any, tree: Any) -> None:
    elsewhere = NeedFactory(area=tree.wushan, specialties=["法律"])
    assert _offer(account, elsewhere).status_code == 404
    assert not NeedOffer.objects.exists()


def test_another_retirees_offer_is_404(account: Any, tree: Any) -> None:
    need = NeedFactory(area=tree.ruidu, specialties=["法律"])
    other = RetireeAccountFactory(area=tree.qiantaiju, cadre__specialties=["法律"])
    _offer(other, need)
    offer = NeedOffer.objects.get()
    withdraw = reverse("retirees:offer_withdraw")
    assert client_for(account.user).post(withdraw, {"offer": offer.pk}).status_code == 404
    assert NeedOffer.objects.get().withdrawn_at is None


def test_the_offer_shows_first_on_the_matching_page(account: Any, tree: Any, roles: Any) -> None:
    need = NeedFactory(area=tree.ruidu, specialties=["法律"])
    for _ in range(3):
        CadreFactory(area=tree.ruidu, specialties=["法律"])
    _offer(account, need)
    secretary = client_for(roles.secretary_a)
    page = secretary.get(reverse("cadres:need_detail", args=[need.pk])).content.decode()
    assert 'data-testid="volunteered"' in page
    assert page.index(f'data-cadre="{account.cadre.pk}"') < page.index("data-cadre=", 0) + 1
    assign = reverse("cadres:need_assign", args=[need.pk])
    assert secretary.post(assign, {"cadre": account.cadre.pk}).status_code == 302
    assert need.assignments.filter(cadre=account.cadre).exists()


def test_a_withdrawn_offer_is_not_marked(account: Any, tree: Any, roles: Any) -> None:
    need = NeedFactory(area=tree.ruidu, specialties=["法律"])
    _offer(account, need)
    offer = NeedOffer.objects.get()
    client_for(account.user).post(reverse("retirees:offer_withdraw"), {"offer": offer.pk})
    page = client_for(roles.secretary_a).get(reverse("cadres:need_detail", args=[need.pk]))
    assert 'data-testid="volunteered"' not in page.content.decode()


def test_a_proposal_is_adopted_and_the_retiree_reads_the_reply(account: Any, roles: Any) -> None:
    sent = client_for(account.user).post(
        reverse("retirees:proposal_new"), {"title": "增设座椅", "text": "小区门口增设座椅。"}
    )
    assert sent.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.area == account.cadre.area
    secretary = client_for(roles.secretary_a)
    assert "增设座椅" in secretary.get(reverse("retirees:proposal_list")).content.decode()
    decide = reverse("retirees:proposal_decide", args=[proposal.pk])
    secretary.post(decide, {"decision": "adopt", "reply": "已安排物业落实"})
    assert Proposal.objects.get().status == Proposal.Status.ADOPTED
    page = _page(account)
    assert "已安排物业落实" in page and "采纳" in page
    assert AuditEvent.objects.filter(object_type="retirees.Proposal").count() == 2


def test_a_declined_proposal_needs_a_reply(account: Any, roles: Any) -> None:
    proposal = ProposalFactory(area=account.cadre.area, cadre=account.cadre)
    secretary = client_for(roles.secretary_a)
    decide = reverse("retirees:proposal_decide", args=[proposal.pk])
    secretary.post(decide, {"decision": "decline", "reply": ""})
    assert Proposal.objects.get().status == Proposal.Status.SUBMITTED
    secretary.post(decide, {"decision": "decline", "reply": "经费不足"})
    assert Proposal.objects.get().status == Proposal.Status.DECLINED
    assert "未采纳" in _page(account)


def test_an_empty_proposal_saves_nothing(account: Any) -> None:
    page = client_for(account.user).post(reverse("retirees:proposal_new"), {"title": ""})
    assert page.status_code == 200
    assert "这个字段是必填项" in page.content.decode()
    assert not Proposal.objects.exists()


def test_proposals_out_of_scope_are_404(account: Any, roles: Any) -> None:
    proposal = ProposalFactory(area=account.cadre.area, cadre=account.cadre)
    decide = reverse("retirees:proposal_decide", args=[proposal.pk])
    response = client_for(roles.secretary_b).post(decide, {"decision": "adopt", "reply": "好"})
    assert response.status_code == 404
    assert Proposal.objects.get().status == Proposal.Status.SUBMITTED
