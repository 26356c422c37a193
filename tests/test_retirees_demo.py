"""``seed_demo`` opens five retirees' accounts and lists them with their mobile numbers."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from laoshan_portal import clock
from retirees.demo import DEMO_RETIREES
from retirees.models import Concern, CorrectionRequest, NeedOffer, Proposal, RetireeAccount
from retirees.selectors import own_hours, own_lectures

DEMO_PASSWORD = "Demo-Password-2026"


@pytest.fixture
def seeded(db: None, settings: pytest.FixtureRequest) -> str:
    settings.DEMO_PASSWORD = DEMO_PASSWORD  # type: ignore[attr-defined]
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


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


def test_seeding_again_changes_nothing(seeded: str) -> None:
    call_command("seed_demo", stdout=StringIO())
    assert RetireeAccount.objects.count() == len(DEMO_RETIREES)
    pending = CorrectionRequest.objects.filter(status="pending")
    assert {c.cadre.name for c in pending} == set(DEMO_RETIREES)
    assert pending.count() == len(DEMO_RETIREES)
    # Each 我的 page is full, and the retirees have taken part once each way.
    for account in RetireeAccount.objects.all():
        assert own_lectures(account=account).count() >= 2
        assert own_hours(account=account, today=clock.today()).figures.total > 0
    assert NeedOffer.objects.count() == Proposal.objects.count() == Concern.objects.count() == 1
