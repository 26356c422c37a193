"""App configuration of the to-do list."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _care_figures_forgotten(**kwargs: Any) -> None:
    from django.db import transaction

    from laoshan_portal.celery import has_worker, queue_once

    def queue() -> None:
        if has_worker():
            queue_once("todo.tasks.keep_care_figures", [], lock="todo-care-figures", seconds=10)

    transaction.on_commit(queue, robust=True)


class TodoConfig(AppConfig):
    name = "todo"
    label = "todo"
    verbose_name = _("To-do list")

    def ready(self) -> None:
        """A plan or an area changed forgets every area's care figures: a worker, when
        there is one, works them out again at once (``tasks.keep_care_figures``)."""
        from django.db.models.signals import post_delete, post_save

        from care.models import CarePlan
        from laoshan_portal.accounts.models import Area

        for model in (CarePlan, Area):
            label = model._meta.label_lower
            post_save.connect(_care_figures_forgotten, sender=model, dispatch_uid=f"todo-{label}")
            post_delete.connect(
                _care_figures_forgotten, sender=model, dispatch_uid=f"todo-{label}-"
            )

    def seed_demo(self) -> dict[str, int]:
        """The demo's late work for the to-do lists (``manage.py seed_demo``); idempotent."""
        from . import demo

        return demo.seed()
