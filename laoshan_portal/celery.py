"""The Celery application: configured from Django settings (``CELERY_*``)."""

from __future__ import annotations

import logging
import os
from importlib import import_module
from typing import Any

from celery import Celery, signals
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoshan_portal.settings")

logger = logging.getLogger(__name__)
app = Celery("laoshan_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Celery's Django fix-up closes the database connections before and after every task,
# unless told to keep them for this many tasks: each task then paid for a new
# PostgreSQL connection and the new server process's empty caches (about 50 ms of a
# monthly report). A worker keeps its connections instead, as a web process does between
# requests: for CONN_MAX_AGE, and closed at once when broken (``_close_old_connections``).
app.conf.CELERY_DB_REUSE_MAX = 1_000_000_000
app.autodiscover_tasks()


def _close_old_connections(sender: Any = None, **kwargs: Any) -> None:
    """Close the connections that are older than CONN_MAX_AGE or broken, as Django does
    around each request (a task run in its caller's process leaves them to the caller)."""
    if not getattr(getattr(sender, "request", None), "is_eager", False):
        close_old_connections()


signals.task_prerun.connect(_close_old_connections)
signals.task_postrun.connect(_close_old_connections)


def _settle(**kwargs: Any) -> None:
    """The worker, before it forks its pool: every view and what it uses loaded, then set
    aside from the garbage collector (``processes.settle_for_serving``); each process of
    the pool starts with them loaded and set aside, and its queries side by side with the
    other processes' (``_queries_side_by_side``)."""
    from laoshan_portal.processes import settle_for_serving

    _queries_side_by_side()
    settle_for_serving()


def _queries_side_by_side() -> None:
    """The worker's connections to PostgreSQL ask for ``WORKER_PARALLEL_QUERY_WORKERS``
    parallel workers per query (none unless set): the pool's processes already keep the
    CPUs busy, one task each."""
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    options = connection.settings_dict.setdefault("OPTIONS", {})
    wanted = f"-c max_parallel_workers_per_gather={settings.WORKER_PARALLEL_QUERY_WORKERS}"
    if wanted not in options.get("options", ""):
        options["options"] = f"{options.get('options', '')} {wanted}".strip()
    if not connection.in_atomic_block:
        connection.close()  # the next one is opened with it


signals.worker_init.connect(_settle)


def task(name: str) -> Any:
    """The task registered as ``name`` (``app.module.function``), for a service to send.

    Tasks import their app's services, never the other way round: a service that queues
    work names the task instead of importing it, so the layers have no import cycle.
    """
    if name not in app.tasks:
        import_module(name.rpartition(".")[0])
    return app.tasks[name]


def has_worker() -> bool:
    """Whether tasks go to a worker through a broker, rather than run in their caller (the
    embedded default): a page may then leave slow counting to the worker."""
    return not app.conf.task_always_eager


def queue_once(name: str, args: list[Any], *, lock: str, seconds: int = 60) -> bool:
    """Send the task ``name`` with ``args`` to a worker, once per ``seconds`` at most for
    ``lock``. False when it was sent already or the broker is down (logged): the page
    shows what it has, and a later view asks again."""
    from django.core.cache import cache

    if not cache.add(lock, 1, timeout=seconds):
        return False
    try:
        task(name).apply_async(args=args, retry=False)
    except Exception as error:  # noqa: BLE001 - any broker failure: the page still answers
        cache.delete(lock)
        logger.warning("%s%s not queued: %s", name, tuple(args), error)
        return False
    return True
