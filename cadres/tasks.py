"""Background tasks of the registry (the Celery worker discovers them here)."""

from __future__ import annotations

from celery import shared_task

from .importing.previewing import import_check
from .importing.writing import import_run


@shared_task
def cadre_check_task(token: str, user_id: int) -> str:
    state: str = import_check(token=token, user_id=user_id)["state"]
    return state


@shared_task
def cadre_import_task(token: str, user_id: int, ip: str | None = None) -> str:
    state: str = import_run(token=token, user_id=user_id, ip=ip)["state"]
    return state
