"""The retiree's own endpoints: exactly their own record (masked as on 我的), hours,
stars and certificates, the open needs of their community and street, and nobody else's;
staff tokens are refused there, retiree tokens on every staff endpoint."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from laoshan_portal import clock
from retirees import selectors
from retirees.views.mine import record_rows
from tests.api_world import retiree_client, staff_client
from tests.conftest import client_for
from tests.factories.cadres import NeedFactory
from tests.factories.retirees import RetireeAccountFactory
from tests.factories.volunteering import (
    CertificateFactory,
    ServiceActivityFactory,
    ServiceRecordFactory,
)

MINE = ["api:me", "api:my_hours", "api:my_stars", "api:my_certificates", "api:my_needs"]
MINE += ["api:my_certificate_pdf"]
STAFF = ["api:cadre_list", "api:service_activity_list", "api:workroom_activity_list"]
STAFF += ["api:need_list"]

pytestmark = pytest.mark.usefixtures("fresh_cache")


@pytest.fixture
def account(tree: Any) -> Any:
    return RetireeAccountFactory(
        area=tree.qiantaiju,
        cadre__name="于通海",
        cadre__id_number="370212196309120011",
        cadre__former_unit="崂山区税务局",
    )


@pytest.fixture
def neighbour(tree: Any) -> Any:
    return RetireeAccountFactory(area=tree.qiantaiju, cadre__name="韩卫")


def _hours(cadre: Any, day: date, hours: str) -> None:
    activity = ServiceActivityFactory(area=cadre.area, date=day)
    ServiceRecordFactory(activity=activity, cadre=cadre, date=day, hours=Decimal(hours))


def test_me_is_my_record_masked_as_on_my_page(account: Any, neighbour: Any) -> None:
    response = retiree_client(account).get(reverse("api:me"))
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "于通海" and body["area_id"] == account.cadre.area_id
    expected = record_rows(selectors.own_record(account=account))
    assert [(row["caption"], row["value"]) for row in body["rows"]] == expected
    text = response.content.decode()
    assert "370212196309120011" not in text and "3702**********0011" in text
    assert account.cadre.mobile not in text
    assert "韩卫" not in text


def test_my_hours_and_stars_are_the_page_figures(account: Any, neighbour: Any) -> None:
    cadre = account.cadre
    for day in (1, 2, 3):
        _hours(cadre, date(2025, 6, day), "20")
    _hours(cadre, date(2026, 3, 5), "24")
    _hours(cadre, date(2026, 3, 6), "6")
    _hours(cadre, date(2026, 3, 20), "20")
    _hours(neighbour.cadre, date(2026, 3, 5), "23.5")
    client = retiree_client(account)
    hours = client.get(reverse("api:my_hours")).json()
    assert hours["total"] == "110.0"
    assert hours["by_year"] == [{"year": 2026, "hours": "50.0"}, {"year": 2025, "hours": "60.0"}]
    assert hours["by_month"] == [
        {"year": 2026, "month": 3, "hours": "50.0"},
        {"year": 2025, "month": 6, "hours": "60.0"},
    ]
    own = selectors.own_hours(account=account, today=clock.today())
    assert Decimal(hours["this_year"]) == own.figures.this_year
    stars = client.get(reverse("api:my_stars")).json()
    assert stars == {"stars": 1, "total": "110.0", "next_star_at": "300.0", "to_next_star": "190.0"}
    page = client_for(account.user).get(reverse("retirees:home")).content.decode()
    assert "190" in page


def test_my_certificates_are_mine_with_their_pdf(account: Any, neighbour: Any) -> None:
    mine = CertificateFactory(area=account.cadre.area, cadre=account.cadre)
    other = CertificateFactory(area=neighbour.cadre.area, cadre=neighbour.cadre)
    body = retiree_client(account).get(reverse("api:my_certificates")).json()
    assert [found["number"] for found in body] == [mine.number]
    client = retiree_client(account)
    pdf = client.get(body[0]["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    theirs = f"{reverse('api:my_certificate_pdf')}?number={other.number}"
    assert client.get(theirs).status_code == 404


def test_my_needs_are_the_open_ones_of_my_street_as_on_the_take_part_page(
    account: Any, tree: Any
) -> None:
    community = NeedFactory(area=tree.ruidu, title="社区需求")
    compound = NeedFactory(area=tree.qiantaiju, title="小区需求")
    street = NeedFactory(area=tree.jinjialing, title="街道需求")
    neighbours = NeedFactory(area=tree.miaoling, title="同街道别的社区")
    NeedFactory(area=tree.ruidu, title="已对接", status="matched")
    NeedFactory(area=tree.wushan, title="别的街道")
    body = retiree_client(account).get(reverse("api:my_needs")).json()
    found = {need["id"] for need in body["results"]}
    assert found == {community.pk, compound.pk, street.pk, neighbours.pk}
    page = client_for(account.user).get(reverse("retirees:take_part"))
    assert {need.pk for need in page.context["needs"]} == found


@pytest.mark.parametrize("name", STAFF)
def test_a_retiree_token_is_refused_on_staff_endpoints(name: str, account: Any) -> None:
    assert retiree_client(account).get(reverse(name)).status_code == 403
    assert client_for(account.user).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", MINE)
def test_staff_are_refused_on_the_retirees_own_endpoints(name: str, roles: Any) -> None:
    assert staff_client(roles, roles.secretary_a).get(reverse(name)).status_code == 403
    assert client_for(roles.district_admin).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", MINE)
def test_anonymous_callers_are_asked_to_sign_in(name: str, db: None) -> None:
    from django.test import Client

    assert Client().get(reverse(name)).status_code in {401, 403}
