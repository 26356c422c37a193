"""Every URL that names an object is a 404 for an object outside the user's area.

The URL patterns are walked, not listed: a view added later with an object id in its URL is
tested here without anyone writing a test for it, and it fails until its model has a
factory in tests/factories/scoped.py and its view fetches through the scope (``@scoped_object`` or a
``ScopedModelAdmin``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import NoReverseMatch, reverse

from laoshan_portal.admin import ReferenceListAdmin, ScopedModelAdmin
from laoshan_portal.scoping import PublicLookup, ScopedLookup
from tests.attacks.urls import model_admin_of, url_kwargs, walk_urls
from tests.conftest import ROLE_NAMES, client_for, out_of_scope_area
from tests.factories.scoped import SCOPED_MODELS, object_in

# URL arguments that do not name an object.
NOT_OBJECT_KWARGS = {"app_label"}
# The API answers a signed-out caller 401 (not the sign-in page) and a method its
# endpoint lacks 405: tests/test_api_urls.py walks its object URLs the same way, by token.
API_NAMESPACE = "api:"


@dataclass(frozen=True)
class ObjectURL:
    name: str
    kwargs: tuple[str, ...]
    callback: Any

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return isinstance(getattr(self.callback, "public_lookup", None), PublicLookup)

    @property
    def is_reference_list(self) -> bool:
        """The admin of a portal-wide managed list (specialties …): it has no area."""
        return isinstance(model_admin_of(self.callback), ReferenceListAdmin)

    @property
    def model(self) -> type[models.Model] | None:
        lookup = getattr(self.callback, "scoped_lookup", None)
        if isinstance(lookup, ScopedLookup):
            return lookup.model
        model_admin = self.model_admin
        return model_admin.model if model_admin else None

    @property
    def model_admin(self) -> ScopedModelAdmin | None:
        found = model_admin_of(self.callback)
        return found if isinstance(found, ScopedModelAdmin) else None

    @property
    def object_kwarg(self) -> str:
        lookup = getattr(self.callback, "scoped_lookup", None)
        if isinstance(lookup, ScopedLookup):
            return lookup.kwarg
        return "id" if "id" in self.kwargs else "object_id"

    def url_for(self, obj: models.Model) -> str:
        lookup = getattr(self.callback, "scoped_lookup", None)
        if isinstance(lookup, ScopedLookup):
            return reverse(self.name, kwargs={lookup.kwarg: getattr(obj, lookup.field)})
        if self.name == "admin:view_on_site":
            content_type = ContentType.objects.get_for_model(obj)
            return reverse(self.name, args=[content_type.pk, obj.pk])
        return reverse(self.name, kwargs={self.object_kwarg: obj.pk})


def object_urls() -> list[ObjectURL]:
    """Object URLs that must be scoped (deliberately public pages are checked apart)."""
    found = []
    for name, pattern in walk_urls():
        kwargs = url_kwargs(pattern)
        if kwargs and not kwargs <= NOT_OBJECT_KWARGS and not name.startswith(API_NAMESPACE):
            found.append(ObjectURL(name, tuple(sorted(kwargs)), pattern.callback))
    return [url for url in found if not url.is_public and not url.is_reference_list]


OBJECT_URLS = object_urls()


def test_it_finds_the_portal_and_admin_object_urls() -> None:
    names = {url.name for url in OBJECT_URLS}
    assert {"accounts:area_detail", "accounts:staff_edit", "admin:accounts_area_change"} <= names


@pytest.mark.parametrize("url", OBJECT_URLS, ids=str)
def test_it_knows_what_object_each_url_names(url: ObjectURL) -> None:
    if url.name == "admin:view_on_site":
        return
    assert url.model is not None, (
        f"{url.name} takes {url.kwargs} but does not fetch through the scope: "
        "use @scoped_object in the view or ScopedModelAdmin in the admin"
    )
    assert url.model in SCOPED_MODELS, (
        f"add a factory of {url.model.__name__} to tests/factories/scoped.py"
    )


def _models_for(url: ObjectURL) -> list[type[models.Model]]:
    if url.name == "admin:view_on_site":
        return list(SCOPED_MODELS)
    return [url.model] if url.model else []


@pytest.mark.parametrize("url", OBJECT_URLS, ids=str)
@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_it_is_404_outside_the_area(url: ObjectURL, role_name: str, tree: Any, roles: Any) -> None:
    client = client_for(getattr(roles, role_name))
    for model in _models_for(url):
        obj = object_in(model, out_of_scope_area(tree, role_name))
        target = url.url_for(obj)
        assert client.get(target, follow=True).status_code == 404, f"GET {target}"
        assert client.post(target, follow=True).status_code == 404, f"POST {target}"


@pytest.mark.parametrize("url", OBJECT_URLS, ids=str)
def test_it_sends_anonymous_visitors_to_log_in(url: ObjectURL, tree: Any) -> None:
    for model in _models_for(url):
        obj = object_in(model, tree.ruidu)
        response = client_for(None).get(url.url_for(obj))
        assert response.status_code == 302
        assert "login" in response["Location"]


@pytest.mark.parametrize("url", OBJECT_URLS, ids=str)
def test_it_is_not_404_inside_the_area(url: ObjectURL, tree: Any, roles: Any) -> None:
    """The same URL with an object in scope gets through, so the 404 above is the scope's."""
    if url.name == "admin:view_on_site":
        return  # no model has a public page yet: it is a 404 for every object
    obj = object_in(url.model, tree.ruidu)  # type: ignore[arg-type]
    client = client_for(roles.district_admin)
    response = client.get(url.url_for(obj), follow=True)
    assert response.status_code in {200, 403, 405}, url.url_for(obj)


@pytest.mark.parametrize("url", OBJECT_URLS, ids=str)
def test_it_is_404_for_an_unknown_id(url: ObjectURL, roles: Any) -> None:
    if url.name == "admin:view_on_site":
        return
    client = client_for(roles.district_admin)
    for value in ("999999", "no-such-thing"):
        try:
            target = reverse(url.name, kwargs={url.object_kwarg: value})
        except NoReverseMatch:  # the converter refuses the value: not routable at all
            continue
        assert client.get(target, follow=True).status_code == 404, target


def test_it_names_why_each_public_object_page_is_public() -> None:
    for name, pattern in walk_urls():
        lookup = getattr(pattern.callback, "public_lookup", None)
        if lookup is not None:
            assert len(lookup.reason) > 10, name
