"""Fixtures shared by the whole suite: an area tree and the role matrix.

The tree has two districts so that even district-wide roles have something out of scope:

    崂山区 ── 金家岭街道 ── 瑞都社区 (A) ── 千泰居小区
          │            └─ 苗岭社区
          └─ 中韩街道 ──── 午山社区 (B)
    市南区 ── 八大峡街道 ── 团岛社区
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.test import Client

from laoshan_portal.accounts.models import Area, Role, User
from laoshan_portal.accounts.twofactor import SESSION_KEY as OTP_SESSION_KEY
from laoshan_portal.accounts.twofactor import otp_required
from tests.factories import AreaFactory, StaffFactory

SERVICES = bool(os.environ.get("DATABASE_URL", "").startswith("postgres")) and bool(
    os.environ.get("REDIS_URL")
)
# CI sets this: a skipped test there means a lane did not run, which is a failure.
STRICT = os.environ.get("LAOSHAN_FORBID_SKIPS") == "1"
_skipped: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Hashing with PBKDF2 is the point in production and only slowness in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if STRICT and _skipped:
        print(f"\nLAOSHAN_FORBID_SKIPS=1 but {len(_skipped)} tests were skipped:")
        for nodeid in _skipped:
            print(f"  {nodeid}")
        session.exitstatus = 1


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
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
