"""Activities and service hours: the phone forms, the hours rules, corrections, the list.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from laoshan_portal.audit.models import AuditEvent
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory
from tests.factories.volunteering import (
    ServiceActivityFactory,
    ServiceRecordFactory,
    TeamFactory,
    TeamMemberFactory,
)
from volunteering.models import ServiceActivity, ServiceRecord, Team


@pytest.fixture
def team(tree: Any) -> Team:
    return TeamFactory(area=tree.ruidu, name="瑞都志愿服务队", cadre_members=3, residents=2)


def _activity(team: Team, day: date | None = None, title: str = "清扫楼道") -> ServiceActivity:
    return ServiceActivityFactory(
        team=team, date=day or timezone.localdate() - timedelta(days=1), title=title
    )


def _cadres(team: Team) -> list[Any]:
    return [m.cadre for m in team.members.filter(cadre__isnull=False).order_by("pk")]


def _log(client: Any, team: Team, **data: Any) -> Any:
    values = {
        "team": team.pk,
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "title": "文明劝导",
        "place": "小区广场",
        "content": "",
        **data,
    }
    return client.post(reverse("volunteering:activity_create"), values)


def test_it_logs_an_activity_with_hours_in_one_step(clients: Any, team: Team) -> None:
    people = _cadres(team)[:2]
    response = _log(
        clients["secretary_a"],
        team,
        participants=[c.pk for c in people],
        hours_each="2.5",
        next="/volunteering/teams/",
    )
    assert response.status_code == 302 and response["Location"] == "/volunteering/teams/"
    activity = ServiceActivity.objects.get(title="文明劝导")
    assert sorted(activity.records.values_list("hours", flat=True)) == [Decimal("2.5")] * 2
    assert AuditEvent.objects.filter(action="create", object_type="volunteering.ServiceActivity")


def test_it_ignores_a_next_that_leaves_the_site(clients: Any, team: Team) -> None:
    response = _log(clients["secretary_a"], team, next="https://evil.example/")
    assert response["Location"].startswith("/volunteering/activities/")


@pytest.mark.parametrize("hours", ["0", "-1", "24.5"])
def test_it_refuses_impossible_hours_and_saves_nothing(
    clients: Any, team: Team, hours: str
) -> None:
    response = _log(
        clients["secretary_a"], team, participants=[_cadres(team)[0].pk], hours_each=hours
    )
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].non_field_errors())
    assert "小时" in errors
    assert not ServiceActivity.objects.exists()  # the activity is not half-saved either
    assert "文明劝导" in response.content.decode()  # what was typed is kept


def test_it_refuses_a_date_in_the_future(clients: Any, team: Team) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _log(clients["secretary_a"], team, date=tomorrow.isoformat())
    assert "不能晚于今天" in str(response.context["form"].errors["date"])
    assert not ServiceActivity.objects.exists()


def test_it_refuses_more_than_24_hours_a_day_across_activities(
    clients: Any, team: Team, tree: Any
) -> None:
    cadre = _cadres(team)[0]
    day = timezone.localdate() - timedelta(days=2)
    other_team = TeamFactory(area=tree.ruidu, name="另一支队", cadre_members=0, residents=0)
    ServiceRecordFactory(
        activity=_activity(other_team, day, "早班"), cadre=cadre, hours=Decimal("20")
    )
    second = _activity(team, day, "晚班")
    url = reverse("volunteering:hours_create", args=[second.pk])
    member = team.members.get(cadre=cadre)
    response = clients["secretary_a"].post(url, {f"m{member.pk}": "4.5"})
    assert response.status_code == 200
    assert "24" in " ".join(response.context["form"].non_field_errors())
    assert not second.records.exists()
    # Exactly 24 is allowed.
    assert clients["secretary_a"].post(url, {f"m{member.pk}": "4"}).status_code == 302


def test_it_enters_hours_of_several_people_at_once(clients: Any, team: Team, tree: Any) -> None:
    activity = _activity(team)
    members = list(team.members.order_by("pk"))
    outsider_helper = CadreFactory(area=tree.qiantaiju)
    url = reverse("volunteering:hours_create", args=[activity.pk])
    page = clients["secretary_a"].get(url).content.decode()
    assert "居民1" in page  # residents without phones get a box too
    data = {f"m{m.pk}": "3" for m in members[:4]}
    data.update({"others": [outsider_helper.pk], "others_hours": "1.5"})
    assert clients["secretary_a"].post(url, data).status_code == 302
    assert activity.records.count() == 5
    assert activity.records.filter(member__resident_name="居民0", hours=3).exists()


def test_it_saves_none_when_one_entry_is_bad(clients: Any, team: Team) -> None:
    activity = _activity(team)
    members = list(team.members.order_by("pk"))
    url = reverse("volunteering:hours_create", args=[activity.pk])
    response = clients["secretary_a"].post(
        url, {f"m{members[0].pk}": "3", f"m{members[1].pk}": "30"}
    )
    assert response.status_code == 200
    assert not activity.records.exists()
    assert 'value="30' in response.content.decode()


def test_it_refuses_the_same_person_twice_on_one_activity(clients: Any, team: Team) -> None:
    activity = _activity(team)
    cadre = _cadres(team)[0]
    ServiceRecordFactory(activity=activity, cadre=cadre)
    url = reverse("volunteering:hours_create", args=[activity.pk])
    response = clients["secretary_a"].post(url, {"others": [cadre.pk], "others_hours": "1"})
    assert "已登记" in " ".join(response.context["form"].non_field_errors())
    assert activity.records.count() == 1
    # And the database refuses it too, whoever writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRecordFactory(activity=activity, cadre=cadre, hours=Decimal("1"))


def test_it_keeps_history_when_an_entry_is_corrected(clients: Any, team: Team, roles: Any) -> None:
    activity = _activity(team)
    wrong = ServiceRecordFactory(activity=activity, cadre=_cadres(team)[0], hours=Decimal("8"))
    url = reverse("volunteering:record_correct", args=[wrong.pk])
    response = clients["secretary_a"].post(url, {"hours": "3", "reason": "多填了"})
    assert response.status_code == 302
    wrong.refresh_from_db()
    assert wrong.status == "declined" and wrong.decline_reason == "多填了"
    assert wrong.declined_by == roles.secretary_a and wrong.declined_at is not None
    corrected = ServiceRecord.objects.get(corrects=wrong)
    assert corrected.hours == 3 and corrected.status == "accepted"
    page = clients["viewer"].get(reverse("volunteering:activity_detail", args=[activity.pk]))
    text = page.content.decode()
    assert "<del>8.0</del>" in text and "3.0" in text and "多填了" in text
    # A declined entry cannot be declined again; records are never deleted.
    again = clients["secretary_a"].post(url, {"reason": "再次"})
    assert again.status_code == 200
    assert ServiceRecord.objects.count() == 2


def test_it_declines_without_a_correction(clients: Any, team: Team) -> None:
    activity = _activity(team)
    entry = ServiceRecordFactory(activity=activity, cadre=_cadres(team)[0])
    url = reverse("volunteering:record_correct", args=[entry.pk])
    response = clients["secretary_a"].post(url, {"hours": "", "reason": ""})
    assert response.context["form"].errors["reason"]
    clients["secretary_a"].post(url, {"hours": "", "reason": "没有参加"})
    entry.refresh_from_db()
    assert entry.status == "declined"
    assert ServiceRecord.objects.count() == 1


def test_it_keeps_each_role_in_its_place(clients: Any, team: Team) -> None:
    activity = _activity(team)
    entry = ServiceRecordFactory(activity=activity, cadre=_cadres(team)[0])
    hours = reverse("volunteering:hours_create", args=[activity.pk])
    correct = reverse("volunteering:record_correct", args=[entry.pk])
    assert clients["viewer"].get(hours).status_code == 403
    assert clients["viewer"].get(correct).status_code == 403
    assert clients["viewer"].get(reverse("volunteering:activity_create")).status_code == 403
    assert clients["secretary_b"].get(hours).status_code == 404
    assert clients["street_staff"].get(hours).status_code == 200
    assert clients["anonymous"].get(hours).status_code == 302


def test_it_filters_the_activity_list(clients: Any, team: Team, tree: Any) -> None:
    old = _activity(team, date(2025, 1, 10), "旧活动")
    new = _activity(team, timezone.localdate(), "新活动")
    other = _activity(
        TeamFactory(area=tree.wushan, name="午山队", cadre_members=2, residents=1),
        date(2025, 6, 1),
        "午山活动",
    )
    url = reverse("volunteering:activity_list")
    client = clients["district_admin"]

    def titles(**params: Any) -> set[str]:
        return {a.title for a in client.get(url, params).context["page"]}

    assert titles() == {old.title, new.title, other.title}
    assert titles(date_from="2025-01-01", date_to="2025-12-31") == {old.title, other.title}
    assert titles(area=tree.zhonghan.pk) == {other.title}
    assert titles(team=team.pk) == {old.title, new.title}
    assert {a.title for a in clients["secretary_b"].get(url).context["page"]} == {other.title}


def test_it_exports_the_activities_in_scope_neutralised(
    clients: Any, team: Team, tree: Any
) -> None:
    activity = _activity(team, title="@SUM(A1)")
    ServiceRecordFactory(activity=activity, cadre=_cadres(team)[0])
    _activity(
        TeamFactory(area=tree.wushan, name="午山队", cadre_members=2, residents=1), title="午山活动"
    )
    response = clients["street_staff"].get(reverse("volunteering:activity_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[6], r[7]) for r in rows] == [("'@SUM(A1)", 1, 2)]
    assert clients["secretary_a"].get(reverse("volunteering:activity_export")).status_code == 403


def _grow(team: Team, n: int) -> None:
    cadres = _cadres(team)
    for index in range(n):
        activity = _activity(team, date(2025, 1, 1) + timedelta(days=index))
        for cadre in cadres:
            ServiceRecordFactory(activity=activity, cadre=cadre)


def test_it_keeps_the_activity_list_query_budget(team: Team, roles: Any, query_budget: Any) -> None:
    client = client_for(roles.district_admin)
    url = reverse("volunteering:activity_list")
    _grow(team, 2)
    # count; the page of activities with team, area, people and hours (the filter's areas
    # and teams are kept)
    query_budget(client, url, 2, lambda: _grow(team, 30))


def test_it_keeps_the_hours_form_query_budget(
    team: Team, roles: Any, tree: Any, query_budget: Any
) -> None:
    client = client_for(roles.secretary_a)
    activity = _activity(team)
    url = reverse("volunteering:hours_create", args=[activity.pk])
    # the activity with its team; its records; the team's members with cadres
    query_budget(client, url, 3, lambda: TeamMemberFactory.create_batch(10, team=team))


def test_the_activity_list_and_export_count_accepted_hours_only(roles: Any, team: Team) -> None:
    counted = _activity(team, title="义诊服务")
    first, second, third = _cadres(team)
    ServiceRecordFactory(activity=counted, cadre=first, hours=Decimal("2.5"))
    ServiceRecordFactory(activity=counted, cadre=second, hours=Decimal("1.5"))
    wrong = ServiceRecordFactory(activity=counted, cadre=third, hours=Decimal("9"))
    ServiceRecord.objects.filter(pk=wrong.pk).update(status="declined", decline_reason="多填了")
    _activity(team, title="无人报名")
    client = client_for(roles.street_staff)

    page = client.get(reverse("volunteering:activity_list")).content.decode()
    rows = {row.split("</a>")[0].rsplit(">", 1)[1]: row for row in page.split("<tr>")[2:]}
    assert '<td class="text-end">2</td>' in rows["义诊服务"]
    assert '<td class="text-end">4.0</td>' in rows["义诊服务"]
    assert '<td class="text-end">0</td>\n      <td class="text-end">0.0</td>' in rows["无人报名"]

    export = client.get(reverse("volunteering:activity_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(export.getvalue())).active
    by_title = {row[1]: row for row in sheet.iter_rows(values_only=True)}
    assert by_title["义诊服务"][6:8] == (2, 4)
    assert by_title["无人报名"][6:8] == (0, 0)
