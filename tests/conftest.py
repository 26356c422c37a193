"""Fixtures shared by the whole suite: an area tree, the role matrix, the clock, and each
test's own MEDIA_ROOT (``media``); tests/parallel.py keeps xdist workers apart.

The tree has two districts so that even district-wide roles have something out of scope:

    崂山区 ── 金家岭街道 ── 瑞都社区 (A) ── 千泰居小区
          │            └─ 苗岭社区
          └─ 中韩街道 ──── 午山社区 (B)
    市南区 ── 八大峡街道 ── 团岛社区

The clock is fixed for the whole run, before any test module is imported: no test reads
the real date. Every test starts at the run's moment (``--clock``, default ``DEFAULT_CLOCK``)
and the clock runs on from there; a test whose data sit on given dates states the moment it
lives at with ``@pytest.mark.clock("2026-11-20T10:00+08:00")``. The live server's thread and
in-process workers share the fixed clock (time-machine patches the process). The ``clock``
fixture is the test's traveller: ``clock.move_to(...)``, ``clock.shift(...)``.
``scripts/clock_matrix.sh`` runs the suite at the year's awkward moments (docs/ARCHITECTURE.md:
"Dates and the clock").
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from laoshan_portal.accounts.models import Area, Role, User
from laoshan_portal.accounts.twofactor import SESSION_KEY as OTP_SESSION_KEY
from laoshan_portal.accounts.twofactor import otp_required
from tests.demo_world import drop_the_copies, keep_an_empty_copy, on_the_demo_database
from tests.factories.accounts import AreaFactory, StaffFactory
from tests.parallel import isolate_worker, worker_id

SERVICES = bool(os.environ.get("DATABASE_URL", "").startswith("postgres")) and bool(
    os.environ.get("REDIS_URL")
)
# CI sets this: a skipped test there means a lane did not run, which is a failure.
STRICT = os.environ.get("LAOSHAN_FORBID_SKIPS") == "1"
_skipped: list[str] = []


# The moment a run lives at unless told otherwise: a weekday morning in Beijing.
DEFAULT_CLOCK = "2026-12-04T10:00:00+08:00"
BEIJING = ZoneInfo("Asia/Shanghai")
_run_clock: dict[str, datetime] = {}


def parse_moment(text: str) -> datetime:
    """An ISO moment (Beijing time when it names no offset), or ``today``: the real now."""
    if text.strip().lower() in {"today", "now", "real"}:
        return datetime.now(tz=BEIJING)
    moment = datetime.fromisoformat(text.strip())
    return in_beijing(moment if moment.tzinfo else moment.replace(tzinfo=BEIJING))


def in_beijing(moment: datetime) -> datetime:
    """The same instant on Beijing's clock. time-machine sets the process's local zone
    (TZ) from the zone of the moment it travels to; Django sets it to TIME_ZONE, and naive
    local times (a file's upload folder) must keep reading Beijing's."""
    return moment.astimezone(BEIJING)


class Clock:
    """A test's clock: ``move_to`` an instant (in any zone), ``shift`` by a timedelta."""

    def __init__(self, traveller: time_machine.Coordinates) -> None:
        self._traveller = traveller

    def move_to(self, moment: datetime) -> None:
        self._traveller.move_to(in_beijing(moment))

    def shift(self, delta: Any) -> None:
        self._traveller.shift(delta)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock",
        default=os.environ.get("LAOSHAN_TEST_CLOCK", DEFAULT_CLOCK),
        help="the moment the run lives at: ISO 8601 (Beijing time without an offset) or "
        f"'today' for the real now; default {DEFAULT_CLOCK} (or LAOSHAN_TEST_CLOCK)",
    )
    parser.addoption(
        "--unpinned-only",
        action="store_true",
        help="leave out the tests a clock marker pins to a moment: they run alike at any "
        "--clock (scripts/clock_matrix.sh --dates)",
    )


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Hashing with PBKDF2 is the point in production and only slowness in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    isolate_worker(config)
    # Fixed before collection, so that dates a test module computes on import are too.
    moment = parse_moment(config.getoption("--clock"))
    _run_clock["moment"] = moment
    traveller = time_machine.travel(moment, tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)
    if SERVICES:
        _flush_past_the_audit_truncate_trigger()


