"""The campaigns' writes: fixed campaigns, each kind's own figures, scope, nothing half-saved.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from campaigns import services
from campaigns.models import ActivityPhoto, Campaign, CampaignActivity
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory
from tests.factories.campaigns import png_bytes

YESTERDAY = timezone.localdate() - timedelta(days=1)


@pytest.fixture
def scope(tree: Any) -> Scope:
    """A secretary's scope: 瑞都社区."""
    return Scope(area=tree.ruidu, role="secretary")


GOOD = {
    "red_heritage": {"topic": "台柳路", "venue_type": "school", "unit": "午山小学",
                     "people_reached": 100},
    "social_governance": {"topic": "城市更新", "addressed_to": "区住建局", "adoption": "adopted"},
    "volunteer_backbone": {"sessions": 2, "attendance": 30},
    "youth": {"programme": "first_button", "participant_count": 4, "people_reached": 90},
    "civilised_customs": {"theme": "changing_customs", "people_reached": 200},
}  # fmt: skip


def _data(tree: Any, code: str, **changes: Any) -> dict[str, Any]:
    data = {"area": tree.ruidu, "date": YESTERDAY, "title": "活动", **GOOD[code]}
    if code == "red_heritage":
        data["lecturer"] = CadreFactory(area=tree.ruidu)
    data.update(changes)
    return data


def _create(scope: Scope, tree: Any, code: str, **kwargs: Any) -> CampaignActivity:
    data = kwargs.pop("data", None) or _data(tree, code)
    return services.activity_create(scope=scope, actor=None, campaign=code, data=data, **kwargs)


def test_it_has_the_five_fixed_campaigns_in_chinese(db: None) -> None:
    with translation.override("zh-hans"):
        names = [str(c) for c in Campaign.objects.all()]
    assert names == [
        "传承红色基因",
        "助力社会治理",
        "志愿服务骨干培养",
        "关爱青少年健康成长",
        "倡导社会新风尚",
    ]


def test_it_does_not_let_anyone_edit_the_campaigns_in_the_admin(roles: Any) -> None:
    client = client_for(roles.district_admin)
    assert client.get(reverse("admin:campaigns_campaign_add")).status_code == 403
    change = reverse("admin:campaigns_campaign_change", args=["youth"])
    client.post(change, {"code": "youth", "sort_order": 99})
    assert Campaign.objects.get(code="youth").sort_order == 4


@pytest.mark.parametrize("code", list(GOOD))
def test_it_saves_each_kind_with_its_own_figures(scope: Scope, tree: Any, code: str) -> None:
    activity = _create(scope, tree, code)
    for name, value in GOOD[code].items():
        assert getattr(activity, name) == value
    assert AuditEvent.objects.filter(action="create", object_id=str(activity.pk)).exists()


@pytest.mark.parametrize("code", list(GOOD))
def test_it_requires_each_field_of_the_kind(scope: Scope, tree: Any, code: str) -> None:
    for name in [*GOOD[code], *(["lecturer"] if code == "red_heritage" else [])]:
        empty = None if name in {"lecturer", "sessions", "attendance", "participant_count",
                                 "people_reached"} else ""  # fmt: skip
        with pytest.raises(ValidationError) as error, translation.override("zh-hans"):
            _create(scope, tree, code, data=_data(tree, code, **{name: empty}))
        assert error.value.message_dict[name] == ["此类活动须填写此项。"]
    assert not CampaignActivity.objects.exists()


def test_it_empties_the_fields_of_other_kinds(scope: Scope, tree: Any) -> None:
    data = _data(tree, "volunteer_backbone", unit="混进来的单位", people_reached=5)
    activity = _create(scope, tree, "volunteer_backbone", data=data)
    assert (activity.unit, activity.people_reached) == ("", None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": timezone.localdate() + timedelta(days=1)}, "date", "日期不能晚于今天。"),
        ({"people_reached": -1}, "people_reached", None),
        ({"sessions": 0}, "sessions", "培训至少一期。"),
    ],
    ids=["future", "negative", "no-session"],
)
def test_it_refuses_impossible_values(
    scope: Scope, tree: Any, changes: dict[str, Any], field: str, message: str | None
) -> None:
    code = "volunteer_backbone" if field == "sessions" else "civilised_customs"
    with pytest.raises(ValidationError) as error, translation.override("zh-hans"):
        _create(scope, tree, code, data=_data(tree, code, **changes))
    assert field in error.value.message_dict
    if message:
        assert message in error.value.message_dict[field]
    assert not CampaignActivity.objects.exists()


def test_it_refuses_the_same_person_twice(scope: Scope, tree: Any) -> None:
    person = CadreFactory(area=tree.ruidu)
    with pytest.raises(ValidationError) as error, translation.override("zh-hans"):
        _create(scope, tree, "youth", participants=[person, person])
    assert error.value.message_dict["participants"] == ["同一人被重复选择。"]
    assert not CampaignActivity.objects.exists()


def test_it_refuses_people_and_areas_outside_the_scope(scope: Scope, tree: Any) -> None:
    outsider = CadreFactory(area=tree.wushan)
    with pytest.raises(ValidationError) as error:
        _create(scope, tree, "youth", participants=[outsider])
    assert "participants" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _create(scope, tree, "red_heritage", data=_data(tree, "red_heritage", lecturer=outsider))
    assert "lecturer" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _create(scope, tree, "youth", data=_data(tree, "youth", area=tree.wushan))
    assert "area" in error.value.message_dict
    assert not CampaignActivity.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_saves_nothing_when_a_photo_is_bad(scope: Scope, tree: Any) -> None:
    good = SimpleUploadedFile("a.png", png_bytes(), "image/png")
    bad = SimpleUploadedFile("b.png", b"<?php echo 1; ?>", "image/png")
    with pytest.raises(ValidationError) as error:
        _create(
            scope, tree, "youth", photos=[good, bad], participants=[CadreFactory(area=tree.ruidu)]
        )
    assert "photos" in error.value.message_dict
    assert not CampaignActivity.objects.exists()
    assert not ActivityPhoto.objects.exists()


def test_it_stores_photos_under_a_name_of_its_own(scope: Scope, tree: Any) -> None:
    upload = SimpleUploadedFile("../../etc/passwd.png", png_bytes(), "image/png")
    activity = _create(scope, tree, "youth", photos=[upload])
    name = activity.photos.get().file.name
    assert name.startswith(f"campaigns/photos/{timezone.localtime():%Y/%m}/")  # Beijing month
    assert name.endswith(".png") and "passwd" not in name


def test_the_database_refuses_a_lecture_without_its_figures(tree: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignActivity.objects.create(
            campaign_id="red_heritage", area=tree.ruidu, date=YESTERDAY, title="无宣讲人"
        )
