"""The service-backed lane really runs on PostgreSQL, Redis and a Celery worker.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from laoshan_portal.accounts.tasks import sessions_clear_expired
from laoshan_portal.celery import app as celery_app

pytestmark = pytest.mark.services


@pytest.mark.django_db
def test_it_runs_on_postgresql_and_redis() -> None:
    assert connection.vendor == "postgresql"
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.set("lane-check", "redis", 5)
    assert cache.get("lane-check") == "redis"


@pytest.mark.django_db
def test_its_connections_compile_no_queries_just_in_time() -> None:
    """The care plans' coverage of a district took twice as long with PostgreSQL's JIT."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


@pytest.mark.django_db(transaction=True)
def test_it_clears_expired_sessions_through_a_real_worker() -> None:
    from celery.contrib.testing.worker import start_worker

    assert not celery_app.conf.task_always_eager
    assert celery_app.conf.broker_url.startswith("redis://")
    now = timezone.now()
    Session.objects.create(session_key="e" * 32, session_data="x", expire_date=now - timedelta(1))
    Session.objects.create(session_key="l" * 32, session_data="x", expire_date=now + timedelta(1))
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        result = sessions_clear_expired.delay()
        assert result.get(timeout=60) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["l" * 32]
