"""The public check-in form as a visitor fills it in, for the check-in tests."""

from __future__ import annotations

from typing import Any

from django.test import Client

from cadres.checkins import links
from cadres.models import CheckIn
from tests.factories.cadres import ServiceKindFactory, SpecialtyTagFactory, id_number_for

ID_NUMBER = id_number_for("19580312", serial="135")  # odd serial digit: a man
MOBILE = "13912345678"


def listed_choices() -> dict[str, Any]:
    """Two specialties and a kind of service the form offers."""
    return {
        "calligraphy": SpecialtyTagFactory(name="书法"),
        "law": SpecialtyTagFactory(name="法律"),
        "mediation": ServiceKindFactory(name="矛盾调解"),
    }


def public_url(area: Any) -> str:
    return links.checkin_public_path(area)


def form_data(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "王建国",
        "mobile": MOBILE,
        "id_number": ID_NUMBER,
        "compound": "",
        "note": "",
        "consent": "on",
    }
    data.update(changes)
    return data


def submit(tree: Any, **changes: Any) -> CheckIn:
    response = Client().post(public_url(tree.ruidu), form_data(**changes))
    assert response.status_code == 200
    assert "报到信息已提交" in response.content.decode()
    return CheckIn.objects.latest("pk")
