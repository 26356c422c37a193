"""Registered party members and party groups of a party organisation: entered on the
coverage page and shown there (the demo's 瑞纳花园小区党支部: tests/test_demo_articles.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cadres.models import PartyOrganisationCount
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
