"""The workroom activity logs: the list with filters and export, logging, bad input, photos.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from laoshan_portal.audit.models import AuditEvent
from tests.conftest import ROLE_NAMES, SEEN_IN_SPREAD, client_for
from tests.factories.cadres import CadreFactory
from tests.factories.campaigns import bomb_png, png_bytes
from tests.factories.workrooms import (
    ClusterFactory,
    WorkroomActivityFactory,
    WorkroomFactory,
    WorkroomParticipantFactory,
)
from workrooms.models import Activity, ActivityParticipant, ActivityPhoto

LIST = "/workrooms/activities/"
CREATE = "/workrooms/activities/new/"


@pytest.fixture
def spread(tree: Any) -> dict[str, Activity]:
    """One activity in each of 千泰居 (瑞都), 苗岭, 午山 and 团岛 (the other district)."""
    return {
        "qiantaiju": WorkroomActivityFactory(
            area=tree.qiantaiju, summary="千泰居议事", date=date(2026, 3, 5), people_served=30
        ),
        "miaoling": WorkroomActivityFactory(
            area=tree.miaoling, summary="苗岭宣讲", kind="lecture", date=date(2026, 1, 10)
        ),
        "wushan": WorkroomActivityFactory(
            area=tree.wushan, summary="午山帮扶", kind="pairing", date=date(2025, 12, 1)
        ),
        "tuandao": WorkroomActivityFactory(area=tree.tuandao, summary="团岛培训", kind="training"),
    }


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_it_lists_only_the_activities_in_scope(
    role_name: str, roles: Any, spread: dict[str, Activity]
) -> None:
    response = client_for(getattr(roles, role_name)).get(LIST)
    assert response.status_code == 200
    seen = {spread[key].summary for key in SEEN_IN_SPREAD[role_name]}
    assert {a.summary for a in response.context["page"]} == seen
    body = response.content.decode()
    assert "工作室活动" in body
    assert (f'href="{CREATE}"' in body) is (role_name != "viewer")


def test_it_sends_anonymous_visitors_to_log_in(tree: Any) -> None:
    response = client_for(None).get(LIST)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("area={jinjialing}", {"千泰居议事", "苗岭宣讲"}),
        ("area={ruidu}", {"千泰居议事"}),
        ("start=2026-03-01&end=2026-03-31", {"千泰居议事"}),
        ("start=2026-01-01&end=2026-01-31", {"苗岭宣讲"}),
        ("kind=pairing", {"午山帮扶"}),
        ("workroom={wushan_workroom}", {"午山帮扶"}),
        ("start=2026-02-30", {"千泰居议事", "苗岭宣讲", "午山帮扶"}),  # a bad date: ignored
        ("area={tuandao}", {"千泰居议事", "苗岭宣讲", "午山帮扶"}),  # out of scope: ignored
    ],
)
def test_it_filters_by_area_dates_kind_and_workroom(
    query: str, expected: set[str], tree: Any, roles: Any, spread: dict[str, Activity]
) -> None:
    url = (
        LIST
        + "?"
        + query.format(
            jinjialing=tree.jinjialing.pk,
            ruidu=tree.ruidu.pk,
            tuandao=tree.tuandao.pk,
            wushan_workroom=spread["wushan"].workroom_id,
        )
    )
    response = client_for(roles.district_admin).get(url)
    assert {a.summary for a in response.context["page"]} == expected


def test_it_finds_a_workroom_s_joint_activities_under_its_filter(tree: Any, roles: Any) -> None:
    workroom = WorkroomFactory(area=tree.qiantaiju)
    cluster = ClusterFactory(area=tree.jinjialing, workrooms=[workroom])
    joint = WorkroomActivityFactory(
        cluster=cluster, workroom=None, date=date(2026, 2, 1), kind="sharing", summary="联建"
    )
    joint.joint_workrooms.add(workroom)
    WorkroomActivityFactory(area=tree.qiantaiju, summary="别的工作室")
    response = client_for(roles.street_staff).get(f"{LIST}?workroom={workroom.pk}")
    assert {a.summary for a in response.context["page"]} == {"联建"}


def _grow(tree: Any, n: int) -> None:
    workroom = WorkroomFactory(area=tree.qiantaiju)
    for i in range(n):
        activity = WorkroomActivityFactory(
            area=tree.qiantaiju, workroom=workroom, summary=f"活动{i}"
        )
        for _ in range(2):
            WorkroomParticipantFactory(activity=activity, cadre=CadreFactory(area=tree.ruidu))


def test_it_keeps_the_list_query_budget_at_two_sizes(
    tree: Any, roles: Any, query_budget: Any
) -> None:
    # count, workrooms of the filter, the page of activities with their area, workroom, cluster
    # and participant count (the filter's areas are kept)
    client = client_for(roles.street_staff)
    _grow(tree, 2)
    query_budget(client, LIST, 3, lambda: _grow(tree, 30))


def _form(tree: Any, **changes: Any) -> dict[str, Any]:
    workroom = changes.pop("workroom", None) or WorkroomFactory(area=tree.qiantaiju)
    people = changes.pop("people", None) or [CadreFactory(area=tree.qiantaiju) for _ in range(2)]
    data = {
        "workroom": workroom.pk,
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "kind": "deliberation",
        "participants": [p.pk for p in people],
        "people_served": "25",
        "summary": "议事：电动车充电",
    }
    data.update(changes)
    return data


def test_it_logs_an_activity_with_participants_and_photos(tree: Any, roles: Any) -> None:
    data = _form(tree, photos=[SimpleUploadedFile("现场.png", png_bytes(), "image/png")])
    response = client_for(roles.secretary_a).post(CREATE, data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workrooms:activity_detail", args=[activity.pk])
    assert activity.area == tree.qiantaiju and activity.people_served == 25
    assert activity.participants.count() == 2
    photo = activity.photos.get()
    assert photo.content_type == "image/png" and not photo.file.name.endswith("现场.png")
    event = AuditEvent.objects.get(action="create", object_type="workrooms.Activity")
    assert event.user == roles.secretary_a and event.area == tree.qiantaiju


def test_it_shows_a_phone_first_form_that_preselects_the_workroom(tree: Any, roles: Any) -> None:
    workroom = WorkroomFactory(area=tree.qiantaiju, name="于通海老党员工作室")
    response = client_for(roles.secretary_a).get(f"{CREATE}?workroom={workroom.pk}")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="viewport"' in body and "btn-lg w-100" in body
    assert f'<option value="{workroom.pk}" selected>' in body
    assert "js/picker.js" in body and 'enctype="multipart/form-data"' in body


def test_it_returns_to_a_local_next_only(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    response = client.post(f"{CREATE}?next=/campaigns/log/", _form(tree))
    assert response["Location"] == "/campaigns/log/"
    response = client.post(f"{CREATE}?next=https://evil.example/", _form(tree))
    assert response["Location"].startswith("/workrooms/activities/")


def _refused(client: Any, data: dict[str, Any]) -> str:
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert not Activity.objects.exists() and not ActivityPhoto.objects.exists()
    body = response.content.decode()
    assert "请更正" in body  # the banner above the form
    assert "议事：电动车充电" in body  # what was typed is kept
    return body


def test_it_refuses_a_date_in_the_future(tree: Any, roles: Any) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    body = _refused(client_for(roles.secretary_a), _form(tree, date=tomorrow))
    assert "日期不能晚于今天" in body


def test_it_refuses_a_photo_that_is_not_an_image_whatever_its_name(tree: Any, roles: Any) -> None:
    fake = SimpleUploadedFile("photo.png", b"<?php echo 1; ?>", "image/png")
    body = _refused(client_for(roles.secretary_a), _form(tree, photos=[fake]))
    assert "不是照片" in body


def test_it_refuses_a_photo_over_5_mb(tree: Any, roles: Any) -> None:
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (5 * 1024 * 1024), "image/png")
    body = _refused(client_for(roles.secretary_a), _form(tree, photos=[big]))
    assert "5 MB" in body


def test_it_refuses_a_decompression_bomb_with_a_chinese_message(tree: Any, roles: Any) -> None:
    bomb = SimpleUploadedFile("bomb.png", bomb_png(), "image/png")
    assert bomb.size < 100_000  # small on disk, 400 million pixels inside
    body = _refused(client_for(roles.secretary_a), _form(tree, photos=[bomb]))
    assert "像素过多" in body


def test_it_refuses_a_participant_outside_the_area(tree: Any, roles: Any) -> None:
    outsider = CadreFactory(area=tree.wushan)
    body = _refused(
        client_for(roles.secretary_a), _form(tree, people=[outsider, CadreFactory(area=tree.ruidu)])
    )
    assert "不在您的" in body


def test_it_refuses_the_same_person_twice(tree: Any, roles: Any) -> None:
    person = CadreFactory(area=tree.qiantaiju)
    data = _form(tree, people=[person])
    data["participants"] = [person.pk, person.pk]
    body = _refused(client_for(roles.secretary_a), data)
    assert "同一" in body


def test_it_refuses_a_negative_count_and_a_workroom_outside_the_area(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    _refused(client, _form(tree, people_served="-1"))
    _refused(client, _form(tree, workroom=WorkroomFactory(area=tree.wushan)))


def test_the_database_keeps_each_participant_once(tree: Any) -> None:
    activity = WorkroomActivityFactory(area=tree.qiantaiju)
    person = WorkroomParticipantFactory(activity=activity).cadre
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityParticipant.objects.create(activity=activity, cadre=person)


def test_it_serves_a_photo_only_within_the_area(tree: Any, roles: Any) -> None:
    client_for(roles.secretary_a).post(
        CREATE, _form(tree, photos=[SimpleUploadedFile("a.png", png_bytes(), "image/png")])
    )
    url = reverse("workrooms:photo", args=[ActivityPhoto.objects.get().pk])
    response = client_for(roles.street_staff).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(roles.secretary_b).get(url).status_code == 404


def test_it_changes_an_activity_and_removes_a_photo(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    client.post(CREATE, _form(tree, photos=[SimpleUploadedFile("a.png", png_bytes(), "image/png")]))
    activity = Activity.objects.get()
    photo = activity.photos.get()
    url = reverse("workrooms:activity_edit", args=[activity.pk])
    data = _form(tree, workroom=activity.workroom, summary="改过的纪要", remove_photos=[photo.pk])
    data["participants"] = list(activity.participants.values_list("pk", flat=True))
    response = client.post(url, data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.summary == "改过的纪要" and not activity.photos.exists()
    event = AuditEvent.objects.get(action="update", object_type="workrooms.Activity")
    assert "summary" in event.detail["changed"] and "photos" in event.detail["changed"]


def test_only_administrators_delete_an_activity(tree: Any, roles: Any) -> None:
    activity = WorkroomActivityFactory(area=tree.qiantaiju)
    url = reverse("workrooms:activity_delete", args=[activity.pk])
    assert client_for(roles.secretary_a).post(url).status_code == 403
    assert client_for(roles.district_admin).post(url).status_code == 302
    assert not Activity.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="workrooms.Activity").exists()


def test_the_viewer_cannot_log_an_activity(tree: Any, roles: Any) -> None:
    assert client_for(roles.viewer).get(CREATE).status_code == 403
    assert client_for(roles.viewer).post(CREATE, _form(tree)).status_code == 403
    assert not Activity.objects.exists()


def test_it_logs_a_joint_activity_of_a_cluster_s_workrooms(tree: Any, roles: Any) -> None:
    inside = [WorkroomFactory(area=tree.qiantaiju), WorkroomFactory(area=tree.miaoling)]
    cluster = ClusterFactory(area=tree.jinjialing, workrooms=inside)
    stranger = WorkroomFactory(area=tree.ruidu)
    url = reverse("workrooms:cluster_activity_create", args=[cluster.pk])
    client = client_for(roles.street_staff)
    data = _form(tree, workroom=inside[0])
    del data["workroom"]
    response = client.post(url, {**data, "joint_workrooms": [stranger.pk]})
    assert response.status_code == 200 and not Activity.objects.exists()
    response = client.post(url, {**data, "joint_workrooms": [w.pk for w in inside]})
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.cluster == cluster and activity.workroom is None
    assert activity.area == tree.jinjialing
    assert set(activity.joint_workrooms.all()) == set(inside)
    # A secretary of one community does not see the street's cluster.
    assert client_for(roles.secretary_a).get(url).status_code == 404


def test_it_exports_the_scoped_list_with_formulas_neutralised(
    tree: Any, roles: Any, spread: dict[str, Activity]
) -> None:
    WorkroomActivityFactory(area=tree.miaoling, summary='=HYPERLINK("http://evil")')
    response = client_for(roles.street_staff).get(reverse("workrooms:activity_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("日期", "类别", "工作室")
    summaries = {row[-1] for row in rows[1:]}
    assert summaries == {"千泰居议事", "苗岭宣讲", '\'=HYPERLINK("http://evil")'}
    event = AuditEvent.objects.get(action="export")
    assert event.user == roles.street_staff and event.detail["rows"] == 3


def test_it_refuses_the_export_to_roles_without_the_permission(
    roles: Any, spread: dict[str, Activity]
) -> None:
    url = reverse("workrooms:activity_export")
    assert client_for(roles.secretary_a).get(url).status_code == 403
    assert client_for(roles.viewer).get(url).status_code == 403
