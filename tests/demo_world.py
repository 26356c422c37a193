"""The Laoshan demo (``manage.py seed_demo``), seeded once for the tests that read it.

Seeding the demo takes a minute or two; some thirty tests read it. The ``laoshan_demo``
fixture seeds it once per test process and moment and hands each module that asks for it
the same rows:

- On PostgreSQL the demo lives in a database of its own, cloned from the empty migrated
  test database when the run starts (``keep_an_empty_copy``, from ``django_db_setup`` in
  tests/conftest.py) and seeded, committed, the first time a module asks for it. While such
  a module runs, the default connection points at that database; each test runs in a
  transaction rolled back at its end, as any test, so the demo stays as seeded. A module
  that reads the demo holds demo tests only (``on_the_demo_database`` fails any other test
  that would find itself there).
- On SQLite (the embedded default) the module seeds the demo in a transaction of its own,
  rolled back at the module's end.

The demo is seeded at the module's moment (its ``clock`` marker, or the run's), with
``DEMO_PASSWORD`` as the accounts' password, its reports written under ``Demo.media``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connections, transaction
from django.test import override_settings

DEMO_PASSWORD = "Demo-Password-2026"
_SUFFIX = "_demo"


@dataclass(frozen=True)
class Demo:
    """What ``seed_demo`` printed, each app's first-run counts, and where its files are."""

    output: str
    media: Path
    made: dict[str, dict[str, int]] = field(default_factory=dict)


def counts_printed(output: str) -> dict[str, dict[str, int]]:
    """``volunteering: teams 35, members 410`` → ``{"volunteering": {"teams": 35, …}}``."""
    made: dict[str, dict[str, int]] = {}
    for label, summary in re.findall(r"^(\w+): (.+)$", output, flags=re.MULTILINE):
        pairs = [part.rsplit(" ", 1) for part in summary.split(", ")]
        if all(len(pair) == 2 and pair[1].isdigit() for pair in pairs):
            made[label] = {key: int(value) for key, value in pairs}
    return made


def _seed(moment: datetime, media: Path) -> Demo:
    out = StringIO()
    with (
        time_machine.travel(moment, tick=True),
        override_settings(MEDIA_ROOT=media, DEMO_PASSWORD=DEMO_PASSWORD),
        transaction.atomic(),  # one commit: a commit per row would take twice as long
    ):
        call_command("seed_demo", stdout=out)
    return Demo(out.getvalue(), media, counts_printed(out.getvalue()))


class _Databases:
    """The demo databases of this process: an empty copy of the test database, and one
    seeded database per moment."""

    def __init__(self) -> None:
        self.test_name = ""
        self.seeded: dict[datetime, tuple[str, Demo]] = {}

    @property
    def empty(self) -> str:
        return f"{self.test_name}{_SUFFIX}"

    def names(self) -> list[str]:
        return [self.empty, *(name for name, _ in self.seeded.values())]


_databases = _Databases()


def _on_postgresql() -> bool:
    return connections["default"].vendor == "postgresql"


def _execute(sql: str) -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute(sql)


def keep_an_empty_copy(blocker: Any) -> None:
    """Right after the test database is made, while nothing else is connected to it:
    copy it, empty and migrated, as the template of the demo databases."""
    if not _on_postgresql():
        return
    connection = connections["default"]
    _databases.test_name = connection.settings_dict["NAME"]
    with blocker.unblock():
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{_databases.empty}" WITH (FORCE)')
            cursor.execute(
                f'CREATE DATABASE "{_databases.empty}" TEMPLATE "{_databases.test_name}"'
            )


def drop_the_copies(blocker: Any) -> None:
    if not _databases.test_name:
        return
    connection = connections["default"]
    with blocker.unblock():
        connection.close()
        with connection._nodb_cursor() as cursor:
            for name in _databases.names():
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _point_at(name: str) -> None:
    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = name


def on_the_demo_database() -> bool:
    if not _databases.test_name:
        return False
    return connections["default"].settings_dict["NAME"].startswith(f"{_databases.empty}_")


def _seeded_database(
    moment: datetime, blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Demo]:
    if moment not in _databases.seeded:
        media = tmp_path_factory.mktemp("demo-media")
        name = f"{_databases.empty}_{len(_databases.seeded)}"
        with blocker.unblock():
            _execute(f'CREATE DATABASE "{name}" TEMPLATE "{_databases.empty}"')
            _point_at(name)
            try:
                _databases.seeded[moment] = (name, _seed(moment, media))
            finally:
                _point_at(_databases.test_name)
    return _databases.seeded[moment]


@pytest.fixture(scope="module")
def laoshan_demo(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Demo]:
    """The seeded demo for this module's tests (see the module's docstring)."""
    from tests.conftest import parse_moment, run_moment

    marker = request.node.get_closest_marker("clock")
    moment = parse_moment(marker.args[0]) if marker else run_moment()
    if _databases.test_name:
        name, seeded = _seeded_database(moment, django_db_blocker, tmp_path_factory)
        _point_at(name)
        try:
            yield seeded
        finally:
            _point_at(_databases.test_name)
        return
    with django_db_blocker.unblock(), transaction.atomic():
        yield _seed(moment, tmp_path_factory.mktemp("demo-media"))
        transaction.set_rollback(True)
