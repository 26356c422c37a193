"""Logging a workroom activity ticks the workroom's members; the search stays for others."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from laoshan_portal import clock
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory
from tests.factories.workrooms import WorkroomFactory
from workrooms.models import Activity

CREATE = "/workrooms/activities/new/"


def _workroom_of_four(tree: Any) -> Any:
    workroom = WorkroomFactory(area=tree.qiantaiju)
    workroom.members.add(*[CadreFactory(area=tree.qiantaiju) for _ in range(3)])
    return workroom


def test_the_page_lists_the_chosen_workrooms_members_to_tick(tree: Any, roles: Any) -> None:
    workroom = _workroom_of_four(tree)
    page = client_for(roles.secretary_a).get(f"{CREATE}?workroom={workroom.pk}").content.decode()
    assert 'data-testid="member-ticks"' in page
    for cadre in workroom.members.all():
        assert f'name="member_ticks" value="{cadre.pk}"' in page
    assert 'name="participants"' in page


def test_ticked_members_and_picked_people_take_part(tree: Any, roles: Any) -> None:
    workroom = _workroom_of_four(tree)
    ticked = list(workroom.members.order_by("pk")[:2])
    outsider = CadreFactory(area=tree.qiantaiju)
    response = client_for(roles.secretary_a).post(
        CREATE,
        {
            "workroom": workroom.pk,
            "date": (clock.today() - timedelta(days=1)).isoformat(),
            "kind": "deliberation",
            "member_ticks": [c.pk for c in ticked],
            "participants": [outsider.pk, ticked[0].pk],
            "people_served": "25",
            "summary": "议事：电动车充电",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get()
    assert set(activity.participants.all()) == {*ticked, outsider}
