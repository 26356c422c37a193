"""What each pytest-xdist worker keeps to itself when the suite runs in parallel (``-n 2``).

pytest-django gives each worker its own test database (``test_<name>_gw0`` …) and each
test its own MEDIA_ROOT (``media`` in tests/conftest.py). Redis is one server for all:
each worker takes its own database on it, the base URL's database plus one plus the
worker's number (``redis://…/0``: gw0 → 1, gw1 → 2), for the cache (with its own key
prefix), the Celery broker and the result store. A test's real Celery worker then
consumes only its own worker's tasks, and ``cache.clear()`` (a FLUSHDB) empties only its
own database. Processes a test starts (a Celery worker) inherit the worker's REDIS_URL.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.test.utils import override_settings

# A Redis server has databases 0 to 15 unless configured otherwise.
REDIS_DATABASES = 16


def worker_id() -> str | None:
    """``gw0``, ``gw1`` … in an xdist worker; None in a run without workers."""
    return os.environ.get("PYTEST_XDIST_WORKER")


def worker_redis_url(base: str, worker: str) -> str:
    """The worker's own database on the Redis server of ``base``."""
    parts = urlsplit(base)
    database = int(parts.path.strip("/") or 0) + 1 + int(worker.removeprefix("gw"))
    if database >= REDIS_DATABASES:
        raise pytest.UsageError(
            f"xdist worker {worker} would use Redis database {database} of {base}: "
            "run fewer workers or start from a lower database"
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


def isolate_worker(config: pytest.Config) -> None:
    """Point this worker's cache, broker and result store at its own Redis database."""
    worker = worker_id()
    if worker is None or not settings.REDIS_URL:
        return
    url = worker_redis_url(settings.REDIS_URL, worker)
    os.environ["REDIS_URL"] = url
    cache: dict[str, Any] = {
        **settings.CACHES["default"],
        "LOCATION": url,
        "KEY_PREFIX": f"laoshan-{worker}",
    }
    isolated = override_settings(
        REDIS_URL=url, CACHES={"default": cache}, CELERY_BROKER_URL=url, CELERY_RESULT_BACKEND=url
    )
    isolated.enable()
    config.add_cleanup(isolated.disable)

    from laoshan_portal.celery import app as celery_app

    celery_app.conf.update(broker_url=url, result_backend=url)
