"""The one way in to area-scoped data.

A staff account sees its own area and everything below it. The request's ``Scope`` is
resolved once (``ScopeMiddleware``) and every read of a scoped model starts from that
model's selector, registered here with ``@selector_for(Model)``. Views that take an
object id fetch it with ``@scoped_object`` so that an object out of scope, or an id that
is not an id at all, is a 404 and never a 403 that would confirm it exists.

Adding a scoped model: give it an ``area`` foreign key, write
``@selector_for(Model) def model_list(*, scope): return scope.filter(Model.objects, "area")``,
fetch it in views with ``@scoped_object(Model)`` and give its admin ``ScopedModelAdmin``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

if TYPE_CHECKING:
    from laoshan_portal.accounts.models import Area, User

M = TypeVar("M", bound=models.Model)
R = TypeVar("R", bound=HttpResponseBase)  # what a view answers: a page, a file
Selector = Callable[..., "models.QuerySet[Any]"]


@dataclass(frozen=True)
class Scope:
    """Where a user may look: an area subtree, everything (superuser), or nothing."""

    area: Area | None
    role: str = ""
    unrestricted: bool = False

    @property
    def is_empty(self) -> bool:
        return self.area is None and not self.unrestricted

    @property
    def key(self) -> str:
        """What tells scopes apart in a cache key: the whole tree, an area, or nothing."""
        if self.unrestricted:
            return "all"
        return str(self.area.pk) if self.area is not None else "none"

    def filter(self, queryset: models.QuerySet[M], area_field: str) -> models.QuerySet[M]:
        """Rows whose area (reached through ``area_field``) lies in the scope.

        ``area_field`` names the foreign key to Area (``"area"``, ``"team__area"``), or
        is ``""`` when the queryset is of areas itself.
        """
        if self.unrestricted:
            return queryset
        if self.area is None:
            return queryset.none()
        lookup = f"{area_field}__path__startswith" if area_field else "path__startswith"
        return queryset.filter(**{lookup: self.area.path})

    def contains(self, area: Area | None) -> bool:
        if area is None:
            return False
        if self.unrestricted:
            return True
        return self.area is not None and area.is_within(self.area)

    def require(self, area: Area | None, field: str = "area") -> None:
        """Refuse an area outside the scope: a form error on ``field``, in Chinese.

        Every service calls it again on what it is given, so a form that forgot to limit
        a choice still cannot save out of scope.
        """
        if not self.contains(area):
            raise ValidationError({field: _("The chosen area is outside your area.")})


class ScopedRequest(HttpRequest):
    """A request as the portal's views see it: ``ScopeMiddleware`` has given it the
    user's ``scope``, and the user is the portal's account model. For type checking only:
    requests are Django's own."""

    scope: Scope
    user: User


def request_scope(request: HttpRequest) -> Scope:
    """The scope of a request typed as Django's own (the admin's methods)."""
    return cast(ScopedRequest, request).scope


_SELECTORS: dict[type[models.Model], Selector] = {}


def selector_for(model: type[models.Model]) -> Callable[[Selector], Selector]:
    """Register the function that starts every read of ``model``."""

    def register(selector: Selector) -> Selector:
        _SELECTORS[model] = selector
        return selector

    return register


def selector_of(model: type[models.Model]) -> Selector | None:
    return _SELECTORS.get(model)


def scoped_models() -> list[type[models.Model]]:
    return list(_SELECTORS)


def scoped_queryset(model: type[M], scope: Scope) -> models.QuerySet[M]:
    selector = _SELECTORS.get(model)
    if selector is None:
        raise LookupError(f"{model.__name__} has no registered selector")
    return selector(scope=scope)


@dataclass(frozen=True)
class ScopedLookup:
    """What a view's URL argument refers to: read by the URL-walking scope test."""

    model: type[models.Model]
    kwarg: str
    field: str


def get_in_scope_or_404(model: type[M], scope: Scope, **lookup: Any) -> M:
    """The one object ``lookup`` names in the scope; anything else (unknown, out of scope,
    malformed, or a value no text column can hold) is a 404."""
    if any(isinstance(value, str) and "\x00" in value for value in lookup.values()):
        raise Http404
    try:
        return scoped_queryset(model, scope).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


def scoped_object(
    model: type[models.Model], *, kwarg: str = "pk", field: str = "pk"
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Replace the URL argument ``kwarg`` by the object it names, fetched in scope.

    The view receives the object as its second positional argument.
    """

    def decorate(view: Callable[..., R]) -> Callable[..., R]:
        @wraps(view)
        def wrapper(request: ScopedRequest, *args: Any, **kwargs: Any) -> R:
            value = kwargs.pop(kwarg)
            obj = get_in_scope_or_404(model, request.scope, **{field: value})
            return view(request, obj, *args, **kwargs)

        wrapper.scoped_lookup = ScopedLookup(model, kwarg, field)  # type: ignore[attr-defined]
        return wrapper

    return decorate


def staff_view(
    *permissions: str,
    scoped: type[models.Model] | None = None,
    kwarg: str = "pk",
    field: str = "pk",
    methods: Sequence[str] | None = None,
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """A staff page: signed in (else the sign-in page); the object the URL argument
    ``kwarg`` names fetched in the user's scope by ``field`` and passed as the view's second
    argument (404 outside the scope, before any permission is looked at); every permission
    held (403 otherwise); only ``methods`` answered (405 otherwise). Retirees are refused
    (403) whatever the page."""

    def decorate(view: Callable[..., R]) -> Callable[..., R]:
        page: Callable[..., Any] = view
        if methods is not None:
            page = require_http_methods(list(methods))(page)
        for permission in reversed(permissions):
            page = permission_required(permission, raise_exception=True)(page)
        if scoped is not None:
            page = scoped_object(scoped, kwarg=kwarg, field=field)(page)
        return cast(Callable[..., R], login_required(staff_only(page)))

    return decorate


def staff_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse (403) a signed-in person who is not staff (a retiree): their scope is empty
    anyway, so this only spares them pages without objects, such as the home page."""

    @wraps(view)
    def wrapper(request: ScopedRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_retiree:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class PublicLookup:
    """Marks a view that anyone may open with an object argument, and why."""

    reason: str


def public_object(
    reason: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Declare a deliberately public page taking an object argument (e.g. a QR target).

    The URL-walking scope test skips it for the 404 checks and reads the reason instead;
    such a page must show nothing but what the public may see.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        view.public_lookup = PublicLookup(reason)  # type: ignore[attr-defined]
        return view

    return decorate


def public_url(request: HttpRequest, path: str) -> str:
    """The address the public reaches ``path`` at (printed on QR codes).

    ``PUBLIC_BASE_URL`` wins over the host the staff member happens to use, so a poster
    printed from an intranet address still works from a resident's phone.
    """
    from django.conf import settings

    base = getattr(settings, "PUBLIC_BASE_URL", "")
    return base.rstrip("/") + path if base else request.build_absolute_uri(path)
