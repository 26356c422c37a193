"""The month a dashboard opens on, and a running month compared with the same days before."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from reports.periods import Month
from tests.conftest import BEIJING, client_for
from tests.reports_world import eager_tasks, hours  # noqa: F401 - a fixture
from volunteering.models import ServiceActivity, Team, TeamMember

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def served(tree: Any, *days_and_hours: tuple[date, str]) -> None:
    """Hours served in 瑞都 by one resident, on the given days."""
    team, _new = Team.objects.get_or_create(
        area=tree.ruidu, name="银龄先锋瑞都队", defaults={"kind": "volunteer"}
    )
    resident, _new = TeamMember.objects.get_or_create(team=team, resident_name="居民乙")
    for day, value in days_and_hours:
        activity = ServiceActivity.objects.create(team=team, date=day, title="助老")
        hours(activity, value, member=resident)


def opened(client: Any, **params: str) -> Any:
    response = client.get(reverse("reports:dashboard"), params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("today", "month"),
    [
        (datetime(2026, 12, 4, 10, tzinfo=BEIJING), Month(2026, 11)),  # the 4th: last month
        (datetime(2026, 12, 1, 0, 30, tzinfo=BEIJING), Month(2026, 11)),  # the 1st, after midnight
        (datetime(2026, 12, 7, 23, 50, tzinfo=BEIJING), Month(2026, 11)),  # six complete days
        (datetime(2026, 12, 8, 9, tzinfo=BEIJING), Month(2026, 12)),  # a week complete: this month
        (datetime(2027, 1, 4, 10, tzinfo=BEIJING), Month(2026, 12)),  # January opens on December
        (datetime(2027, 1, 31, 10, tzinfo=BEIJING), Month(2027, 1)),
    ],  # fmt: skip
)
def test_it_opens_on_the_last_complete_month_until_this_one_has_a_week(
    today: datetime, month: Month, clock: Any, tree: Any, roles: Any
) -> None:
    clock.move_to(today)
    response = opened(client_for(roles.secretary_a))
    assert response.context["month"] == month
    # This month can still be chosen, marked as running to today.
    assert response.context["months"][0] == Month.of(today.date())


def test_on_the_4th_a_complete_month_is_compared_with_the_whole_month_before(
    clock: Any, tree: Any, roles: Any
) -> None:
    clock.move_to(datetime(2026, 12, 4, 10, tzinfo=BEIJING))
    served(tree, (date(2026, 10, 5), "4"), (date(2026, 10, 25), "10"),
           (date(2026, 11, 6), "3"), (date(2026, 12, 2), "2"))  # fmt: skip
    response = opened(client_for(roles.secretary_a))
    board = response.context["board"]
    assert board.month == Month(2026, 11) and board.as_of is None
    figure = board.by_key["hours_month"]
    assert (figure.value, figure.previous) == (Decimal("3.0"), Decimal("14.0"))
    html = response.content.decode()
    assert "较上月 -11" in html and "as-of-day" not in html and "较上月同期" not in html


def test_a_running_month_is_compared_with_the_same_days_of_the_month_before(
    clock: Any, tree: Any, roles: Any
) -> None:
    clock.move_to(datetime(2026, 11, 10, 10, tzinfo=BEIJING))
    served(tree, (date(2026, 10, 5), "4"), (date(2026, 10, 25), "10"),
           (date(2026, 11, 6), "3"))  # fmt: skip
    response = opened(client_for(roles.secretary_a))
    board = response.context["board"]
    assert board.month == Month(2026, 11) and board.as_of == date(2026, 11, 10)
    figure = board.by_key["hours_month"]
    # 1–10 November against 1–10 October: not against October's whole 14 hours.
    assert (figure.value, figure.previous) == (Decimal("3.0"), Decimal("4.0"))
    assert board.by_key["service_activities"].previous == 1
    assert board.by_key["volunteers"].previous == 1
    html = response.content.decode()
    assert "截至 2026-11-10" in html and "较上月同期 -1" in html

    # The same days are kept until something of the area changes: a record entered for
    # 8 October (in the same days) shows at once, one for 20 October does not count.
    served(tree, (date(2026, 10, 8), "1.5"), (date(2026, 10, 20), "6"))
    board = opened(client_for(roles.secretary_a)).context["board"]
    assert board.by_key["hours_month"].previous == Decimal("5.5")
    assert board.by_key["volunteers"].previous == 1


def test_this_month_chosen_on_its_4th_is_marked_as_running(
    clock: Any, tree: Any, roles: Any
) -> None:
    clock.move_to(datetime(2026, 12, 4, 10, tzinfo=BEIJING))
    served(tree, (date(2026, 11, 2), "4"), (date(2026, 11, 20), "10"), (date(2026, 12, 2), "2"))
    response = opened(client_for(roles.secretary_a), month="2026-12")
    board = response.context["board"]
    assert board.as_of == date(2026, 12, 4)
    assert (board.by_key["hours_month"].value, board.by_key["hours_month"].previous) == (
        Decimal("2.0"), Decimal("4.0"),
    )  # fmt: skip
    assert "截至 2026-12-04" in response.content.decode()


def test_january_is_compared_with_december() -> None:
    assert Month(2027, 1).same_days_before(date(2027, 1, 12)) == (
        date(2026, 12, 1), date(2026, 12, 12),
    )  # fmt: skip
    # A longer month's last days are compared with the whole of a shorter one.
    assert Month(2027, 3).same_days_before(date(2027, 3, 31)) == (
        date(2027, 2, 1), date(2027, 2, 28),
    )  # fmt: skip


def test_every_chart_says_when_it_has_nothing_to_draw(tree: Any, roles: Any) -> None:
    html = opened(client_for(roles.secretary_a)).content.decode()
    assert html.count("data-chart=") == html.count('data-empty="暂无数据"') >= 4
