"""A web worker and a Celery worker start with every view loaded and what they loaded set
aside from the garbage collector (``laoshan_portal.processes``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

from laoshan_portal.processes import YOUNG_OBJECTS_COLLECTED_AFTER

REPORT = (
    "import gc, json, sys\n"
    "print(json.dumps({'frozen': gc.get_freeze_count(), 'young': gc.get_threshold()[0],\n"
    "    'tracked': len(gc.get_objects()),\n"
    "    'views': [m for m in ('reports.views', 'care.views', 'laoshan_portal.pdf')\n"
    "              if m in sys.modules]}))\n"
)


def _started(start: str) -> dict[str, object]:
    """What a process looks like after ``start`` ran in it."""
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", start + REPORT],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "laoshan_portal.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def _assert_settled(process: dict[str, object]) -> None:
    assert process["views"] == ["reports.views", "care.views", "laoshan_portal.pdf"]
    # Nearly everything the process holds is set aside; what is left is a few thousand.
    assert isinstance(process["frozen"], int) and isinstance(process["tracked"], int)
    assert process["frozen"] > 20 * process["tracked"]
    assert process["young"] == YOUNG_OBJECTS_COLLECTED_AFTER


def test_a_web_worker_loads_every_view_and_sets_it_aside() -> None:
    _assert_settled(_started("import laoshan_portal.wsgi\n"))


def test_a_celery_worker_does_so_before_it_forks_its_pool() -> None:
    start = (
        "import django; django.setup()\n"
        "from laoshan_portal.celery import app\n"
        "app.WorkController(app=app, pool_cls='solo')\n"
    )
    _assert_settled(_started(start))
