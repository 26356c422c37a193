"""``manage.py seed_demo`` loads the Laoshan tree and the demo accounts, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from laoshan_portal.accounts.models import Area, Role, User
from tests.demo_world import DEMO_PASSWORD, Demo, laoshan_demo  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(laoshan_demo: Demo) -> str:  # noqa: F811 - the fixture's name
    return laoshan_demo.output


def test_it_loads_the_laoshan_tree(seeded: str) -> None:
    district = Area.objects.get(name="崂山区")
    streets = set(district.children.values_list("name", flat=True))
    assert streets == {"中韩街道", "沙子口街道", "王哥庄街道", "北宅街道", "金家岭街道"}
    ruidu = Area.objects.get(name="瑞都社区")
    assert ruidu.parent.name == "金家岭街道"
    assert {"千泰居小区", "瑞纳花园小区"} <= set(ruidu.children.values_list("name", flat=True))
    assert Area.objects.get(name="午山社区").parent.name == "中韩街道"
    assert Area.objects.filter(name="康城小区", level=Area.Level.COMPOUND).exists()
    for street in district.children.all():
        communities = street.children.all()
        assert communities.count() >= 3
        for community in communities:
            assert community.children.count() >= 2


def test_it_creates_the_demo_accounts_that_can_log_in(seeded: str) -> None:
    expected = {
        "laoshan_admin": ("崂山区", Role.ADMIN),
        "jinjialing": ("金家岭街道", Role.STREET_STAFF),
        "ruidu": ("瑞都社区", Role.SECRETARY),
        "wushan": ("午山社区", Role.SECRETARY),
        "leader": ("崂山区", Role.VIEWER),
    }
    for username, (area, role) in expected.items():
        user = User.objects.get(username=username)
        assert (user.area.name, user.role) == (area, role)
        login = Client().post(
            reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
        )
        assert login.status_code == 302 and login["Location"] == "/"
        assert username in seeded


def test_it_fills_the_registry_with_the_articles_figures(seeded: str) -> None:
    from cadres.models import Cadre, CheckIn, Need
    from cadres.posts.selectors import coverage_for
    from laoshan_portal.scoping import Scope

    for community in Area.objects.filter(level=Area.Level.COMMUNITY):
        assert Cadre.objects.filter(area__path__startswith=community.path).count() >= 10
    yu = Cadre.objects.get(name="于通海")
    assert (yu.area.name, yu.former_unit) == ("康城小区", "崂山区税务局")
    assert {"官华", "韩卫", "钟昭群", "谭俊龄"} <= set(Cadre.objects.values_list("name", flat=True))
    street = Area.objects.get(name="金家岭街道")
    coverage = coverage_for(scope=Scope(area=None, unrestricted=True), area=street)
    assert (coverage.organisations, coverage.led) == (325, 62)
    assert (coverage.committee, coverage.leaders) == (98, 119)
    assert str(coverage.share) == "19.1"
    assert Need.objects.filter(status="open").exists()
    assert set(CheckIn.objects.values_list("status", flat=True)) == {
        "pending",
        "confirmed",
        "rejected",
    }


def _rows() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_it_refuses_production_unless_forced_and_a_second_run_changes_nothing(
    seeded: str, settings: pytest.FixtureRequest
) -> None:
    """One second run (it takes most of a minute) for both: refused in production without
    ``--force``; forced, it adds and moves no row of any table."""
    areas = list(Area.objects.order_by("pk").values_list("pk", "code", "path"))
    users = list(User.objects.order_by("pk").values_list("pk", "username", "area_id", "role"))
    rows = _rows()
    settings.PRODUCTION = True  # type: ignore[attr-defined]
    settings.DEMO_PASSWORD = DEMO_PASSWORD  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=StringIO())
    again = StringIO()
    call_command("seed_demo", "--force", stdout=again)
    assert "Demo accounts" in again.getvalue()
    assert list(Area.objects.order_by("pk").values_list("pk", "code", "path")) == areas
    assert (
        list(User.objects.order_by("pk").values_list("pk", "username", "area_id", "role")) == users
    )
    assert _rows() == rows
