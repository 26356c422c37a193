"""The client's address behind reverse proxies: one function (``client_ip``) for the audit
trail, the sign-in lock-out and the rate limits; a forged X-Forwarded-For changes nothing.

The proxy is 127.0.0.1 (REMOTE_ADDR); it appends the address it was connected from.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import client_ip
from tests.factories.accounts import PASSWORD

LOGIN = reverse("accounts:login")
PROXY = "127.0.0.1"


def _request(forwarded: str | None = None) -> Any:
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def _through_proxy(client_address: str, forged: str = "") -> Client:
    """A browser at ``client_address`` reaching the portal through one proxy, having sent
    ``forged`` as its own X-Forwarded-For."""
    chain = f"{forged}, {client_address}" if forged else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


def test_without_proxies_it_is_the_connection_and_the_header_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.7")) == PROXY


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # forged left-most entry is not read
        (1, "6.6.6.6,203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "2001:db8::7", "2001:db8::7"),
        (1, None, PROXY),  # not through the proxy: the connection's address
        (2, "203.0.113.7", PROXY),  # fewer entries than proxies
        (1, "6.6.6.6, not-an-address", PROXY),
    ],
)
def test_behind_proxies_it_is_the_right_most_untrusted_entry(
    settings: Any, hops: int, forwarded: str | None, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = hops
    assert client_ip(_request(forwarded)) == expected


def test_a_lock_out_holds_one_client_not_everyone_behind_the_proxy(
    settings: Any, roles: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = _through_proxy("198.51.100.66")
    for _ in range(5):
        attacker.post(LOGIN, {"username": "sec_a", "password": "wrong"})
    locked = attacker.post(LOGIN, {"username": "sec_a", "password": PASSWORD})
    assert locked.status_code == 429
    # Forging another address in front does not lift it either.
    forged = _through_proxy("198.51.100.66", forged="192.0.2.1")
    assert forged.post(LOGIN, {"username": "sec_a", "password": PASSWORD}).status_code == 429
    # The secretary at her own desk signs in.
    own = _through_proxy("203.0.113.7")
    assert own.post(LOGIN, {"username": "sec_a", "password": PASSWORD}).status_code == 302
    signed_in = AuditEvent.objects.get(action="login", succeeded=True)
    assert signed_in.ip == "203.0.113.7"
    failures = AuditEvent.objects.filter(action="login_failed")
    assert set(failures.values_list("ip", flat=True)) == {"198.51.100.66"}


def test_rate_limits_count_each_client_behind_the_proxy(settings: Any, tree: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    url = f"/checkin/{tree.ruidu.code}/not-a-signature/"  # the public check-in's limit
    busy = _through_proxy("198.51.100.66")
    for _ in range(60):
        busy.get(url)
    assert busy.get(url).status_code == 429
    assert _through_proxy("203.0.113.7").get(url).status_code == 404
