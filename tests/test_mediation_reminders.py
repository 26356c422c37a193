"""Reminders of mediation cases: follow-up visits due and the 30-day judicial window.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from laoshan_portal.scoping import Scope
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory
from tests.factories.mediation import RegisteredCaseFactory
from tests.factories.volunteering import MediationTeamFactory
from volunteering.mediation import services
from volunteering.mediation.selectors import mediation_reminders

EVERYTHING = Scope(area=None, unrestricted=True)
# The agreement's day: far enough back that every "today" below is in the past.
SIGNED = timezone.localdate() - timedelta(days=60)


@pytest.fixture
def make(tree: Any) -> Any:
    team = MediationTeamFactory(area=tree.ruidu)
    mediator = CadreFactory(area=tree.ruidu)

    def make(kind: str = "written", summary: str = "楼道堆物", area: Any = None) -> Any:
        return RegisteredCaseFactory(
            area=area or tree.qiantaiju,
            team=team if area is None else MediationTeamFactory(area=area),
            mediators=[mediator if area is None else CadreFactory(area=area)],
            received_on=SIGNED - timedelta(days=5),
            summary=summary,
            settled=SIGNED,
            settled__kind=kind,
        )

    return make


def _due(day: int, scope: Scope = EVERYTHING) -> dict[str, int]:
    """Kind → days left, on the ``day``-th day after signing."""
    found = mediation_reminders(scope=scope, today=SIGNED + timedelta(days=day))
    return {reminder.kind: reminder.days_left for reminder in found}


def test_it_counts_down_the_judicial_window_to_its_last_day(make: Any) -> None:
    make()
    assert _due(0) == {"judicial": 30}
    assert _due(29) == {"judicial": 1}
    assert _due(30) == {"judicial": 0, "follow_up": 0}  # the last day, and the visit is due
    assert _due(31) == {"judicial": -1, "follow_up": -1}


def test_it_asks_for_the_visit_from_day_30_until_one_is_logged(make: Any) -> None:
    case = make(kind="oral")  # no judicial window for an oral agreement
    assert _due(29) == {}
    assert _due(30) == {"follow_up": 0}
    assert _due(31) == {"follow_up": -1}
    services.follow_up_create(
        scope=EVERYTHING,
        actor=None,
        case=case,
        date=SIGNED + timedelta(days=31),
        result="performed",
    )
    assert _due(31) == {}


def test_it_ends_the_judicial_reminder_once_the_decision_is_recorded(make: Any) -> None:
    case = make()
    services.judicial_set(
        scope=EVERYTHING,
        actor=None,
        case=case,
        decision="not_applied",
        on=SIGNED + timedelta(days=3),
    )
    assert _due(10) == {}
    assert _due(30) == {"follow_up": 0}


def test_it_has_no_reminder_for_failed_or_open_cases(tree: Any, make: Any) -> None:
    team = MediationTeamFactory(area=tree.ruidu, name="另一队")
    mediator = CadreFactory(area=tree.ruidu)
    open_case = RegisteredCaseFactory(
        area=tree.ruidu, team=team, mediators=[mediator], received_on=SIGNED
    )
    services.record_create(scope=EVERYTHING, actor=None, case=open_case, date=SIGNED, content="谈")
    failed = RegisteredCaseFactory(
        area=tree.ruidu, team=team, mediators=[mediator], received_on=SIGNED, summary="失败"
    )
    services.record_create(scope=EVERYTHING, actor=None, case=failed, date=SIGNED, content="谈")
    services.case_close(
        scope=EVERYTHING, actor=None, case=failed, outcome="failed", closed_on=SIGNED,
        outcome_notes="拒绝调解",
    )  # fmt: skip
    assert mediation_reminders(scope=EVERYTHING, today=SIGNED + timedelta(days=45)) == []


def test_it_sees_only_the_reminders_in_scope(tree: Any, make: Any) -> None:
    make()
    make(summary="午山的", area=tree.wushan)
    secretary_a = Scope(area=tree.ruidu, role="secretary")
    secretary_b = Scope(area=tree.wushan, role="secretary")
    day = SIGNED + timedelta(days=31)
    assert [r.case.area for r in mediation_reminders(scope=secretary_a, today=day)] == [
        tree.qiantaiju,
        tree.qiantaiju,
    ]
    assert {r.case.area for r in mediation_reminders(scope=secretary_b, today=day)} == {tree.wushan}


def test_it_shows_what_is_due_on_the_list_and_on_the_case(tree: Any, roles: Any, make: Any) -> None:
    case = make()  # signed 60 days ago: both overdue
    listing = client_for(roles.secretary_a).get(reverse("mediation:case_list"))
    panel = listing.content.decode()
    assert 'data-testid="due-panel"' in panel
    assert case.number in panel
    assert "司法确认期限" in panel and "应回访" in panel
    assert "已逾期 30 天" in panel
    page = client_for(roles.secretary_a).get(reverse("mediation:case_detail", args=[case.pk]))
    assert "已逾期 30 天" in page.content.decode()
    other = client_for(roles.secretary_b).get(reverse("mediation:case_list"))
    assert 'data-testid="due-panel"' not in other.content.decode()


def test_it_says_due_today_and_days_left(tree: Any, roles: Any, make: Any) -> None:
    today = timezone.localdate()
    team = MediationTeamFactory(area=tree.ruidu, name="今天队")
    ours = {"area": tree.ruidu, "team": team, "mediators": [CadreFactory(area=tree.ruidu)]}
    RegisteredCaseFactory(
        **ours,
        received_on=today - timedelta(days=40),
        summary="回访到期",
        settled=today - timedelta(days=30),
        settled__kind="oral",
    )
    RegisteredCaseFactory(
        **ours,
        received_on=today - timedelta(days=10),
        summary="还剩",
        settled=today - timedelta(days=2),
    )
    body = client_for(roles.secretary_a).get(reverse("mediation:case_list")).content.decode()
    assert "今天到期" in body
    assert "还剩 28 天" in body
