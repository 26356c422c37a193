"""A web worker and a Celery worker start with every view loaded and what they loaded set
aside from the garbage collector (``laoshan_portal.processes``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from laoshan_portal.processes import YOUNG_OBJECTS_COLLECTED_AFTER

REPORT = (
    "import gc, json, sys\n"
    "print(json.dumps({'frozen': gc.get_freeze_count(), 'young': gc.get_threshold()[0],\n"
    "    'tracked': len(gc.get_objects()),\n"
    "    'views': [m for m in ('reports.views', 'care.views', 'laoshan_portal.pdf')\n"
    "              if m in sys.modules]}))\n"
)


WEB = "import laoshan_portal.wsgi\n"
WORKER = (
    "import django; django.setup()\n"
    "from laoshan_portal.celery import app\n"
    "app.WorkController(app=app, pool_cls='solo')\n"
)


def _started(start: str, report: str = REPORT, **env: str) -> Any:
    """What a process looks like after ``start`` ran in it (with ``env`` added to ours)."""
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", start + report],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "laoshan_portal.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def _assert_settled(process: dict[str, object]) -> None:
    assert process["views"] == ["reports.views", "care.views", "laoshan_portal.pdf"]
    # Nearly everything the process holds is set aside; what is left is a few thousand.
    assert isinstance(process["frozen"], int) and isinstance(process["tracked"], int)
    assert process["frozen"] > 20 * process["tracked"]
    assert process["young"] == YOUNG_OBJECTS_COLLECTED_AFTER


def test_a_web_worker_loads_every_view_and_sets_it_aside() -> None:
    _assert_settled(_started(WEB))


def test_a_celery_worker_does_so_before_it_forks_its_pool() -> None:
    _assert_settled(_started(WORKER))


PARALLEL = (
    "import json\n"
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    '    cursor.execute("SELECT setting, source FROM pg_settings"\n'
    "                   \" WHERE name = 'max_parallel_workers_per_gather'\")\n"
    "    print(json.dumps(cursor.fetchone()))\n"
)


@pytest.mark.services
@pytest.mark.django_db
def test_a_workers_queries_leave_the_cpus_to_the_other_tasks() -> None:
    """The pool's processes keep the CPUs busy, one task each: a query of theirs asks
    PostgreSQL for no parallel workers; a web process's keep PostgreSQL's own setting."""
    test_database = f"/{connection.settings_dict['NAME']}"
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path=test_database).geturl()
    assert _started(WORKER, PARALLEL, DATABASE_URL=url) == ["0", "client"]
    assert _started(WEB, PARALLEL, DATABASE_URL=url)[1] != "client"  # as the server is set
