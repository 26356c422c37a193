"""``/healthz``: is the database, the cache and (when configured) the broker reachable?"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key, value = "healthz", uuid.uuid4().hex
    if hasattr(cache, "check_redis"):  # Redis itself, not the memory that stands in for it
        cache.check_redis(key, value)
        return
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("cache did not return what was stored")


def broker_ping(timeout: float = 2) -> None:
    """Raises unless the Redis broker answers within ``timeout`` seconds."""
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_connect_timeout=timeout, socket_timeout=timeout
    )
    try:
        client.ping()
    finally:
        client.close()


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database, "cache": _cache}
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        checks["broker"] = broker_ping
    states: dict[str, str] = {}
    for name, check in checks.items():
        try:
            check()
        except Exception:  # any failure means "down"; the details go to the log
            log.exception("health check %s failed", name)
            states[name] = "down"
        else:
            states[name] = "up"
    if "broker" not in states:
        states["broker"] = "not configured"
    healthy = all(state != "down" for state in states.values())
    return JsonResponse(
        {"status": "up" if healthy else "down", "checks": states}, status=200 if healthy else 503
    )


class HealthCheckMiddleware:
    """Answers ``/healthz`` before host validation and HTTPS redirects.

    Load balancers and the container's health check probe over plain HTTP with an address
    for a host name; neither should need to appear in ALLOWED_HOSTS.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz" and request.method == "GET":
            return healthz(request)
        return self.get_response(request)
