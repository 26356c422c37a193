"""Logging an activity ticks the team's members with their hours; the search stays for
people outside the team."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from laoshan_portal import clock
from tests.factories.volunteering import TeamFactory
from volunteering.models import ServiceActivity, ServiceRecord, Team


@pytest.fixture
def team(tree: Any) -> Team:
    return TeamFactory(area=tree.ruidu, name="瑞都志愿服务队", cadre_members=3, residents=2)


def _post(client: Any, team: Team, **data: Any) -> Any:
    values = {
        "team": team.pk,
        "date": (clock.today() - timedelta(days=1)).isoformat(),
        "title": "文明劝导",
        "place": "小区广场",
        "content": "",
        **data,
    }
    return client.post(reverse("volunteering:activity_create"), values)


def test_the_page_lists_the_chosen_teams_members_to_tick(clients: Any, team: Team) -> None:
    url = reverse("volunteering:activity_create") + f"?team={team.pk}"
    page = clients["secretary_a"].get(url).content.decode()
    for member in team.members.all():
        assert f'name="tick_m{member.pk}"' in page
        assert f'name="hours_m{member.pk}"' in page
        assert str(member) in page
    assert 'name="participants"' in page  # the search for people outside the team


def test_ticked_members_get_their_hours(clients: Any, team: Team) -> None:
    cadre_member, resident, left_out = (
        team.members.filter(cadre__isnull=False).order_by("pk")[0],
        team.members.filter(cadre__isnull=True).order_by("pk")[0],
        team.members.filter(cadre__isnull=False).order_by("pk")[1],
    )
    response = _post(
        clients["secretary_a"],
        team,
        **{
            f"tick_m{cadre_member.pk}": "on",
            f"hours_m{cadre_member.pk}": "3",
            f"tick_m{resident.pk}": "on",
            f"hours_m{left_out.pk}": "5",  # hours without a tick: not there
            "hours_each": "1.5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = ServiceActivity.objects.get(title="文明劝导")
    hours = {
        (r.cadre_id, r.member_id): r.hours for r in ServiceRecord.objects.filter(activity=activity)
    }
    assert hours == {
        (cadre_member.cadre_id, None): Decimal("3.0"),
        (None, resident.pk): Decimal("1.5"),
    }


def test_a_ticked_member_without_hours_is_refused(clients: Any, team: Team) -> None:
    member = team.members.order_by("pk")[0]
    response = _post(clients["secretary_a"], team, **{f"tick_m{member.pk}": "on"})
    assert response.status_code == 200
    assert not ServiceActivity.objects.filter(title="文明劝导").exists()


def test_without_scripts_a_button_lists_the_chosen_teams_members(clients: Any, team: Team) -> None:
    response = _post(clients["secretary_a"], team, show_members="1")
    assert response.status_code == 200
    page = response.content.decode()
    assert all(f'name="tick_m{m.pk}"' in page for m in team.members.all())
    assert 'value="文明劝导"' in page  # what was typed is kept
    assert not ServiceActivity.objects.exists()
