"""``seed_demo`` opens five retirees' accounts and lists them with their mobile numbers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from laoshan_portal import clock
from retirees import demo
from retirees.demo import DEMO_RETIREES
from retirees.models import Concern, CorrectionRequest, NeedOffer, Proposal, RetireeAccount
from retirees.selectors import own_hours, own_lectures
from tests.demo_world import DEMO_PASSWORD, Demo, laoshan_demo  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(laoshan_demo: Demo) -> str:  # noqa: F811 - the fixture's name
    return laoshan_demo.output


def test_it_opens_the_five_demo_retirees_and_lists_their_numbers(seeded: str) -> None:
    accounts = RetireeAccount.objects.select_related("cadre", "user")
    assert {account.cadre.name for account in accounts} == set(DEMO_RETIREES)
    for account in accounts:
        assert account.cadre.mobile in seeded
        assert account.cadre.name in seeded
    mobile = accounts.get(cadre__name="于通海").cadre.mobile
    client = Client()
    signed_in = client.post(
        reverse("retirees:login"), {"username": mobile, "password": DEMO_PASSWORD}
    )
    assert signed_in.status_code == 302
    page = client.get(reverse("retirees:home")).content.decode()
    assert "于通海" in page


def test_seeding_again_changes_nothing(seeded: str, settings: pytest.FixtureRequest) -> None:
    settings.DEMO_PASSWORD = DEMO_PASSWORD  # type: ignore[attr-defined]
    again = demo.seed()  # the accounts are reset, nothing is added
    assert (again["lectures"], again["taking part"]) == (0, 0)
    assert RetireeAccount.objects.count() == len(DEMO_RETIREES)
    pending = CorrectionRequest.objects.filter(status="pending")
    assert {c.cadre.name for c in pending} == set(DEMO_RETIREES)
    assert pending.count() == len(DEMO_RETIREES)
    # Each 我的 page is full, and the retirees have taken part once each way.
    for account in RetireeAccount.objects.all():
        assert own_lectures(account=account).count() >= 2
        assert own_hours(account=account, today=clock.today()).figures.total > 0
    assert NeedOffer.objects.count() == Proposal.objects.count() == Concern.objects.count() == 1
