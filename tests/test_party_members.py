"""Registered party members and party groups of a party organisation: entered on the
coverage page, shown there, and the demo's 瑞纳花园小区党支部 with 58 members in two groups."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from cadres.models import PartyOrganisationCount
from laoshan_portal.accounts.models import Area, User
from laoshan_portal.audit.models import AuditEvent
from tests.conftest import client_for


def test_an_administrator_enters_the_members_and_groups(tree: Any, roles: Any) -> None:
    client = client_for(roles.district_admin)
    url = reverse("cadres:coverage_count", args=[tree.qiantaiju.code])
    response = client.post(url, {"count": "3", "members": "41", "groups": "2"}, follow=True)
    row = PartyOrganisationCount.objects.get(area=tree.qiantaiju)
    assert (row.count, row.members, row.groups) == (3, 41, 2)
    assert "千泰居小区本级党组织：登记党员41名，分2个党小组。" in response.content.decode()
    event = AuditEvent.objects.get(object_type="cadres.PartyOrganisationCount")
    assert (event.detail["members"], event.detail["groups"]) == (41, 2)
    community = client.get(reverse("cadres:coverage_area", args=[tree.ruidu.code]))
    assert "41" in community.content.decode().split("data-members>")[1][:10]


def test_a_negative_member_count_is_refused(tree: Any, roles: Any) -> None:
    url = reverse("cadres:coverage_count", args=[tree.qiantaiju.code])
    response = client_for(roles.district_admin).post(url, {"count": "3", "members": "-1"})
    assert response.status_code == 200
    assert not PartyOrganisationCount.objects.exists()


@pytest.fixture(scope="module")
def seeded(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    media = tmp_path_factory.mktemp("media")  # the demo's reports
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
class TestTheDemo:
    def test_ruina_garden_branch_has_58_registered_party_members(self) -> None:
        row = PartyOrganisationCount.objects.get(area__name="瑞纳花园小区")
        assert row.members == 58

    def test_ruina_garden_branch_meets_in_two_party_groups(self) -> None:
        row = PartyOrganisationCount.objects.get(area__name="瑞纳花园小区")
        assert row.groups == 2

    def test_ruina_garden_is_the_largest_compound_branch_under_ruidu(self) -> None:
        ruidu = Area.objects.get(name="瑞都社区")
        rows = PartyOrganisationCount.objects.filter(
            area__parent=ruidu, area__level=Area.Level.COMPOUND
        )
        per_branch = {
            row.area.name: row.members / max(row.groups // 2, 1) for row in rows if row.members
        }
        assert len(per_branch) > 1
        assert max(per_branch, key=per_branch.__getitem__) == "瑞纳花园小区"
        assert sorted(per_branch.values())[-2] < 58

    def test_the_coverage_page_shows_the_58_members(self) -> None:
        ruina = Area.objects.get(name="瑞纳花园小区")
        client = client_for(User.objects.get(username="ruidu"))
        page = client.get(reverse("cadres:coverage_area", args=[ruina.code])).content.decode()
        assert "瑞纳花园小区本级党组织：登记党员58名，分2个党小组。" in page
