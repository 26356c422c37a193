"""Every named URL of the portal, filled in with objects in the district administrator's scope,
and the clients that request them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cadres.checkins.links import checkin_public_path
from cadres.models import Cadre, CheckIn, Need, Post, ServiceKind, SpecialtyTag
from laoshan_portal.accounts.models import Area, Role, User
from laoshan_portal.scoping import ScopedLookup
from tests.conftest import client_for
from tests.factories.accounts import StaffFactory
from tests.factories.cadres import (
    CadreFactory,
    CheckInFactory,
    NeedAssignmentFactory,
    NeedFactory,
    PostFactory,
    ServiceKindFactory,
    SpecialtyTagFactory,
)
from tests.factories.scoped import object_in


def walk_urls(patterns: list[Any] | None = None, namespace: str = "") -> Iterator[tuple[str, Any]]:
    """(name, pattern) of every named URL pattern, admin included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk_urls(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def model_admin_of(callback: Any) -> Any:
    """The ModelAdmin behind an admin view, or None. ModelAdmin.get_urls marks its views
    with ``.model_admin``; extra views (the password change) are bound methods behind
    admin_view's wrapper."""
    return getattr(callback, "model_admin", None) or getattr(
        getattr(callback, "__wrapped__", None), "__self__", None
    )


def url_kwargs(pattern: URLPattern) -> set[str]:
    return set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)


def url_names(*, with_args: bool | None = None) -> list[str]:
    """Names of every URL (``with_args``: only those with/without arguments)."""
    found = []
    for name, pattern in walk_urls():
        has_args = bool(url_kwargs(pattern))
        if with_args is None or has_args == with_args:
            found.append(name)
    return sorted(set(found))


def pattern_named(name: str) -> URLPattern:
    return next(pattern for found, pattern in walk_urls() if found == name)


@dataclass
class World:
    """One object of each kind, all inside 崂山区, so object URLs can be filled in."""

    community: Area
    compound: Area
    cadre: Cadre
    other_cadre: Cadre
    checkin: CheckIn
    post: Post
    need: Need
    staff: User
    inactive_staff: User
    tag: SpecialtyTag
    kind: ServiceKind
    extra: dict[type[models.Model], models.Model] = field(default_factory=dict)

    def object_for(self, model: type[models.Model]) -> models.Model:
        known: dict[type[models.Model], models.Model] = {
            Area: self.community,
            Cadre: self.cadre,
            CheckIn: self.checkin,
            Post: self.post,
            Need: self.need,
            User: self.staff,
            SpecialtyTag: self.tag,
            ServiceKind: self.kind,
            **self.extra,
        }
        if model not in known:
            # Any other scoped model: made by its factory (tests/factories/scoped.py).
            self.extra[model] = object_in(model, self.community)
            known[model] = self.extra[model]
        return known[model]


def make_world(tree: Any, roles: Any) -> World:
    community = tree.ruidu
    tag = SpecialtyTagFactory(name="书法")
    kind = ServiceKindFactory(name="矛盾调解")
    cadre = CadreFactory(
        area=tree.qiantaiju,
        name="王建国",
        former_unit="崂山区财政局",
        specialties=[tag],
        service_kinds=[kind],
    )
    other = CadreFactory(area=community, name="李秀英", gender="F")
    checkin = CheckInFactory(
        area=community, compound=tree.qiantaiju, name="张国强", source="qr", note="会书法"
    )
    post = PostFactory(cadre=cadre, area=tree.qiantaiju)
    need = NeedFactory(
        area=community,
        title="调解邻里纠纷",
        description="楼道堆物",
        status="matched",
        specialties=[tag],
    )
    NeedAssignmentFactory(need=need, cadre=other, assigned_by=roles.district_admin)
    NeedFactory(area=community, title="老年大学书法课")
    staff = StaffFactory(area=community, role=Role.SECRETARY, name="赵书记")
    inactive = StaffFactory(area=community, role=Role.VIEWER, name="钱离职", is_active=False)
    return World(
        community, tree.qiantaiju, cadre, other, checkin, post, need, staff, inactive, tag, kind
    )


# Query strings a page needs to show its form (the post form names its cadre).
EXTRA_QUERY = {
    "cadres:post_create": lambda world: f"?cadre={world.cadre.pk}",
    "cadres:cadre_merge": lambda world: f"?target={world.other_cadre.pk}",
}


# Deliberately public pages (``@public_object``) and how to make their signed links.
PUBLIC_URLS = {
    "cadres:checkin_public": lambda world: checkin_public_path(world.community),
}


# The API's addresses of a retiree's own offer and activity sign-up.
RETIREES_OWN = {"api:my_need_offer", "api:my_activity_signup"}


def url_for(name: str, world: World | None) -> str:
    """The URL of pattern ``name`` filled in with objects of ``world``."""
    pattern = pattern_named(name)
    kwargs = url_kwargs(pattern)
    callback = pattern.callback
    query = EXTRA_QUERY[name](world) if name in EXTRA_QUERY and world is not None else ""
    if not kwargs:
        return reverse(name) + query
    if kwargs == {"app_label"}:
        return reverse(name, kwargs={"app_label": "cadres"})
    if world is None:
        raise LookupError(f"{name} takes {sorted(kwargs)}: give a world to fill them in")
    lookup = getattr(callback, "scoped_lookup", None)
    if isinstance(lookup, ScopedLookup):
        obj = world.object_for(lookup.model)
        return reverse(name, kwargs={lookup.kwarg: getattr(obj, lookup.field)}) + query
    if name in PUBLIC_URLS:
        return PUBLIC_URLS[name](world)
    if getattr(callback, "public_lookup", None) is not None:
        # A public page whose link is signed and not known here: a wrong signature is a
        # 404, which still goes through CSRF and the URL's own checks.
        return reverse(name, kwargs=dict.fromkeys(kwargs, "0"))
    if name == "admin:view_on_site":
        content_type = ContentType.objects.get_for_model(Cadre)
        return reverse(name, args=[content_type.pk, world.cadre.pk])
    if name in RETIREES_OWN:
        # Found only among the signed-in retiree's own rows: an id nobody owns still goes
        # through CSRF and the view's checks (403 for staff, 404 for a retiree).
        return reverse(name, kwargs=dict.fromkeys(kwargs, 0))
    model = getattr(model_admin_of(callback), "model", None)
    if model is not None and len(kwargs) == 1:
        return reverse(name, kwargs={next(iter(kwargs)): world.object_for(model).pk})
    raise LookupError(f"attack tests do not know how to fill {name} {sorted(kwargs)}")


def admin_client(roles: Any) -> Client:
    return client_for(roles.district_admin)


def csrf_checking_client(user: User | None) -> Client:
    """A client that, like a browser, must send the CSRF token (the test client need not)."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.cookies = client_for(user).cookies
    return client
