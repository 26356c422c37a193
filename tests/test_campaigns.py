"""The campaign activity pages: list with filters, export, detail, edit, delete, photos.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import ActivityPhoto, CampaignActivity
from laoshan_portal.audit.models import AuditEvent
from tests.conftest import ROLE_NAMES, SEEN_IN_SPREAD, client_for
from tests.factories.cadres import CadreFactory
from tests.factories.campaigns import (
    CampaignActivityFactory,
    CampaignParticipantFactory,
    png_bytes,
)

LIST = "/campaigns/"


def _lecture(area: Any, title: str, **fields: Any) -> CampaignActivity:
    values = {
        "campaign_id": "red_heritage",
        "title": title,
        "lecturer": CadreFactory(area=area),
        "topic": "台柳路的红色记忆",
        "venue_type": "school",
        "unit": "午山小学",
        "people_reached": 120,
        "theme": "",
        **fields,
    }
    return CampaignActivityFactory(area=area, **values)


@pytest.fixture
def spread(tree: Any) -> dict[str, CampaignActivity]:
    """One activity in each of 千泰居 (瑞都), 苗岭, 午山 and 团岛 (the other district)."""
    return {
        "qiantaiju": _lecture(tree.qiantaiju, "千泰居宣讲", date=date(2024, 3, 5)),
        "miaoling": CampaignActivityFactory(
            area=tree.miaoling, title="苗岭新风", date=date(2024, 6, 1)
        ),
        "wushan": _lecture(tree.wushan, "午山宣讲", venue_type="organ", unit="中韩街道办事处"),
        "tuandao": CampaignActivityFactory(area=tree.tuandao, title="团岛新风"),
    }


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_it_lists_only_the_activities_in_scope(
    role_name: str, roles: Any, spread: dict[str, Any]
) -> None:
    response = client_for(getattr(roles, role_name)).get(LIST)
    assert response.status_code == 200
    seen = {spread[key].title for key in SEEN_IN_SPREAD[role_name]}
    assert {a.title for a in response.context["page"]} == seen
    body = response.content.decode()
    assert "五大行动" in body and "传承红色基因" in body
    can_add = role_name != "viewer"
    assert ('href="/campaigns/log/"' in body) is can_add


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("area={jinjialing}", {"千泰居宣讲", "苗岭新风"}),
        ("start=2024-03-01&end=2024-03-31", {"千泰居宣讲"}),
        ("campaign=civilised_customs", {"苗岭新风"}),
        ("venue_type=organ", {"午山宣讲"}),
        ("q=午山小学", {"千泰居宣讲"}),
        ("start=2024-02-30", {"千泰居宣讲", "苗岭新风", "午山宣讲"}),  # a bad date: ignored
    ],
)
def test_it_filters_by_area_dates_campaign_and_venue(
    query: str, expected: set[str], tree: Any, roles: Any, spread: dict[str, Any]
) -> None:
    url = f"{LIST}?{query.format(jinjialing=tree.jinjialing.pk)}"
    response = client_for(roles.district_admin).get(url)
    assert {a.title for a in response.context["page"]} == expected


def test_it_sums_up_the_campaigns_above_the_list(roles: Any, spread: dict[str, Any]) -> None:
    figures = client_for(roles.street_staff).get(LIST).context["figures"]
    assert figures["lectures"] == 1 and figures["audience"] == 120
    by_code = {row["code"]: row["activities"] for row in figures["campaigns"]}
    assert by_code["red_heritage"] == 1 and by_code["civilised_customs"] == 1


def test_its_kept_figures_follow_a_new_activity_and_a_lecturer_renamed(
    tree: Any, roles: Any, spread: dict[str, Any]
) -> None:
    client = client_for(roles.street_staff)
    assert client.get(LIST).context["figures"]["lectures"] == 1
    _lecture(tree.ruidu, "瑞都宣讲", lecturer=spread["qiantaiju"].lecturer, people_reached=30)
    figures = client.get(LIST).context["figures"]
    assert figures["lectures"] == 2 and figures["audience"] == 150
    lecturer = spread["qiantaiju"].lecturer
    lecturer.name = "王新名"
    lecturer.save()
    top = client.get(LIST).context["figures"]["lecturers"][0]
    assert top == {"cadre_id": lecturer.pk, "name": "王新名", "talks": 2}


def _grow(tree: Any, n: int) -> None:
    for i in range(n):
        activity = _lecture(tree.qiantaiju, f"宣讲{i}", unit=f"单位{i}")
        for _ in range(2):
            CampaignParticipantFactory(activity=activity, cadre=CadreFactory(area=tree.ruidu))


def test_it_keeps_the_list_query_budget_at_two_sizes(
    tree: Any, roles: Any, query_budget: Any
) -> None:
    # count, page of activities with area, lecturer and participant counts (the filter's
    # areas and the figures are kept: laoshan_portal.widgets.keep_choices,
    # campaigns.selectors.kept_campaign_figures)
    client = client_for(roles.street_staff)
    _grow(tree, 2)
    query_budget(client, LIST, 2, lambda: _grow(tree, 30))


def test_it_exports_the_scoped_list_with_formulas_neutralised(
    tree: Any, roles: Any, spread: dict[str, Any]
) -> None:
    _lecture(tree.ruidu, '=HYPERLINK("http://evil")', unit="@SUM(1+1)")
    response = client_for(roles.street_staff).get(reverse("campaigns:export") + "?q=")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("日期", "行动", "标题", "区域")
    titles = {row[2] for row in rows[1:]}
    assert titles == {"千泰居宣讲", "苗岭新风", '\'=HYPERLINK("http://evil")'}
    assert "'@SUM(1+1)" in {row[7] for row in rows[1:]}
    event = AuditEvent.objects.get(action="export")
    assert event.user == roles.street_staff and event.detail["rows"] == 3


def test_it_lets_only_roles_with_the_export_permission_export(roles: Any) -> None:
    assert client_for(roles.secretary_a).get(reverse("campaigns:export")).status_code == 403
    assert client_for(roles.viewer).get(reverse("campaigns:export")).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_it_shows_the_kinds_own_figures_on_the_detail_page(tree: Any, roles: Any) -> None:
    activity = _lecture(tree.ruidu, "碑心石的故事")
    CampaignParticipantFactory(activity=activity, cadre__name="韩卫")
    url = reverse("campaigns:activity_detail", args=[activity.pk])
    body = client_for(roles.viewer).get(url).content.decode()
    for text in ("碑心石的故事", "传承红色基因", "宣讲人", "听众人数", "120", "校园", "韩卫"):
        assert text in body
    assert "期数" not in body
    assert reverse("campaigns:activity_edit", args=[activity.pk]) not in body  # read-only


def test_it_edits_an_activity_and_audits_what_changed(tree: Any, roles: Any) -> None:
    activity = _lecture(tree.ruidu, "碑心石的故事")
    url = reverse("campaigns:activity_edit", args=[activity.pk])
    client = client_for(roles.secretary_a)
    form = client.get(url).context["form"]
    assert form.initial["people_reached"] == 120
    data = {
        "date": activity.date.isoformat(),
        "area": tree.ruidu.pk,
        "title": "碑心石的故事",
        "lecturer": [activity.lecturer_id],
        "topic": activity.topic,
        "venue_type": "school",
        "unit": "午山小学",
        "people_reached": "150",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.people_reached == 150
    event = AuditEvent.objects.get(action="update")
    assert event.detail["changed"] == ["people_reached"]


def test_it_keeps_a_participant_from_outside_the_editors_area(tree: Any, roles: Any) -> None:
    """Someone a district user put on the activity stays when a secretary edits it."""
    activity = CampaignActivityFactory(area=tree.ruidu)
    outsider = CampaignParticipantFactory(activity=activity, cadre__area=tree.wushan).cadre
    url = reverse("campaigns:activity_edit", args=[activity.pk])
    data = {
        "date": activity.date.isoformat(),
        "area": tree.ruidu.pk,
        "title": "改了标题",
        "theme": "civility",
        "people_reached": "80",
        "participants": [outsider.pk],
    }
    assert client_for(roles.secretary_a).post(url, data).status_code == 302
    assert list(activity.participants.all()) == [outsider]


def test_it_refuses_a_future_date_on_edit_and_changes_nothing(tree: Any, roles: Any) -> None:
    activity = CampaignActivityFactory(area=tree.ruidu)
    url = reverse("campaigns:activity_edit", args=[activity.pk])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    data = {"date": future, "area": tree.ruidu.pk, "title": "新", "theme": "civility",
            "people_reached": "80"}  # fmt: skip
    response = client_for(roles.secretary_a).post(url, data)
    assert "日期不能晚于今天。" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "文明礼仪进小区"
    assert not AuditEvent.objects.filter(action="update").exists()


def test_it_adds_and_removes_photos_on_edit(tree: Any, roles: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    activity = CampaignActivityFactory(area=tree.ruidu)
    url = reverse("campaigns:activity_edit", args=[activity.pk])
    base = {"date": activity.date.isoformat(), "area": tree.ruidu.pk, "title": "新风",
            "theme": "civility", "people_reached": "80"}  # fmt: skip
    client = client_for(roles.secretary_a)
    photo = SimpleUploadedFile("x.png", png_bytes("blue"), "image/png")
    assert client.post(url, {**base, "photos": [photo]}).status_code == 302
    added = activity.photos.get()
    served = client.get(reverse("campaigns:photo", args=[added.pk]))
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == png_bytes("blue")
    assert client.post(url, {**base, "remove_photos": [added.pk]}).status_code == 302
    assert not ActivityPhoto.objects.exists()


def test_it_lets_only_administrators_delete(tree: Any, roles: Any) -> None:
    activity = CampaignActivityFactory(area=tree.ruidu)
    url = reverse("campaigns:activity_delete", args=[activity.pk])
    assert client_for(roles.secretary_a).post(url).status_code == 403
    assert client_for(roles.district_admin).get(url).status_code == 200
    assert client_for(roles.district_admin).post(url).status_code == 302
    assert not CampaignActivity.objects.exists()
    assert AuditEvent.objects.filter(action="delete", area=tree.ruidu).exists()


def test_it_lets_the_viewer_read_but_not_write(tree: Any, roles: Any) -> None:
    activity = CampaignActivityFactory(area=tree.ruidu)
    client = client_for(roles.viewer)
    assert client.get(reverse("campaigns:activity_detail", args=[activity.pk])).status_code == 200
    assert client.get(reverse("campaigns:activity_edit", args=[activity.pk])).status_code == 403
    assert client.post(reverse("campaigns:activity_delete", args=[activity.pk])).status_code == 403
