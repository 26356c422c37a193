"""Every volunteering page without an object opens for the roles that may see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

PAGES = {
    # name: roles refused (403)
    "volunteering:team_list": set(),
    "volunteering:team_create": {"viewer"},
    "volunteering:team_export": {"secretary_a", "secretary_b", "viewer"},
    "volunteering:activity_list": set(),
    "volunteering:activity_create": {"viewer"},
    "volunteering:activity_export": {"secretary_a", "secretary_b", "viewer"},
    "volunteering:ranking": set(),
    "volunteering:certificate_list": set(),
}


@pytest.mark.parametrize("name", PAGES)
def test_it_opens_each_page_for_its_roles(name: str, clients: Any) -> None:
    url = reverse(name)
    for role, client in clients.items():
        status = client.get(url).status_code
        if role == "anonymous":
            assert status == 302, role
        elif role in PAGES[name]:
            assert status == 403, role
        else:
            assert status == 200, role


def test_it_works_on_a_phone_sized_form(clients: Any) -> None:
    """The create forms are single-column with big buttons, and keep ``next``."""
    page = clients["secretary_a"].get(
        reverse("volunteering:activity_create") + "?next=/volunteering/teams/"
    )
    text = page.content.decode()
    assert 'name="viewport"' in text and "col-12" in text and "btn-lg" in text
    assert 'name="next" value="/volunteering/teams/"' in text
    assert "js/picker.js" in text and "data-cadre-picker" in text
