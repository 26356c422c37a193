"""App configuration of the to-do list."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TodoConfig(AppConfig):
    name = "todo"
    label = "todo"
    verbose_name = _("To-do list")

    def seed_demo(self) -> dict[str, int]:
        """The demo's late work for the to-do lists (``manage.py seed_demo``); idempotent."""
        from . import demo

        return demo.seed()
