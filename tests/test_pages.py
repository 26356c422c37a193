"""Every page renders for every role, loads nothing from another host, and sends CSP."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from laoshan_portal.pages import url_by_pk
from tests.conftest import ROLE_NAMES, client_for

PAGES = [
    ("home", []),
    ("accounts:area_index", []),
    ("accounts:area_detail", ["OWN"]),
    ("accounts:area_child_create", ["OWN"]),
    ("accounts:staff_index", []),
    ("accounts:staff_create", []),
    ("accounts:password_change", []),
    ("accounts:login", []),
    ("admin:index", []),
    ("admin:accounts_area_changelist", []),
]
OUTSIDE = re.compile(r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//(?!127\.0\.0\.1|localhost)""")


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_it_renders_every_page_without_outside_hosts(role_name: str, roles: Any) -> None:
    user = getattr(roles, role_name)
    client = client_for(user)
    for name, args in PAGES:
        args = [user.area.code if arg == "OWN" else arg for arg in args]
        response = client.get(reverse(name, args=args))
        assert response.status_code in {200, 403, 404}, name  # the admin: 404 but for admins
        body = response.content.decode()
        assert not OUTSIDE.search(body), f"{name} loads from another host"
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"


def test_it_has_a_phone_friendly_layout(roles: Any) -> None:
    body = client_for(roles.secretary_a).get(reverse("home")).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in body
    assert "navbar-toggler" in body
    assert "<script>" not in body  # no inline script: CSP would block it


@pytest.mark.parametrize(
    "name",
    ["campaigns:activity_detail", "mediation:case_detail", "volunteering:volunteer_detail"],
)
def test_a_lists_links_are_those_reverse_gives(name: str) -> None:
    url = url_by_pk(name)
    for pk in (1, 7, 918273645, 10**12):
        assert url(pk) == reverse(name, args=[pk])
