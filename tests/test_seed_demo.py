"""``manage.py seed_demo`` loads the Laoshan tree and the demo accounts, idempotently."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from laoshan_portal.accounts.models import Area, Role, User

DEMO_PASSWORD = "Demo-Password-2026"


@pytest.fixture
def seeded(db: None, settings: pytest.FixtureRequest, tmp_path: Path) -> str:
    settings.DEMO_PASSWORD = DEMO_PASSWORD  # type: ignore[attr-defined]
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]  # the demo's reports
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


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


def test_it_changes_nothing_when_run_again(seeded: str) -> None:
    before = (
        list(Area.objects.order_by("pk").values_list("pk", "code", "path")),
        list(User.objects.order_by("pk").values_list("pk", "username", "area_id", "role")),
    )
    call_command("seed_demo", stdout=StringIO())
    after = (
        list(Area.objects.order_by("pk").values_list("pk", "code", "path")),
        list(User.objects.order_by("pk").values_list("pk", "username", "area_id", "role")),
    )
    assert before == after


@pytest.mark.django_db
def test_it_refuses_production_unless_forced(settings: pytest.FixtureRequest) -> None:
    settings.PRODUCTION = True  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=StringIO())
    assert not Area.objects.exists()
    call_command("seed_demo", "--force", stdout=StringIO())
    assert Area.objects.filter(name="崂山区").exists()
