"""The navigation drawn once per set of permissions and page: the same menu as one built
for each request, a new role or permission on the next page, and one cache round trip
for the permissions it needs."""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import caches
from django.urls import reverse

from laoshan_portal.accounts.models import Role
from laoshan_portal.accounts.navigation import NAVIGATION, _drawn
from laoshan_portal.accounts.roles import role_group
from laoshan_portal.accounts.services import staff_assign
from laoshan_portal.scoping import Scope
from tests.conftest import client_for

EVERYTHING = Scope(area=None, unrestricted=True)
LINK = re.compile(
    r'<a class="(nav-link dropdown-toggle|nav-link|dropdown-item)( active)?"'
    r'( role="button")?[^>]*?( aria-current="page")? href="([^"]*)"[^>]*>([^<]*)'
)
ROLE_PAGES = [
    (role, page)
    for role in ("district_admin", "street_staff", "secretary_a", "viewer")
    for page in ("home", "todo:todo_list", "reports:dashboard", "cadres:cadre_list")
]


def menu_links(content: str) -> list[tuple[str, bool, str, str]]:
    """(kind, marked current, address, label) of each link of the page's menu."""
    start = content.index('<ul class="navbar-nav me-auto">')
    menu = content[start : content.index("</ul>\n      <div", start)]
    administration = f'href="{reverse("admin:index")}"'
    if administration in menu:  # the account's own link, after the menu
        menu = menu[: menu.index(administration)]
    found = []
    for kind, active, _button, current, href, label in LINK.findall(menu):
        if kind != "nav-link dropdown-toggle":
            assert bool(active) == bool(current)
        found.append((kind.split()[-1], bool(active), href, html.unescape(label).strip()))
    return found


def menu_for(user: Any, path: str) -> list[tuple[str, bool, str, str]]:
    """The menu built entry by entry with ``user.has_perm``, the entry whose address is
    the longest prefix of ``path`` (the first of equals) and its heading marked."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for entry in NAVIGATION:
        children = entry[1] if isinstance(entry[1], list) else [entry]
        allowed = [
            (str(label), reverse(name))
            for label, name, permission in children
            if not permission or user.has_perm(permission)
        ]
        if allowed:
            groups.append((str(entry[0]) if isinstance(entry[1], list) else "", allowed))
    leaves = [url for _heading, allowed in groups for _label, url in allowed]
    matches = [url for url in leaves if path.startswith(url)]
    current = max(matches, key=len) if matches else None
    links = []
    for heading, allowed in groups:
        urls = [url for _label, url in allowed]
        if heading:
            links.append(("dropdown-toggle", current in urls, "#", heading))
            links += [("dropdown-item", url == current, url, label) for label, url in allowed]
        else:
            links += [("nav-link", url == current, url, label) for label, url in allowed]
    return links


@pytest.mark.parametrize(("role", "page"), ROLE_PAGES)
def test_each_role_sees_the_menu_its_permissions_give(
    role: str, page: str, tree: Any, roles: Any
) -> None:
    user = getattr(roles, role)
    path = reverse(page)
    response = client_for(user).get(path)
    assert response.status_code == 200
    links = menu_links(response.content.decode())
    assert links == menu_for(user, path)


def test_a_page_below_an_entry_marks_that_entry(tree: Any, roles: Any) -> None:
    content = client_for(roles.street_staff).get(reverse("cadres:checkin_list")).content.decode()
    marked = [(kind, label) for kind, active, _url, label in menu_links(content) if active]
    assert marked == [("dropdown-toggle", "银龄人才信息库"), ("dropdown-item", "社区报到")]


def test_the_menu_differs_between_roles(tree: Any, roles: Any) -> None:
    path = reverse("home")
    admin = menu_links(client_for(roles.district_admin).get(path).content.decode())
    viewer = menu_links(client_for(roles.viewer).get(path).content.decode())
    staff = reverse("accounts:staff_index")
    assert any(url == staff for _kind, _active, url, _label in admin)
    assert not any(url == staff for _kind, _active, url, _label in viewer)


def test_a_permission_given_to_a_role_shows_on_the_next_page(tree: Any, roles: Any) -> None:
    log = f'href="{reverse("campaigns:log")}"'
    client = client_for(roles.viewer)
    assert log not in client.get(reverse("home")).content.decode()
    adding = Permission.objects.get(codename="add_campaignactivity")
    role_group(Role.VIEWER).permissions.add(adding)
    assert log in client.get(reverse("home")).content.decode()
    role_group(Role.VIEWER).permissions.remove(adding)
    assert log not in client.get(reverse("home")).content.decode()


def test_a_role_taken_away_shows_on_the_next_page(tree: Any, roles: Any) -> None:
    log = f'href="{reverse("campaigns:log")}"'
    client = client_for(roles.street_staff)
    assert log in client.get(reverse("home")).content.decode()
    user = roles.street_staff
    staff_assign(scope=EVERYTHING, user=user, name=user.name, area=user.area, role=Role.VIEWER)
    assert log not in client.get(reverse("home")).content.decode()


def test_accounts_of_one_role_share_the_drawn_menu(tree: Any, roles: Any) -> None:
    _drawn.cache_clear()
    client_for(roles.secretary_a).get(reverse("home"))
    client_for(roles.secretary_b).get(reverse("home"))
    assert (_drawn.cache_info().misses, _drawn.cache_info().hits) == (1, 1)
    client_for(roles.secretary_b).get(reverse("todo:todo_list"))  # another current entry
    assert _drawn.cache_info().misses == 2


@pytest.fixture
def cache_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Calls to the cache (each one round trip to Redis), by method; the local-memory
    cache's ``get_many`` calls its ``get`` for each key, which is not counted again."""
    calls: Counter[str] = Counter()
    depth = [0]
    backend = caches["default"]
    for name in ("get", "get_many", "set", "set_many", "add", "delete", "delete_many", "incr"):
        real = getattr(backend, name)

        def counted(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            calls[_name] += depth[0] == 0
            depth[0] += 1
            try:
                return _real(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(backend, name, counted)
    return calls


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # the account with its permissions and every shared topic's version, together
        # (the session is read apart, from Redis alone), then the areas in scope; the care
        # plans' versions (the topic's and each area's) once; the care visits' and this
        # week's birthdays' figures combined from the areas' parts, and the areas in scope
        # for the second of them
        ("todo:todo_list", {"get_many": 2, "get": 4}),
        # the account and the versions, then the areas in scope, the total, the specialty
        # lists
        ("cadres:cadre_list", {"get_many": 1, "get": 3}),
    ],
)
def test_a_signed_in_page_reads_each_kept_value_in_one_round_trip(
    page: str, expected: dict[str, int], tree: Any, roles: Any, cache_calls: Counter[str]
) -> None:
    client = client_for(roles.street_staff)
    client.get(reverse(page))
    cache_calls.clear()
    assert client.get(reverse(page)).status_code == 200
    assert dict(+cache_calls) == expected
