"""A worker keeps its database connection from task to task, for CONN_MAX_AGE, as a web
process does between requests; Celery's own closing around every task is turned off."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from celery.fixups.django import DjangoWorkerFixup

from laoshan_portal import celery


class FakeTask:
    def __init__(self, *, eager: bool) -> None:
        self.request = SimpleNamespace(is_eager=eager)


def test_celery_does_not_close_the_connections_around_every_task() -> None:
    assert DjangoWorkerFixup(celery.app).db_reuse_max >= 1_000_000


def test_old_or_broken_connections_are_closed_around_a_worker_task(monkeypatch: Any) -> None:
    calls: list[str] = []
    monkeypatch.setattr(celery, "close_old_connections", lambda: calls.append("closed"))
    worker_task = FakeTask(eager=False)
    celery.signals.task_prerun.send(sender=worker_task, task_id="1", task=worker_task)
    celery.signals.task_postrun.send(sender=worker_task, task_id="1", task=worker_task)
    assert calls == ["closed", "closed"]


def test_a_task_run_in_its_callers_process_leaves_the_connections_alone(monkeypatch: Any) -> None:
    calls: list[str] = []
    monkeypatch.setattr(celery, "close_old_connections", lambda: calls.append("closed"))
    eager_task = FakeTask(eager=True)
    celery.signals.task_prerun.send(sender=eager_task, task_id="1", task=eager_task)
    assert calls == []
