"""A long-running process of the portal, made ready before its first request or task.

A web worker (``wsgi``) or a Celery worker's process (``celery``) holds for its whole life
the objects it loads first: the apps and models, every view the URLs name and what those
import (the PDF renderer, the spreadsheet readers). Python's cycle collector walked those
hundreds of thousands of objects again and again without ever finding garbage among
them: a tenth of a monthly report's rendering, a twentieth of a page's time.
``settle_for_serving`` loads them all, sets them aside from the collector for good
(``gc.freeze``), and lets young objects pile up longer before each collection (a page or
a PDF makes many that live as long as it). docs/PERFORMANCE.md ("thirteenth round") has
the measurements.
"""

from __future__ import annotations

import gc

from django.urls import get_resolver

# Allocations between two collections of the youngest objects (Python's default: 700).
YOUNG_OBJECTS_COLLECTED_AFTER = 7_000


def settle_for_serving() -> None:
    """Load every view, then leave what is loaded to the process's end (no more cycle
    collections over it)."""
    get_resolver().url_patterns  # noqa: B018 - imports every view and what it uses
    gc.collect()
    gc.freeze()
    _middle, oldest = gc.get_threshold()[1:]
    gc.set_threshold(YOUNG_OBJECTS_COLLECTED_AFTER, _middle, oldest)
