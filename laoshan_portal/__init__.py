"""The Laoshan retired-cadre affairs portal: project package and cross-cutting apps."""

from __future__ import annotations

from .celery import app as celery_app

__all__ = ["celery_app"]
