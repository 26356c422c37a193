"""SQL injection strings in every filter and search box: refused or matched as text.

The list pages are found by walking the URL patterns; their parameters are read from the
filter forms in their HTML (plus the usual ``q``, ``page``, ``sort``). Each gets injection
strings: the page must answer (never a 500), find no more than the unfiltered list, and
every table must still be there afterwards.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.urls import reverse

from cadres.models import Cadre, CheckIn, Need, Post
from laoshan_portal.accounts.models import Area, User
from laoshan_portal.audit.models import AuditEvent
from tests.attacks.pages import forms_in, html_of, is_html, query_params_in_links, result_count
from tests.attacks.payloads import SQL_PAYLOADS
from tests.attacks.rows import row_counts
from tests.attacks.urls import admin_client, make_world, url_for, url_names
from tests.factories.cadres import CadreFactory

COMMON_PARAMS = {"q", "page", "sort", "o", "p", "status"}
ALLOWED = {200, 302, 400, 404}
UNION = next(payload for payload in SQL_PAYLOADS if "UNION" in payload)
NUL = "a\x00b"  # PostgreSQL refuses NUL in any text value


def _list_pages(client: Any) -> dict[str, tuple[set[str], int | None]]:
    """URL → (its GET parameters, rows it lists unfiltered) for every page with a list."""
    pages = {}
    for name in url_names(with_args=False):
        url = url_for(name, None)
        response = client.get(url)
        count = result_count(response) if response.status_code == 200 else None
        params: set[str] = set()
        if response.status_code == 200 and is_html(response):
            html = html_of(response)
            for form in forms_in(html, f"http://testserver{url}"):
                if form.method == "get":
                    params |= set(form.fields)
            params |= query_params_in_links(html)  # sort links, the admin's list filters
        if count is not None or params:
            pages[url] = (params | COMMON_PARAMS, count)
    return pages


@pytest.fixture
def listed(tree: Any, roles: Any) -> Any:
    world = make_world(tree, roles)
    for index in range(3):
        CadreFactory(area=world.community, name=f"赵{index}")
    return world


def test_it_finds_the_list_pages_and_their_filters(listed: Any, roles: Any) -> None:
    pages = _list_pages(admin_client(roles))
    registry_params, registry_count = pages[reverse("cadres:cadre_list")]
    assert {"street", "community", "specialty", "age", "q"} <= registry_params
    assert registry_count == 5
    assert {"from", "to", "user", "action"} <= pages[reverse("audit:event_list")][0]
    for url in ("cadres:checkin_list", "cadres:post_list", "cadres:need_list",
                "accounts:area_index", "accounts:staff_index"):  # fmt: skip
        assert reverse(url) in pages, url


def test_it_survives_injection_in_every_filter(listed: Any, roles: Any) -> None:
    client = admin_client(roles)
    pages = _list_pages(client)
    before = row_counts()
    for url, (params, _count) in pages.items():
        # Counted again here: opening the other pages may have added audit events.
        unfiltered = result_count(client.get(url))
        for param in sorted(params):
            # One alone per parameter (a quote breaking out into a union); below, all of
            # them in every parameter at once.
            target = f"{url}?{urlencode({param: UNION})}"
            response = client.get(target)
            assert response.status_code in ALLOWED, (target, response.status_code)
            found = result_count(response)
            if unfiltered is not None and found is not None:
                assert found <= unfiltered, (target, found, unfiltered)
        for payload in (*SQL_PAYLOADS, NUL):  # every parameter at once
            target = f"{url}?{urlencode(dict.fromkeys(params, payload))}"
            assert client.get(target).status_code in ALLOWED, target
    assert row_counts() == before


def test_it_keeps_every_table(listed: Any, roles: Any) -> None:
    client = admin_client(roles)
    tables = set(connection.introspection.table_names())
    assert {"cadres_cadre", "accounts_user", "audit_auditevent"} <= tables
    for payload in SQL_PAYLOADS:
        client.get(reverse("cadres:cadre_list"), {"q": payload})
        client.get(reverse("audit:event_list"), {"user": payload})
        client.get(reverse("accounts:staff_index"), {"q": payload})
    assert set(connection.introspection.table_names()) == tables
    assert Cadre.objects.count() == 5
    assert (CheckIn.objects.count(), Post.objects.count(), Need.objects.count()) == (1, 1, 2)
    assert Area.objects.exists() and User.objects.exists()


def test_it_matches_like_wildcards_as_text(listed: Any, roles: Any) -> None:
    """``%`` and ``_`` in a search are characters, not patterns that match everybody."""
    client = admin_client(roles)
    for url, param in (
        ("cadres:cadre_list", "q"),
        ("accounts:staff_index", "q"),
        ("accounts:area_index", "q"),
        ("audit:event_list", "user"),
    ):
        # Nothing is named with these: as LIKE patterns they would match every row.
        for wildcard in ("%", "%%", "\\%", "_%_"):
            response = client.get(reverse(url), {param: wildcard})
            assert response.status_code == 200
            assert result_count(response) == 0, (url, wildcard)


def test_it_takes_a_search_for_an_injection_as_a_name(listed: Any, roles: Any) -> None:
    """A record really named like an injection is found by its name, and only it."""
    CadreFactory(area=listed.community, name="' OR 1=1 --")
    response = admin_client(roles).get(reverse("cadres:cadre_list"), {"q": "' OR 1=1 --"})
    assert result_count(response) == 1


@pytest.mark.parametrize(
    "name",
    [
        "cadres:autocomplete",
        "cadres:post_create",
        "volunteering:certificate_list",
        "accounts:area_index",
        "accounts:staff_index",
    ],  # fmt: skip
)
def test_it_answers_a_nul_character_in_a_search(name: str, listed: Any, roles: Any) -> None:
    """Searches read without a form drop the NUL rather than fail on PostgreSQL."""
    response = admin_client(roles).get(reverse(name), {"q": NUL})
    assert response.status_code == 200


def test_it_refuses_a_login_with_a_nul_character(listed: Any, roles: Any) -> None:
    client = admin_client(roles)
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": NUL, "password": "x"})
    assert response.status_code == 200
    failure = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).get()
    assert failure.username == "ab"
