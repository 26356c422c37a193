"""Background tasks of the registry (the Celery worker discovers them here)."""

from __future__ import annotations

from cadres.excel import cadre_import_task

__all__ = ["cadre_import_task"]
