"""The public check-in page behind a community's QR code: the form, its refusals, its limits."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cadres.checkins import links, services
from cadres.models import CheckIn
from tests.checkin_helpers import ID_NUMBER, MOBILE, form_data, public_url
from tests.factories.accounts import AreaFactory
from tests.factories.cadres import id_number_for

pytestmark = pytest.mark.usefixtures("fresh_cache")


def test_it_keeps_what_was_typed_and_saves_nothing_on_an_error(tree: Any) -> None:
    response = Client().post(
        public_url(tree.ruidu), form_data(id_number=ID_NUMBER[:-1] + "0", mobile="123")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "请修改标红的内容" in body
    assert "身份证号校验位不正确" in body or "校验" in body
    assert "手机号" in body and 'value="王建国"' in body
    assert CheckIn.objects.count() == 0


def test_it_needs_consent(tree: Any) -> None:
    response = Client().post(public_url(tree.ruidu), form_data(consent=""))
    assert "请勾选同意" in response.content.decode()
    assert CheckIn.objects.count() == 0


def test_it_refuses_a_compound_of_another_community(tree: Any, db: None) -> None:
    elsewhere = AreaFactory(name="外区小区", level="compound", parent=tree.wushan)
    response = Client().post(public_url(tree.ruidu), form_data(compound=elsewhere.pk))
    assert response.status_code == 200
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize(
    "make_url",
    [
        lambda t: public_url(t.ruidu)[:-2] + "x/",  # tampered signature
        lambda t: reverse(
            "cadres:checkin_public",
            kwargs={"code": t.wushan.code, "signature": links.checkin_signature(t.ruidu)},
        ),
        lambda t: public_url(t.jinjialing),  # validly signed, but a street
        lambda t: public_url(t.qiantaiju),  # validly signed, but a compound
    ],
    ids=["tampered", "other-code", "street", "compound"],
)
def test_it_is_404_for_a_bad_link(make_url: Any, tree: Any) -> None:
    url = make_url(tree)
    assert Client().get(url).status_code == 404
    assert Client().post(url, form_data()).status_code == 404
    assert CheckIn.objects.count() == 0


def test_it_never_shows_other_peoples_data(tree: Any) -> None:
    services.checkin_submit(
        community=tree.ruidu,
        compound=None,
        name="李秀英",
        mobile="13800001111",
        id_number=id_number_for("19550101", serial="246"),
    )
    page = Client().get(public_url(tree.ruidu)).content.decode()
    done = Client().post(public_url(tree.ruidu), form_data()).content.decode()
    for body in (page, done):
        assert "李秀英" not in body and "13800001111" not in body
    # The confirmation echoes only the name and the community, not what identifies.
    assert MOBILE not in done and ID_NUMBER not in done


def test_it_enforces_csrf_on_the_public_form(tree: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(public_url(tree.ruidu), form_data()).status_code == 403
    assert CheckIn.objects.count() == 0
    client.get(public_url(tree.ruidu))
    token = client.cookies["csrftoken"].value
    response = client.post(public_url(tree.ruidu), {**form_data(), "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert CheckIn.objects.count() == 1


def test_it_limits_submissions_per_client(tree: Any) -> None:
    client = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(5):
        assert client.post(public_url(tree.ruidu), form_data()).status_code == 200
    response = client.post(public_url(tree.ruidu), form_data())
    assert response.status_code == 429
    assert "请求过于频繁" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert CheckIn.objects.count() == 5
    # Another phone is not held up by this one.
    other = Client(REMOTE_ADDR="10.9.9.10").post(public_url(tree.ruidu), form_data())
    assert other.status_code == 200


def test_it_limits_page_views_per_client(tree: Any) -> None:
    client = Client(REMOTE_ADDR="10.8.8.8")
    for _ in range(60):
        assert client.get(public_url(tree.ruidu)).status_code == 200
    response = client.get(public_url(tree.ruidu))
    assert response.status_code == 429
    assert "请求过于频繁" in response.content.decode()


def test_it_counts_guessed_links_against_the_limit(tree: Any) -> None:
    client = Client(REMOTE_ADDR="10.7.7.7")
    for n in range(60):
        client.get(f"/checkin/{tree.ruidu.code}/guess{n}/")
    assert client.get(public_url(tree.ruidu)).status_code == 429
