"""我的: a retiree sees exactly their own record, hours, stars, certificates, teams,
workrooms and lectures, masked as the registry masks them, and nobody else's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from laoshan_portal import clock
from retirees import selectors
from tests.conftest import client_for
from tests.factories.retirees import RetireeAccountFactory
from tests.factories.volunteering import (
    CertificateFactory,
    ServiceActivityFactory,
    ServiceRecordFactory,
    TeamMemberFactory,
)
from tests.factories.workrooms import WorkroomActivityFactory, WorkroomFactory
from volunteering.selectors import volunteer_hours

HOME = reverse("retirees:home")


@pytest.fixture
def account(tree: Any) -> Any:
    return RetireeAccountFactory(
        area=tree.qiantaiju,
        cadre__name="于通海",
        cadre__id_number="370212196309120011",
        cadre__former_unit="崂山区税务局",
    )


@pytest.fixture
def neighbour(tree: Any) -> Any:
    return RetireeAccountFactory(area=tree.qiantaiju, cadre__name="韩卫")


def _hours(cadre: Any, day: date, hours: str) -> Any:
    activity = ServiceActivityFactory(area=cadre.area, date=day)
    return ServiceRecordFactory(activity=activity, cadre=cadre, date=day, hours=Decimal(hours))


def test_it_shows_my_record_masked(account: Any, neighbour: Any) -> None:
    page = client_for(account.user).get(HOME).content.decode()
    assert "于通海" in page and "崂山区税务局" in page
    assert "370212196309120011" not in page
    assert "3702**********0011" in page
    assert account.cadre.mobile not in page
    assert account.cadre.mobile[-4:] in page
    assert "韩卫" not in page


def test_it_shows_my_hours_by_month_and_year_and_my_stars(account: Any, neighbour: Any) -> None:
    cadre = account.cadre
    for day in (1, 2, 3):
        _hours(cadre, date(2025, 6, day), "20")
    _hours(cadre, date(2026, 3, 5), "24")
    _hours(cadre, date(2026, 3, 6), "6")
    _hours(cadre, date(2026, 3, 20), "20")
    _hours(neighbour.cadre, date(2026, 3, 5), "23.5")
    hours = selectors.own_hours(account=account, today=clock.today())
    assert hours.figures == volunteer_hours(cadre=cadre, today=clock.today())
    assert hours.figures.total == Decimal("110")
    assert hours.by_year == [(2026, Decimal("50")), (2025, Decimal("60"))]
    assert [(m.year, m.month, m.hours) for m in hours.by_month] == [
        (2026, 3, Decimal("50")),
        (2025, 6, Decimal("60")),
    ]
    assert hours.figures.stars == 1
    assert hours.to_next_star == Decimal("190")
    page = client_for(account.user).get(HOME).content.decode()
    assert "2026-03" in page and "2025-06" in page and "190" in page
    assert "23.5" not in page


def test_it_lists_my_teams_workrooms_and_lectures(account: Any, neighbour: Any) -> None:
    cadre = account.cadre
    membership = TeamMemberFactory(area=cadre.area, cadre=cadre, team__name="瑞都红马甲")
    TeamMemberFactory(area=cadre.area, cadre=neighbour.cadre, team__name="别人的队")
    workroom = WorkroomFactory(area=cadre.area, name="老党员工作室", lead=cadre)
    lecture = WorkroomActivityFactory(
        area=cadre.area, workroom=workroom, kind="lecture", people_served=45
    )
    lecture.participants.add(cadre)
    WorkroomActivityFactory(area=cadre.area, workroom=workroom, kind="lecture", people_served=99)
    page = client_for(account.user).get(HOME).content.decode()
    assert membership.team.name in page and "别人的队" not in page
    assert "老党员工作室" in page
    assert "听众45人" in page and "听众99人" not in page


def test_it_serves_my_certificate_and_not_anothers(account: Any, neighbour: Any) -> None:
    mine = CertificateFactory(area=account.cadre.area, cadre=account.cadre)
    theirs = CertificateFactory(area=neighbour.cadre.area, cadre=neighbour.cadre)
    client = client_for(account.user)
    assert mine.number in client.get(HOME).content.decode()
    url = reverse("retirees:certificate")
    response = client.get(f"{url}?number={mine.number}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert client.get(f"{url}?number={theirs.number}").status_code == 404


def test_it_has_the_elderly_friendly_page_frame(account: Any) -> None:
    page = client_for(account.user).get(HOME).content.decode()
    assert "retirees/retirees.css" in page
    assert 'id="larger-text"' in page
    assert 'name="viewport"' in page


def test_my_page_takes_the_same_queries_however_much_there_is(
    account: Any, query_budget: Any
) -> None:
    cadre = account.cadre

    def grow() -> None:
        for day in (1, 2):
            _hours(cadre, date(2026, 4, day), "3")
        CertificateFactory(area=cadre.area, cadre=cadre)
        TeamMemberFactory(area=cadre.area, cadre=cadre)
        workroom = WorkroomFactory(area=cadre.area, lead=cadre)
        WorkroomActivityFactory(
            area=cadre.area, workroom=workroom, kind="lecture"
        ).participants.add(cadre)

    # The retiree account (cadre, area); the record (area, street), its specialties; hours
    # (total, this year), hours by month; certificates; teams; workrooms; lectures;
    # corrections; concerns. (The session, the account and its permissions, none, come
    # from the cache.)
    query_budget(client_for(account.user), HOME, 11, grow)
