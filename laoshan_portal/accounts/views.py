"""Pages of accounts: sign-in, the home page, the area tree and staff management."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import add_service_errors, query_text
from laoshan_portal.pages import PAGE_SIZE
from laoshan_portal.scoping import ScopedRequest, staff_view

from . import services, twofactor
from .forms import AreaCreateForm, LoginForm, StaffAssignForm, StaffCreateForm
from .middleware import password_expired
from .models import Area, User
from .selectors import area_children_summary, area_list, staff_list


class LoginView(auth_views.LoginView):
    """Sign-in; every success and failure goes to the audit trail."""

    template_name = "accounts/login.html"
    form_class = LoginForm

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.sign_in_succeeded(user=form.get_user(), ip=client_ip(self.request))
        return response

    def get_default_redirect_url(self) -> str:
        """A retiree who signed in here (with their phone number) goes to their own page."""
        if getattr(self.request.user, "is_retiree", False):
            return str(settings.RETIREE_HOME_URL)
        return super().get_default_redirect_url()

    def form_invalid(self, form: Any) -> HttpResponse:
        username = query_text(self.request.POST, "username", 150)
        services.sign_in_failed(username=username, ip=client_ip(self.request))
        return super().form_invalid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change of one's own password; it resets the password's age."""

    template_name = "accounts/password_change.html"
    success_url = "/"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        messages.success(self.request, _("Your password was changed."))
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["must_change"] = password_expired(self.request.user)
        return context


@staff_view(methods=("GET", "POST"))
def otp_setup(request: ScopedRequest) -> HttpResponse:
    """Turn on two-step verification: scan the QR code, type the first code."""
    user = request.user
    if user.otp_enabled and not twofactor.otp_verified(request):
        return redirect("accounts:otp_verify")
    device = twofactor.totp_device_for_setup(user=user)
    error = ""
    if request.method == "POST":
        codes = twofactor.totp_confirm(
            request=request,
            user=user,
            device=device,
            token=query_text(request.POST, "token", 16),
        )
        if codes is not None:
            return render(request, "accounts/otp_codes.html", {"codes": codes})
        error = _("The code is not right. Type the six digits the app shows now.")
    qr = segno.make(device.config_url, error="m").svg_inline(scale=5)
    return render(
        request,
        "accounts/otp_setup.html",
        {"qr": qr, "secret": b32encode(device.bin_key).decode(), "error": error},
    )


