"""Faults: Redis gone while the portal runs. Pages serve, the queue says it is down."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cadres.checkins.links import checkin_public_path
from laoshan_portal.cache import FallbackRedisCache
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_gone(settings: Any) -> str:
    """The cache and the broker point at a port where no Redis answers."""
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "laoshan_portal.cache.FallbackRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.CELERY_BROKER_URL = url
    return url


def test_the_cache_falls_back_to_memory(redis_gone: str) -> None:
    cache.set("key", "value", 30)
    assert cache.get("key") == "value"
    assert cache.add("counter", 1)
    assert cache.incr("counter") == 2
    assert cache.get_many(["key"]) == {"key": "value"}


def test_pages_still_serve_and_healthz_says_what_is_down(
    redis_gone: str, tree: Any, roles: Any
) -> None:
    # The public check-in page counts requests in the cache for its rate limit.
    public = Client(enforce_csrf_checks=True)
    assert public.get(checkin_public_path(tree.ruidu)).status_code == 200
    client = client_for(roles.secretary_a)
    for name in ("home", "cadres:cadre_list", "reports:dashboard", "reports:report_list"):
        assert client.get(reverse(name)).status_code == 200, name
    health = Client().get("/healthz")
    assert health.status_code == 503
    checks = json.loads(health.content)["checks"]
    assert checks == {"database": "up", "cache": "down", "broker": "down"}


def test_the_fallback_is_this_class() -> None:
    backend = FallbackRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {})
    backend.set("a", 1)
    assert backend.get("a") == 1
    with pytest.raises(Exception):  # noqa: B017, PT011 - any Redis error: it is down
        backend.check_redis("healthz", "x")


def test_the_cache_makes_its_redis_client_once(monkeypatch: Any) -> None:
    """A client per call cost half a round trip; the one client serves every call."""
    import redis

    made = []
    original = redis.Redis.__init__

    def counted(self: Any, *args: Any, **kwargs: Any) -> None:
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counted)
    backend = FallbackRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {})
    for _ in range(3):
        backend.set("a", 1)
        assert backend.get("a") == 1  # from memory: nothing answers on that port
    assert len(made) == 1


def test_while_redis_is_gone_a_session_signed_out_elsewhere_is_over_here_too(
    redis_gone: str, roles: Any
) -> None:
    """Each process's memory stands in for the cache then; a session kept there would
    outlive its sign-out through another process, so sessions come from the database."""
    from django.contrib.sessions.models import Session

    client = client_for(roles.secretary_a)
    assert client.get(reverse("home")).status_code == 200
    Session.objects.filter(session_key=client.cookies["sessionid"].value).delete()  # elsewhere
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
