"""The care pages: the list with its filters and masked export, a person's page and the
decisions by hand, logging a visit, its audited reveal and the need it raises."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from cadres.models import Cadre, Need
from care.models import CareListEntry, Visit
from laoshan_portal.audit.models import AuditEvent
from tests.care_people import person
from tests.conftest import client_for

LIST = reverse("care:care_list")


def names(response: Any) -> list[str]:
    return [row.cadre.name for row in response.context["rows"]]


def test_the_list_filters_by_reason_area_and_age(tree: Any, roles: Any) -> None:
    person(tree.qiantaiju, "甲", hardship=True, born=date(1950, 1, 1))
    person(tree.miaoling, "乙", living_arrangement=Cadre.Living.ALONE, born=date(1944, 1, 1))
    person(tree.miaoling, "丙")
    client = client_for(roles.street_staff)
    assert sorted(names(client.get(LIST))) == ["乙", "甲"]
    assert names(client.get(LIST, {"reason": "hardship"})) == ["甲"]
    assert names(client.get(LIST, {"area": tree.miaoling.pk})) == ["乙"]
    assert names(client.get(LIST, {"age_band": "80_89"})) == ["乙"]
    assert names(client.get(LIST, {"age_band": "70_79"})) == ["甲"]
    page = client.get(LIST).content.decode()
    assert "生活困难" in page or "In hardship" in page
    assert names(client_for(roles.secretary_b).get(LIST)) == []


def test_the_export_is_scoped_masked_and_audited(tree: Any, roles: Any) -> None:
    person(tree.qiantaiju, "甲", hardship=True, mobile="13912345678", illness_note="秘密")
    person(tree.wushan, "丙", hardship=True)
    response = client_for(roles.street_staff).get(reverse("care:care_list_export"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    text = str(values)
    assert "甲" in text and "丙" not in text
    assert "13912345678" not in text and "秘密" not in text
    assert AuditEvent.objects.filter(action="export", user=roles.street_staff).exists()
    assert client_for(roles.secretary_a).get(reverse("care:care_list_export")).status_code == 403


def test_a_person_is_added_and_taken_off_by_hand(tree: Any, roles: Any) -> None:
    cadre = person(tree.qiantaiju, "甲")
    client = client_for(roles.secretary_a)
    page = client.get(reverse("care:person", args=[cadre.pk]))
    assert page.context["row"] is None
    client.post(reverse("care:person_add", args=[cadre.pk]), {"reason": "子女在外地"})
    assert names(client.get(LIST)) == ["甲"]
    client.post(reverse("care:person_remove", args=[cadre.pk]), {"reason": "子女已回"})
    assert names(client.get(LIST)) == []
    assert CareListEntry.objects.get(cadre=cadre).reason == "子女已回"
    assert AuditEvent.objects.filter(action="update", object_type__contains="care").count() == 2
    assert (
        client_for(roles.viewer)
        .post(reverse("care:person_add", args=[cadre.pk]), {"reason": "x"})
        .status_code
        == 403
    )


def test_a_visit_is_logged_with_visitors_and_raises_a_need(tree: Any, roles: Any) -> None:
    cadre = person(tree.qiantaiju, "甲", living_arrangement=Cadre.Living.ALONE)
    helper = person(tree.qiantaiju, "乙")
    client = client_for(roles.secretary_a)
    url = reverse("care:visit_create", args=[cadre.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "date": "2026-12-03",
            "kind": Visit.Kind.ROUTINE,
            "staff": [roles.secretary_a.pk],
            "cadre_visitors": [helper.pk],
            "items": "牛奶",
            "amount": "200.50",
            "health_findings": "血压偏高",
            "needs_raised": "楼道灯坏了\n请物业修理",
            "follow_up": "on",
            "follow_up_by": "2026-12-20",
        },
    )
    visit = Visit.objects.get(cadre=cadre)
    assert response.status_code == 302
    assert str(visit.amount) == "200.50" and list(visit.cadre_visitors.all()) == [helper]
    assert visit.area == tree.qiantaiju
    detail = client.get(reverse("care:visit_detail", args=[visit.pk])).content.decode()
    assert "血压偏高" not in detail
    revealed = client.post(reverse("care:visit_reveal", args=[visit.pk])).content.decode()
    assert "血压偏高" in revealed
    assert AuditEvent.objects.filter(action="reveal", user=roles.secretary_a).exists()
    assert (
        client_for(roles.viewer).post(reverse("care:visit_reveal", args=[visit.pk])).status_code
        == 403
    )
    raised = client.post(reverse("care:visit_raise_need", args=[visit.pk]))
    need = Need.objects.get()
    assert raised.url == reverse("cadres:need_detail", args=[need.pk])
    assert need.area == tree.qiantaiju and "楼道灯坏了" in need.title
    client.post(reverse("care:visit_raise_need", args=[visit.pk]))
    assert Need.objects.count() == 1
    listing = client.get(reverse("care:visit_list"))
    assert [v.pk for v in listing.context["page"]] == [visit.pk]


def test_a_visit_refuses_a_future_date_and_a_negative_amount(tree: Any, roles: Any) -> None:
    cadre = person(tree.qiantaiju, "甲")
    client = client_for(roles.secretary_a)
    url = reverse("care:visit_create", args=[cadre.pk])
    response = client.post(url, {"date": "2027-01-01", "kind": "routine", "amount": "-1"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"date", "amount"}
    assert not Visit.objects.exists()


def test_the_birthdays_page_and_the_menu(tree: Any, roles: Any) -> None:
    person(tree.qiantaiju, "甲", born=date(1946, 12, 6))
    response = client_for(roles.secretary_a).get(reverse("care:birthdays"))
    assert [b.cadre.name for b in response.context["month"]] == ["甲"]
    assert reverse("care:care_list") in response.content.decode()


def test_the_months_birthdays_come_a_page_at_a_time(tree: Any, roles: Any) -> None:
    for index in range(27):
        person(tree.qiantaiju, f"寿{index:02d}", born=date(1946, 12, 1 + index))
    client = client_for(roles.secretary_a)
    first = client.get(reverse("care:birthdays"))
    assert len(first.context["month"]) == 25 and first.context["month"].paginator.count == 27
    assert "?page=2" in first.content.decode()
    second = client.get(reverse("care:birthdays"), {"page": "2"})
    assert [b.day.day for b in second.context["month"]] == [26, 27]


def test_the_weeks_birthdays_come_a_page_at_a_time_and_show_a_new_person_at_once(
    tree: Any, roles: Any, monkeypatch: Any
) -> None:
    """This week (2026-11-30 to 12-06) has its own pages (``?week=``), apart from the
    month's; the kept first pages and those past them follow the order of the whole list,
    and a person added shows on the next view."""
    monkeypatch.setattr("care.selectors.KEPT_MISSING", 26)
    for index in range(27):
        person(tree.qiantaiju, f"周{index:02d}", born=date(1946, 12, 1 + index % 6))
    client = client_for(roles.secretary_a)
    first = client.get(reverse("care:birthdays"))
    week, month = first.context["week"], first.context["month"]
    assert len(week) == 25 and week.paginator.count == 27 and month.paginator.count == 27
    assert 'href="?week=2"' in first.content.decode()
    assert "本周生日分页" in first.content.decode()
    second = client.get(reverse("care:birthdays"), {"week": "2"})
    rest = list(second.context["week"])
    assert len(rest) == 2 and second.context["month"].number == 1
    days = [b.day for b in week] + [b.day for b in rest]
    assert days == sorted(days)
    person(tree.qiantaiju, "新来", born=date(1946, 12, 2))
    again = client.get(reverse("care:birthdays"), {"week": "2"})
    assert again.context["week"].paginator.count == 28
