"""Planned activities: staff plan one for a team or a workroom; its retirees see it on
their take-part page, sign up and withdraw; the secretary sees who signed up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from laoshan_portal import clock
from laoshan_portal.audit.models import AuditEvent
from retirees.models import ActivitySignup, PlannedActivity
from tests.conftest import client_for
from tests.factories.retirees import PlannedActivityFactory, RetireeAccountFactory
from tests.factories.volunteering import TeamFactory, TeamMemberFactory
from tests.factories.workrooms import WorkroomFactory


@pytest.fixture
def account(tree: Any) -> Any:
    return RetireeAccountFactory(area=tree.qiantaiju)


def _page(account: Any) -> str:
    return client_for(account.user).get(reverse("retirees:take_part")).content.decode()


def test_the_secretary_plans_an_activity_for_a_team(tree: Any, roles: Any) -> None:
    team = TeamFactory(area=tree.ruidu)
    day = clock.today() + timedelta(days=3)
    secretary = client_for(roles.secretary_a)
    response = secretary.post(
        reverse("retirees:planned_new"),
        {"team": team.pk, "date": day.isoformat(), "title": "清洁行动", "place": "小区广场"},
    )
    assert response.status_code == 302
    planned = PlannedActivity.objects.get()
    assert (planned.team, planned.area, planned.date) == (team, tree.ruidu, day)
    assert AuditEvent.objects.filter(object_type="retirees.PlannedActivity").exists()


def test_a_past_day_or_no_owner_saves_nothing(tree: Any, roles: Any) -> None:
    team = TeamFactory(area=tree.ruidu)
    secretary = client_for(roles.secretary_a)
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    page = secretary.post(
        reverse("retirees:planned_new"), {"team": team.pk, "date": yesterday, "title": "清洁"}
    )
    assert page.status_code == 200
    assert "今天或以后" in page.content.decode()
    page = secretary.post(
        reverse("retirees:planned_new"), {"date": clock.today().isoformat(), "title": "清洁"}
    )
    assert page.status_code == 200
    assert not PlannedActivity.objects.exists()


def test_members_see_the_activities_of_their_team_and_workroom(account: Any, tree: Any) -> None:
    team = TeamFactory(area=tree.ruidu)
    TeamMemberFactory(team=team, cadre=account.cadre)
    workroom = WorkroomFactory(area=tree.ruidu, lead=account.cadre)
    PlannedActivityFactory(area=tree.ruidu, team=team, title="队里的清洁行动")
    PlannedActivityFactory(area=tree.ruidu, team=None, workroom=workroom, title="工作室的讲座")
    PlannedActivityFactory(area=tree.ruidu, title="别的队的活动")
    PlannedActivityFactory(
        area=tree.ruidu, team=team, title="已过去的活动", date=clock.today() - timedelta(days=1)
    )
    page = _page(account)
    assert "队里的清洁行动" in page and "工作室的讲座" in page
    assert "别的队的活动" not in page and "已过去的活动" not in page


def test_sign_up_withdraw_and_the_secretary_sees_it(account: Any, tree: Any, roles: Any) -> None:
    team = TeamFactory(area=tree.ruidu)
    TeamMemberFactory(team=team, cadre=account.cadre)
    planned = PlannedActivityFactory(area=tree.ruidu, team=team)
    client = client_for(account.user)
    assert (
        client.post(reverse("retirees:activity_sign_up"), {"planned": planned.pk}).status_code
        == 302
    )
    signup = ActivitySignup.objects.get()
    detail = reverse("retirees:planned_detail", args=[planned.pk])
    assert account.cadre.name in client_for(roles.secretary_a).get(detail).content.decode()
    assert client_for(roles.secretary_b).get(detail).status_code == 404
    client.post(reverse("retirees:signup_withdraw"), {"signup": signup.pk})
    assert ActivitySignup.objects.get().withdrawn_at is not None
    assert account.cadre.name not in client_for(roles.secretary_a).get(detail).content.decode()
    events = AuditEvent.objects.filter(object_type="retirees.ActivitySignup", user=account.user)
    assert events.count() == 2


def test_other_activities_and_sign_ups_are_404(account: Any, tree: Any) -> None:
    planned = PlannedActivityFactory(area=tree.ruidu)  # a team the retiree is not in
    client = client_for(account.user)
    assert (
        client.post(reverse("retirees:activity_sign_up"), {"planned": planned.pk}).status_code
        == 404
    )
    other = RetireeAccountFactory(area=tree.qiantaiju)
    TeamMemberFactory(team=planned.team, cadre=other.cadre)
    client_for(other.user).post(reverse("retirees:activity_sign_up"), {"planned": planned.pk})
    signup = ActivitySignup.objects.get()
    assert (
        client.post(reverse("retirees:signup_withdraw"), {"signup": signup.pk}).status_code == 404
    )
    assert ActivitySignup.objects.get().withdrawn_at is None