def _flush_past_the_audit_truncate_trigger() -> None:
    """Transactional tests end by emptying every table with one TRUNCATE, which the audit
    trail's trigger refuses (migration audit 0003): the tests' role owns the tables and
    lifts the trigger for that statement only. The portal's runtime role cannot."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    flush = DatabaseOperations.sql_flush

    def sql_flush(self: Any, style: Any, tables: Any, **options: Any) -> list[str]:
        statements = flush(self, style, tables, **options)
        if "audit_auditevent" not in tables:
            return statements
        trigger = "ALTER TABLE audit_auditevent {} TRIGGER audit_event_no_truncate;"
        return [trigger.format("DISABLE"), *statements, trigger.format("ENABLE")]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]


def pytest_report_header(config: pytest.Config) -> str:
    return f"clock: {_run_clock['moment'].isoformat()} (fixed; --clock moves it)"


def run_moment() -> datetime:
    """The moment this run lives at (``--clock``)."""
    return _run_clock["moment"]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Each test's uploads, photos and reports land in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def query_budget(django_assert_num_queries: Any) -> Callable[..., None]:
    """``query_budget(client, url, queries, grow)``: the page answers in ``queries`` queries,
    and in as many again once ``grow()`` has added rows. A request before each warms the
    session (its own refresh is not the page's) and what the cache keeps until a change
    (``laoshan_portal.kept``: permissions, the area tree, select boxes' options), which
    the rows ``grow()`` adds may make it read once again."""

    def check(client: Client, url: str, queries: int, grow: Callable[[], Any]) -> None:
        client.get(url)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
        grow()
        client.get(url)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200

    return check


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    """An empty cache before and after the test: rate limits count there."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_kept_coverage() -> None:
    """Coverage figures kept by an earlier test counted rows that test's rollback undid."""
    from care.coverage import coverage_changed

    coverage_changed()


@pytest.fixture(autouse=True)
def no_kept_values() -> None:
    """Values kept by an earlier test (laoshan_portal.kept) read rows its rollback undid."""
    from laoshan_portal.kept import forget

    forget()


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> Iterator[None]:
    """The test database, and a copy of it for the demo when a test reads the demo
    (tests/demo_world.py)."""
    if any("laoshan_demo" in item.fixturenames for item in request.session.items):
        keep_an_empty_copy(django_db_blocker)
    yield
    drop_the_copies(django_db_blocker)


@pytest.fixture(autouse=True)
def on_its_own_database(request: pytest.FixtureRequest) -> None:
    """A test that does not read the demo never runs on the demo's database: a module that
    reads it holds demo tests only (tests/demo_world.py)."""
    if "laoshan_demo" not in request.fixturenames and on_the_demo_database():
        pytest.fail("a module that reads the demo (laoshan_demo) holds demo tests only")


@pytest.fixture(autouse=True)
def clock(request: pytest.FixtureRequest) -> Iterator[Clock]:
    """Every test starts at its moment: its ``clock`` marker's, or the run's."""
    marker = request.node.get_closest_marker("clock")
    moment = parse_moment(marker.args[0]) if marker else run_moment()
    with time_machine.travel(moment, tick=True) as traveller:
        yield Clock(traveller)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # With xdist the workers' reports reach the controller too: it alone says so.
    if STRICT and _skipped and worker_id() is None:
        print(f"\nLAOSHAN_FORBID_SKIPS=1 but {len(_skipped)} tests were skipped:")
        for nodeid in _skipped:
            print(f"  {nodeid}")
        session.exitstatus = 1


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--unpinned-only"):
        pinned = [item for item in items if item.get_closest_marker("clock")]
        if pinned:
            config.hook.pytest_deselected(items=pinned)
            items[:] = [item for item in items if not item.get_closest_marker("clock")]
    if SERVICES:
        return
    skip = pytest.mark.skip(reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


@dataclass
class Tree:
    laoshan: Area
    jinjialing: Area
    ruidu: Area
    qiantaiju: Area
    miaoling: Area
    zhonghan: Area
    wushan: Area
    shinan: Area
    badaxia: Area
    tuandao: Area


@pytest.fixture
def tree(db: None) -> Tree:
    laoshan = AreaFactory(code="370212", name="崂山区", level=Area.Level.DISTRICT)
    jinjialing = AreaFactory(
        code="370212005", name="金家岭街道", level=Area.Level.STREET, parent=laoshan
    )
    ruidu = AreaFactory(code="370212005001", name="瑞都社区", parent=jinjialing)
    qiantaiju = AreaFactory(
        code="370212005001-01", name="千泰居小区", level=Area.Level.COMPOUND, parent=ruidu
    )
    miaoling = AreaFactory(code="370212005003", name="苗岭社区", parent=jinjialing)
    zhonghan = AreaFactory(
        code="370212001", name="中韩街道", level=Area.Level.STREET, parent=laoshan
    )
    wushan = AreaFactory(code="370212001001", name="午山社区", parent=zhonghan)
    shinan = AreaFactory(code="370202", name="市南区", level=Area.Level.DISTRICT)
    badaxia = AreaFactory(
        code="370202001", name="八大峡街道", level=Area.Level.STREET, parent=shinan
    )
    tuandao = AreaFactory(code="370202001001", name="团岛社区", parent=badaxia)
    return Tree(
        laoshan, jinjialing, ruidu, qiantaiju, miaoling, zhonghan, wushan, shinan, badaxia, tuandao
    )


@dataclass
class Roles:
    district_admin: User
    street_staff: User
    secretary_a: User
    secretary_b: User
    viewer: User


ROLE_NAMES = ["district_admin", "street_staff", "secretary_a", "secretary_b", "viewer"]


@pytest.fixture
def roles(tree: Tree) -> Roles:
    return Roles(
        district_admin=StaffFactory(username="admin", area=tree.laoshan, role=Role.ADMIN),
        street_staff=StaffFactory(username="street", area=tree.jinjialing, role=Role.STREET_STAFF),
        secretary_a=StaffFactory(username="sec_a", area=tree.ruidu, role=Role.SECRETARY),
        secretary_b=StaffFactory(username="sec_b", area=tree.wushan, role=Role.SECRETARY),
        viewer=StaffFactory(username="viewer", area=tree.laoshan, role=Role.VIEWER),
    )


# Of the objects a ``spread`` fixture puts in 千泰居 (瑞都), 苗岭, 午山 and 团岛 (keys
# "qiantaiju", "miaoling", "wushan", "tuandao"), those each role sees.
SEEN_IN_SPREAD = {
    "district_admin": {"qiantaiju", "miaoling", "wushan"},
    "viewer": {"qiantaiju", "miaoling", "wushan"},
    "street_staff": {"qiantaiju", "miaoling"},
    "secretary_a": {"qiantaiju"},
    "secretary_b": {"wushan"},
}


def out_of_scope_area(tree: Tree, role_name: str) -> Area:
    """An area the role must not see: for district-wide roles, the other district."""
    return {
        "district_admin": tree.tuandao,
        "viewer": tree.tuandao,
        "street_staff": tree.wushan,
        "secretary_a": tree.wushan,
        "secretary_b": tree.ruidu,
    }[role_name]


def client_for(user: User | None, *, enforce_csrf_checks: bool = False) -> Client:
    """A client signed in as ``user`` (second step passed where required)."""
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    if user is not None:
        client.force_login(user)
        if otp_required(user):
            # As if the second step had been passed (tests/test_two_factor.py tests it).
            session = client.session
            session[OTP_SESSION_KEY] = "test-device"
            session.save()
    return client


def let_session_idle(client: Client, seconds: int) -> None:
    """As if ``seconds`` had gone by since ``client``'s session was last saved: its end
    and the time of its last refresh move back by that much, in the session table and in
    the cache's copy, which the cache drops at the session's end."""
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.cache import caches
    from django.utils import timezone

    from laoshan_portal.accounts.middleware import SESSION_REFRESHED_KEY

    key = client.session.session_key
    row = Session.objects.get(session_key=key)
    data = row.get_decoded()
    if SESSION_REFRESHED_KEY in data:
        data[SESSION_REFRESHED_KEY] -= seconds
    row.session_data = SessionStore().encode(data)
    row.expire_date -= timedelta(seconds=seconds)
    row.save()
    copies = caches[settings.SESSION_CACHE_ALIAS]
    left = int((row.expire_date - timezone.now()).total_seconds())
    if left > 0:
        copies.set(SessionStore.cache_key_prefix + key, data, left)
    else:
        copies.delete(SessionStore.cache_key_prefix + key)


@pytest.fixture
def clients(roles: Roles) -> dict[str, Client]:
    found = {name: client_for(getattr(roles, name)) for name in ROLE_NAMES}
    found["anonymous"] = Client()
    return found


# The rows data migrations make. A transactional test empties the database after it (groups
# and permissions come back by themselves, through post_migrate); these are put back here.
DATA_MIGRATIONS = [
    ("campaigns.migrations.0002_the_five_campaigns", "create"),
    ("cadres.migrations.0002_default_lists", "add_lists"),
    ("cadres.migrations.0005_culture_service_kind", "add"),
]


@pytest.fixture
def migrated_rows(transactional_db: None) -> None:
    """For transactional tests: the rows of the data migrations, whatever ran before."""
    for module, function in DATA_MIGRATIONS:
        getattr(import_module(module), function)(django_apps, None)