@staff_view(methods=("GET", "POST"))
def otp_verify(request: ScopedRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a backup code."""
    error = ""
    if request.method == "POST":
        token = query_text(request.POST, "token", 16)
        if twofactor.otp_verify(request=request, user=request.user, token=token):
            return redirect(request.GET.get("next") or "home")
        error = _("The code is not right. Type the six digits the app shows now.")
    return render(request, "accounts/otp_verify.html", {"error": error})


@staff_view()
def home(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    context: dict[str, object] = {}
    if scope.area is not None:
        children = area_children_summary(scope=scope, area=scope.area)
        chart = _children_chart(children)
        context.update(children=children, chart=chart, has_chart=any(chart["values"]))
    elif scope.unrestricted:
        context["roots"] = list(area_list(scope=scope).filter(parent=None))
    return render(request, "accounts/home.html", context)


@staff_view()
def area_index(request: ScopedRequest) -> HttpResponse:
    query = query_text(request.GET, "q", 64)
    level = request.GET.get("level", "")
    areas = area_list(scope=request.scope).select_related("parent")
    if query:
        areas = areas.filter(name__icontains=query)
    if level in Area.Level.values:
        areas = areas.filter(level=level)
    page = Paginator(areas, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/area_index.html",
        {"page": page, "query": query, "level": level, "levels": Area.Level.choices},
    )


@staff_view(scoped=Area, kwarg="code", field="code")
def area_detail(request: ScopedRequest, area: Area) -> HttpResponse:
    scope = request.scope
    ancestors = [a for a in area_list(scope=scope).filter(path__in=area.ancestor_paths())]
    children = area_children_summary(scope=scope, area=area)
    return render(
        request,
        "accounts/area_detail.html",
        {
            "area": area,
            "ancestors": ancestors,
            "children": children,
            "staff_count": staff_list(scope=scope).filter(area=area).count(),
            "can_add_child": request.user.has_perm("accounts.add_area"),
            "chart": _children_chart(children),
        },
    )


def _children_chart(children: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Bar-chart data: areas below each child, a click opens the child."""
    return {
        "labels": [row["area"].name for row in children],
        "values": [row["descendants"] for row in children],
        "links": [reverse("accounts:area_detail", args=[row["area"].code]) for row in children],
    }


@staff_view("accounts.add_area", scoped=Area, kwarg="code", field="code", methods=("GET", "POST"))
def area_child_create(request: ScopedRequest, parent: Area) -> HttpResponse:
    form = AreaCreateForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.area_create(
                scope=request.scope,
                actor=request.user,
                parent=parent,
                ip=client_ip(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Area %(name)s added.") % {"name": area.name})
            return redirect("accounts:area_detail", code=parent.code)
    return render(request, "accounts/area_form.html", {"form": form, "parent": parent})


@staff_view("accounts.manage_staff")
def staff_index(request: ScopedRequest) -> HttpResponse:
    query = query_text(request.GET, "q", 64)
    users = staff_list(scope=request.scope, search=query)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/staff_index.html", {"page": page, "query": query})


@staff_view("accounts.manage_staff", methods=("GET", "POST"))
def staff_create(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    form = StaffCreateForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.staff_create(
                scope=scope,
                actor=request.user,
                username=data["username"],
                name=data["name"],
                password=data["password1"],
                area=data["area"],
                role=data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": user})
            return redirect("accounts:staff_index")
    return render(request, "accounts/staff_form.html", {"form": form, "creating": True})


@staff_view("accounts.manage_staff", scoped=User, methods=("GET", "POST"))
def staff_edit(request: ScopedRequest, staff: User) -> HttpResponse:
    scope = request.scope
    initial = {"name": staff.name, "area": staff.area, "role": staff.role}
    form = StaffAssignForm(request.POST or None, scope=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_assign(scope=scope, actor=request.user, user=staff, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Account %(name)s saved.") % {"name": staff})
            return redirect("accounts:staff_index")
    return render(
        request, "accounts/staff_form.html", {"form": form, "staff": staff, "creating": False}
    )


@staff_view("accounts.manage_staff", scoped=User, methods=("GET", "POST"))
def staff_deactivate(request: ScopedRequest, staff: User) -> HttpResponse:
    """GET asks for confirmation; POST deactivates."""
    if request.method == "POST":
        try:
            services.staff_set_active(
                scope=request.scope,
                actor=request.user,
                user=staff,
                active=False,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Account %(name)s deactivated.") % {"name": staff})
        return redirect("accounts:staff_index")
    return render(request, "accounts/staff_deactivate.html", {"staff": staff})


@staff_view("accounts.manage_staff", scoped=User, methods=("POST",))
def staff_activate(request: ScopedRequest, staff: User) -> HttpResponse:
    services.staff_set_active(
        scope=request.scope,
        actor=request.user,
        user=staff,
        active=True,
    )
    messages.success(request, _("Account %(name)s reactivated.") % {"name": staff})
    return redirect("accounts:staff_index")


def locked_out(
    request: ScopedRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' lock-out answer: a Chinese page saying how long to wait."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)


API_PREFIX = "/api/"  # clients of the API read JSON, even where no API view answered


def permission_denied(request: ScopedRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"detail": _("You do not have permission to perform this action.")}, status=403
        )
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The portal's 404 page; under /api/ (an address no route matches, such as a negative
    id) the JSON answer the API gives for a record it does not find."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


__all__ = ["PermissionDenied"]
