"""The registry's care fields: illness (its note masked, every reveal audited), hardship,
bereavement, and a death recorded with its date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from cadres import services
from cadres.models import Cadre
from laoshan_portal import clock
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from tests.care_people import person
from tests.conftest import client_for


def test_it_masks_the_illness_note_on_the_record_page(tree: Any, roles: Any) -> None:
    cadre = person(tree.ruidu, serious_illness=True, illness_note="肺炎住院")
    response = client_for(roles.secretary_a).get(reverse("cadres:cadre_detail", args=[cadre.pk]))
    assert response.status_code == 200
    assert "肺炎住院" not in response.content.decode()
    assert "******" in response.content.decode()
    rows = {row["name"]: row["value"] for _title, section in response.context["sections"]
            for row in section}  # fmt: skip
    assert (rows["serious_illness"], rows["hardship"]) == ("是", "否")


def test_it_audits_every_reveal_of_the_illness_note(tree: Any, roles: Any) -> None:
    cadre = person(tree.ruidu, serious_illness=True, illness_note="肺炎住院")
    url = reverse("cadres:cadre_reveal", args=[cadre.pk])
    response = client_for(roles.secretary_a).post(url)
    assert "肺炎住院" in response.content.decode()
    event = AuditEvent.objects.get(action="reveal", user=roles.secretary_a)
    assert "illness_note" in event.detail["fields"]
    assert "肺炎住院" not in str(event.detail)
    assert client_for(roles.viewer).post(url).status_code == 403
    assert AuditEvent.objects.filter(action="reveal", user=roles.viewer, succeeded=False).exists()


def test_it_saves_the_care_fields_through_the_form(tree: Any, roles: Any) -> None:
    cadre = person(tree.ruidu)
    form = client_for(roles.secretary_a).get(reverse("cadres:cadre_edit", args=[cadre.pk]))
    data = {
        name: "" if value is None else value
        for name, value in form.context["form"].initial.items()
        if name not in {"specialties", "service_kinds", "id_number_hash", "mobile_hash"}
    }
    data.update(
        area=tree.ruidu.pk,
        hardship="on",
        serious_illness="on",
        illness_note="心脏搭桥术后",
        bereaved_on="2026-08-01",
    )
    data = {k: v for k, v in data.items() if v is not False}
    response = client_for(roles.secretary_a).post(
        reverse("cadres:cadre_edit", args=[cadre.pk]), data
    )
    assert response.status_code == 302, response.context["form"].errors
    cadre.refresh_from_db()
    assert cadre.hardship and cadre.serious_illness
    assert cadre.illness_note == "心脏搭桥术后"
    assert cadre.bereaved_on == date(2026, 8, 1)


def test_it_records_a_death_with_its_date(tree: Any, roles: Any) -> None:
    cadre = person(tree.ruidu)
    url = reverse("cadres:cadre_status", args=[cadre.pk])
    client_for(roles.secretary_a).post(url, {"status": "deceased", "deceased_on": "2026-11-30"})
    cadre.refresh_from_db()
    assert cadre.status == Cadre.Status.DECEASED
    assert cadre.deceased_on == date(2026, 11, 30)
    page = client_for(roles.secretary_a).get(reverse("cadres:cadre_detail", args=[cadre.pk]))
    assert "2026-11-30" in page.content.decode()


def test_a_death_without_a_date_is_today_and_never_in_the_future(tree: Any, roles: Any) -> None:
    cadre = person(tree.ruidu)
    scope = Scope(tree.ruidu, "secretary")
    services.cadre_set_status(scope=scope, actor=roles.secretary_a, cadre=cadre, status="deceased")
    assert cadre.deceased_on == clock.today()
    with pytest.raises(Exception, match="deceased_on"):
        services.cadre_set_status(
            scope=scope,
            actor=roles.secretary_a,
            cadre=cadre,
            status="deceased",
            deceased_on=date(2099, 1, 1),
        )
    services.cadre_set_status(scope=scope, actor=roles.secretary_a, cadre=cadre, status="active")
    assert cadre.deceased_on is None
