"""Background tasks of accounts: they load nothing themselves and call a service."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def sessions_clear_expired() -> int:
    return services.sessions_clear_expired()
