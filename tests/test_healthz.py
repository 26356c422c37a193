"""``/healthz`` reports the database, the cache and the broker."""

from __future__ import annotations

import json
import socket

import pytest
from django.test import Client


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_it_is_up_when_everything_answers(settings: pytest.FixtureRequest) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "up"
    assert body["checks"]["database"] == "up"
    assert body["checks"]["cache"] == "up"


@pytest.mark.django_db
def test_it_is_503_when_the_cache_is_down(settings: pytest.FixtureRequest) -> None:
    settings.CACHES = {  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["cache"] == "down"


@pytest.mark.django_db
def test_it_is_503_when_the_broker_is_down(settings: pytest.FixtureRequest) -> None:
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"  # type: ignore[attr-defined]
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["broker"] == "down"


@pytest.mark.services
@pytest.mark.django_db
def test_it_checks_the_real_broker() -> None:
    response = Client().get("/healthz")
    assert json.loads(response.content)["checks"]["broker"] == "up"
    assert response.status_code == 200


@pytest.mark.django_db
def test_it_answers_any_host_name_and_plain_http(settings: pytest.FixtureRequest) -> None:
    settings.ALLOWED_HOSTS = ["portal.example.org"]  # type: ignore[attr-defined]
    settings.SECURE_SSL_REDIRECT = True  # type: ignore[attr-defined]
    assert Client().get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert Client().get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400
