"""The Celery application: configured from Django settings (``CELERY_*``)."""

from __future__ import annotations

import os
from importlib import import_module
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoshan_portal.settings")

app = Celery("laoshan_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def task(name: str) -> Any:
    """The task registered as ``name`` (``app.module.function``), for a service to send.

    Tasks import their app's services, never the other way round: a service that queues
    work names the task instead of importing it, so the layers have no import cycle.
    """
    if name not in app.tasks:
        import_module(name.rpartition(".")[0])
    return app.tasks[name]
