"""Logging an activity on a phone: choose the kind, fill in one form, log the next one.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from campaigns.models import CampaignActivity
from campaigns.views import log as log_views
from laoshan_portal.audit.models import AuditEvent
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory
from tests.factories.campaigns import png_bytes

LOG = "/campaigns/log/"


def _create_url(campaign: str = "red_heritage", **query: str) -> str:
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    return f"{reverse('campaigns:activity_create')}?campaign={campaign}{extra}"


def _lecture(tree: Any, **changes: Any) -> dict[str, Any]:
    lecturer = CadreFactory(area=tree.qiantaiju, name="钟昭群")
    helper = CadreFactory(area=tree.ruidu, name="韩卫")
    data: dict[str, Any] = {
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "area": tree.ruidu.pk,
        "title": "红色宣讲进校园",
        "lecturer": [lecturer.pk],
        "topic": "人民英雄纪念碑“碑心石”的崂山故事",
        "venue_type": "school",
        "unit": "崂山区实验小学",
        "people_reached": "180",
        "participants": [lecturer.pk, helper.pk],
        "notes": "六年级全体学生",
    }
    data.update(changes)
    return data


def test_it_shows_the_five_kinds_as_big_buttons(roles: Any) -> None:
    response = client_for(roles.secretary_a).get(reverse("campaigns:log"))
    assert response.status_code == 200
    body = response.content.decode()
    for label in ("红色宣讲", "建言献策", "志愿服务骨干培训", "青少年活动", "文明新风活动"):
        assert label in body
    assert "btn-lg" in body
    for code in ("red_heritage", "social_governance", "volunteer_backbone", "youth"):
        assert f"{reverse('campaigns:activity_create')}?campaign={code}" in body


def test_it_links_the_other_apps_forms_that_exist_with_next(roles: Any) -> None:
    """Each other kind is a button exactly when its URL exists, and it comes back here."""
    body = client_for(roles.secretary_a).get(LOG).content.decode()
    for name, _label, _hint in log_views.OTHER_KINDS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            assert f'data-kind="{name}"' not in body
        else:
            assert f"{url}?next=%2Fcampaigns%2Flog%2F" in body


def test_it_leaves_out_a_form_that_does_not_exist_yet(monkeypatch: Any, roles: Any) -> None:
    monkeypatch.setattr(
        log_views,
        "OTHER_KINDS",
        [("nowhere:activity_create", "甲", "甲"), ("cadres:need_create", "乙", "乙")],
    )
    response = client_for(roles.secretary_a).get(LOG)
    assert response.status_code == 200
    body = response.content.decode()
    assert "nowhere:activity_create" not in body
    assert f"{reverse('cadres:need_create')}?next=%2Fcampaigns%2Flog%2F" in body


def test_it_is_not_for_the_viewer_or_anonymous_visitors(roles: Any) -> None:
    viewer = client_for(roles.viewer)
    assert viewer.get(LOG).status_code == 403
    assert viewer.get(_create_url()).status_code == 403
    assert viewer.post(_create_url(), {"title": "x"}).status_code == 403
    anonymous = client_for(None).get(LOG)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_it_sends_a_form_without_a_kind_back_to_the_chooser(roles: Any) -> None:
    client = client_for(roles.secretary_a)
    response = client.get(reverse("campaigns:activity_create") + "?campaign=nonsense")
    assert response.status_code == 302 and response["Location"] == LOG


def test_it_shows_a_phone_first_form_for_the_kind(tree: Any, roles: Any) -> None:
    response = client_for(roles.secretary_a).get(_create_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "宣讲人" in body and "听众人数" in body and "场所类型" in body
    assert "期数" not in body  # a training's field is not on a lecture's form
    assert 'enctype="multipart/form-data"' in body
    assert "btn-lg w-100" in body  # one big button across a 375 px screen
    assert "data-cadre-picker" in body and "js/picker.js" in body
    assert "<script>" not in body
    assert f'value="{timezone.localdate().isoformat()}"' in body  # today, ready to go


def test_it_logs_a_lecture_with_participants_and_a_photo_in_one_post(tree: Any, roles: Any) -> None:
    data = _lecture(tree, photos=[SimpleUploadedFile("课堂.png", png_bytes(), "image/png")])
    response = client_for(roles.secretary_a).post(_create_url(), data)
    activity = CampaignActivity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:activity_saved", args=[activity.pk])
    assert activity.campaign_id == "red_heritage"
    assert (activity.unit, activity.venue_type, activity.people_reached) == (
        "崂山区实验小学",
        "school",
        180,
    )
    assert activity.lecturer.name == "钟昭群"
    assert sorted(c.name for c in activity.participants.all()) == ["钟昭群", "韩卫"]
    assert activity.photos.get().content_type == "image/png"
    assert activity.created_by == roles.secretary_a
    event = AuditEvent.objects.get(action="create", object_type="campaigns.CampaignActivity")
    assert event.area == tree.ruidu and event.user == roles.secretary_a

    saved = client_for(roles.secretary_a).get(response["Location"]).content.decode()
    assert "已保存" in saved and "红色宣讲进校园" in saved
    assert "再登记一项" in saved and f'href="{LOG}"' in saved


def test_it_keeps_what_was_typed_on_bad_input(tree: Any, roles: Any) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = _lecture(tree, date=tomorrow, people_reached="-5")
    response = client_for(roles.secretary_a).post(_create_url(), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "日期不能晚于今天。" in body
    assert "人数不能为负数。" in body
    assert "请更正以下错误，已填写的内容已保留。" in body
    assert 'value="红色宣讲进校园"' in body and 'value="崂山区实验小学"' in body
    assert "六年级全体学生" in body
    # The people chosen in the search box are still chosen.
    for pk in data["participants"]:
        assert f'<option value="{pk}" selected>' in body
    assert not CampaignActivity.objects.exists()
    assert not AuditEvent.objects.filter(action="create").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"participants": "OUTSIDE"}, "所选人员不在您的管辖范围内。"),
        ({"participants": "TWICE"}, "同一人被重复选择。"),
        ({"photos": [SimpleUploadedFile("a.jpg", b"not a photo at all")]}, "该文件不是照片。"),
        ({"sessions": "2"}, None),  # a field of another kind is ignored, not an error
        ({"people_reached": ""}, "这个字段是必填项。"),
        ({"area": "OUTSIDE"}, "所选区域不在您的管辖范围内。"),
    ],
    ids=["outside", "twice", "not-a-photo", "other-kind", "missing-count", "area-outside"],
)
def test_it_refuses_bad_input_with_a_chinese_message(
    tree: Any, roles: Any, changes: dict[str, Any], message: str | None
) -> None:
    data = _lecture(tree)
    if changes.get("participants") == "OUTSIDE":
        changes["participants"] = [CadreFactory(area=tree.wushan).pk]
    if changes.get("participants") == "TWICE":
        changes["participants"] = [data["participants"][1], data["participants"][1]]
    if changes.get("area") == "OUTSIDE":
        changes["area"] = tree.wushan.pk
    data.update(changes)
    response = client_for(roles.secretary_a).post(_create_url(), data)
    if message is None:
        assert response.status_code == 302
        assert CampaignActivity.objects.get().sessions is None
        return
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CampaignActivity.objects.exists()


def test_it_refuses_a_photo_over_5_mb(tree: Any, roles: Any) -> None:
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (5 * 1024 * 1024), "image/png")
    response = client_for(roles.secretary_a).post(_create_url(), _lecture(tree, photos=[big]))
    assert "照片不能超过 5 MB。" in response.content.decode()
    assert not CampaignActivity.objects.exists()


def test_it_returns_to_a_local_next_only(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    response = client.post(_create_url(next="/workrooms/"), _lecture(tree))
    assert response["Location"] == "/workrooms/"
    data = _lecture(tree, title="第二场", next="https://evil.example/")
    data["lecturer"] = data["participants"][:1]
    data["participants"] = []
    response = client.post(_create_url(), data)
    latest = CampaignActivity.objects.get(title="第二场")
    assert response["Location"] == reverse("campaigns:activity_saved", args=[latest.pk])


@pytest.mark.parametrize(
    ("campaign", "fields", "label"),
    [
        ("social_governance", {"topic": "老旧小区改造", "addressed_to": "区住建局",
                               "adoption": "adopted"}, "采纳情况"),
        ("volunteer_backbone", {"sessions": "3", "attendance": "45"}, "参训人次"),
        ("youth", {"programme": "big_hands", "participant_count": "6",
                   "people_reached": "60"}, "覆盖青少年人数"),
        ("civilised_customs", {"theme": "changing_customs", "people_reached": "300"}, "覆盖人数"),
    ],
)  # fmt: skip
def test_it_logs_every_other_kind_from_the_same_flow(
    tree: Any, roles: Any, campaign: str, fields: dict[str, str], label: str
) -> None:
    client = client_for(roles.secretary_a)
    assert label in client.get(_create_url(campaign)).content.decode()
    data = {"date": timezone.localdate().isoformat(), "area": tree.qiantaiju.pk, "title": "活动"}
    response = client.post(_create_url(campaign), {**data, **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CampaignActivity.objects.get().campaign_id == campaign


HOSTILE = ["", " ", "-1", "99999999999999999999", "1e309", "NaN", "' OR 1=1 --",
           "<script>alert(1)</script>", "\x00", "好" * 3000, "2024-02-30",
           "9999-12-31"]  # fmt: skip


@pytest.mark.parametrize(
    "campaign",
    ["red_heritage", "social_governance", "volunteer_backbone", "youth", "civilised_customs"],
)
def test_it_answers_hostile_input_with_form_errors_only(
    tree: Any, roles: Any, campaign: str
) -> None:
    client = client_for(roles.secretary_a)
    fields = list(client.get(_create_url(campaign)).context["form"].fields)
    for value in HOSTILE:
        data = {name: value for name in fields if name != "photos"}
        data["participants"] = [value, value]
        response = client.post(_create_url(campaign), data)
        assert response.status_code == 200, value
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert not CampaignActivity.objects.exists()
