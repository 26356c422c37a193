"""Every object URL of the API is a 404 outside the caller's area, by token, for every
role: the API's URL patterns are walked as tests/test_scope_urls.py walks the pages', so
an endpoint added later is covered. And the documentation page makes no outside request."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from laoshan_portal.scoping import ScopedLookup
from tests.api_world import staff_client
from tests.attacks.urls import RETIREES_OWN, url_kwargs, walk_urls
from tests.conftest import ROLE_NAMES, client_for, out_of_scope_area
from tests.factories.scoped import SCOPED_MODELS, object_in

pytestmark = pytest.mark.usefixtures("fresh_cache")


# The retiree's own object endpoints (RETIREES_OWN) find only their own rows (404 for
# anyone else's, 403 for staff): tests/test_api_take_part.py.


def api_object_urls() -> list[tuple[str, Any]]:
    return [
        (name, pattern)
        for name, pattern in walk_urls()
        if name.startswith("api:") and url_kwargs(pattern) and name not in RETIREES_OWN
    ]


API_OBJECT_URLS = api_object_urls()


def _lookup(pattern: Any) -> ScopedLookup:
    lookup = getattr(pattern.callback, "scoped_lookup", None)
    assert isinstance(lookup, ScopedLookup), "wrap the endpoint in api.views.staff.scoped"
    assert lookup.model in SCOPED_MODELS
    return lookup


def _methods(pattern: Any) -> list[str]:
    view = pattern.callback.view_class
    return [method for method in ("get", "post") if hasattr(view, method)]


def test_it_finds_the_apis_object_urls() -> None:
    names = {name for name, _pattern in API_OBJECT_URLS}
    assert {"api:cadre_detail", "api:need_detail", "api:cadre_reveal"} <= names


@pytest.mark.parametrize(("name", "pattern"), API_OBJECT_URLS, ids=[n for n, _ in API_OBJECT_URLS])
@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_it_is_404_outside_the_area(
    name: str, pattern: Any, role_name: str, tree: Any, roles: Any
) -> None:
    lookup = _lookup(pattern)
    client = staff_client(roles, getattr(roles, role_name))
    obj = object_in(lookup.model, out_of_scope_area(tree, role_name))
    target = reverse(name, kwargs={lookup.kwarg: getattr(obj, lookup.field)})
    for method in _methods(pattern):
        assert getattr(client, method)(target).status_code == 404, f"{method} {target}"
    unknown = reverse(name, kwargs={lookup.kwarg: 999999})
    for method in _methods(pattern):
        assert getattr(client, method)(unknown).status_code == 404, f"{method} {unknown}"


@pytest.mark.parametrize(("name", "pattern"), API_OBJECT_URLS, ids=[n for n, _ in API_OBJECT_URLS])
def test_it_answers_inside_the_area_and_refuses_anonymous(
    name: str, pattern: Any, tree: Any, roles: Any
) -> None:
    lookup = _lookup(pattern)
    obj = object_in(lookup.model, tree.ruidu)
    target = reverse(name, kwargs={lookup.kwarg: getattr(obj, lookup.field)})
    client = staff_client(roles, roles.district_admin)
    for method in _methods(pattern):
        assert getattr(client, method)(target).status_code == 200, f"{method} {target}"
        assert getattr(Client(), method)(target).status_code == 401, f"{method} {target}"


def test_the_documentation_page_loads_nothing_from_outside(db: None) -> None:
    page = Client().get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "<script>" not in html  # the start-up script is a file of its own (CSP)
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "http" not in policy
    for source in sources:  # the vendored assets, and the start-up script the view serves
        assert Client().get(source).status_code == 200, source
    schema = Client().get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")


@pytest.mark.django_db
def test_an_address_no_route_matches_answers_json_under_the_api_and_a_page_elsewhere(
    roles: Any,
) -> None:
    """A negative id matches no route: the API's client still reads JSON."""
    client = staff_client(roles, roles.district_admin)
    answer = client.get("/api/v1/needs/-46/")
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json"
    assert answer.json() == {"detail": "未找到。"}
    html = client_for(roles.secretary_a).get("/cadres/needs/-46/")
    assert html.status_code == 404 and html["Content-Type"].startswith("text/html")
