"""Pages of community check-ins: the public QR form, posters, the staff list and decisions."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import add_service_errors
from laoshan_portal.pages import PAGE_SIZE
from laoshan_portal.pdf import render_pdf
from laoshan_portal.ratelimit import Verdict, ratelimit
from laoshan_portal.scoping import ScopedRequest, public_object, public_url, scoped_object

from .. import checkin as services
from ..checkin_forms import (
    ConfirmForm,
    PublicCheckInForm,
    RejectForm,
    RetirementForm,
    StaffCheckInForm,
    StatusFilterForm,
)
from ..models import CheckIn
from ..selectors import checkin_list

# Per client IP and ten minutes: enough for a family at one phone, not for a script.
PAGE_VIEWS_PER_WINDOW = 60
SUBMISSIONS_PER_WINDOW = 5
WINDOW_SECONDS = 600


# --- the public page ---------------------------------------------------------------


def _rate_limited(request: ScopedRequest, verdict: Verdict) -> HttpResponse:
    minutes = max(1, round(verdict.retry_after / 60))
    return render(request, "public/rate_limited.html", {"minutes": minutes}, status=429)


@public_object(
    "The target of a community's printed QR code: anyone may report in. The link is "
    "signed, so community pages cannot be enumerated, and the page shows only the "
    "community's name and its compounds, never anybody's data."
)
@never_cache
@ratelimit(
    "checkin-page", limit=PAGE_VIEWS_PER_WINDOW, window=WINDOW_SECONDS, limited=_rate_limited
)
@ratelimit(
    "checkin-submit",
    limit=SUBMISSIONS_PER_WINDOW,
    window=WINDOW_SECONDS,
    methods=["POST"],
    limited=_rate_limited,
)
@require_http_methods(["GET", "POST"])
def checkin_public(request: ScopedRequest, code: str, signature: str) -> HttpResponse:
    community = services.checkin_public_community(code=code, signature=signature)
    if community is None:
        raise Http404
    compounds = services.community_compounds(community)
    form = PublicCheckInForm(request.POST or None, compounds=compounds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            checkin = services.checkin_submit(
                community=community,
                compound=data["compound"],
                name=data["name"],
                mobile=data["mobile"],
                id_number=data["id_number"],
                specialties=data["specialties"],
                service_kinds=data["service_kinds"],
                note=data["note"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Only the name typed and the community: nothing else is echoed back.
            return render(
                request,
                "public/checkin_done.html",
                {"name": checkin.name, "community": community},
            )
    return render(
        request,
        "public/checkin_form.html",
        {"form": form, "community": community, "has_compounds": compounds.exists()},
    )


# --- posters -----------------------------------------------------------------------


@login_required
@permission_required("cadres.view_checkin", raise_exception=True)
@require_GET
def checkin_posters(request: ScopedRequest) -> HttpResponse:
    """The communities in scope, each with its QR poster."""
    communities = area_list(scope=request.scope).filter(level=Area.Level.COMMUNITY)
    page = Paginator(communities.select_related("parent"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "cadres/checkin_posters.html", {"page": page})


@login_required
@scoped_object(Area, kwarg="code", field="code")
@permission_required("cadres.view_checkin", raise_exception=True)
@require_GET
def checkin_poster(request: ScopedRequest, area: Area) -> HttpResponse:
    """An A4 PDF to print and put up in the community (``?format=png``: the QR code only)."""
    if area.level != Area.Level.COMMUNITY:
        raise Http404
    url = public_url(request, services.checkin_public_path(area))
    qr = segno.make(url, error="m", micro=False)
    if request.GET.get("format") == "png":
        buffer = io.BytesIO()
        qr.save(buffer, kind="png", scale=12, border=4)
        response = HttpResponse(buffer.getvalue(), content_type="image/png")
        response["Content-Disposition"] = f'inline; filename="checkin-qr-{area.code}.png"'
        return response
    pdf = render_pdf(
        "cadres/checkin_poster.html",
        {"community": area, "qr_svg": qr.svg_inline(scale=1, border=0, omitsize=True)},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="checkin-poster-{area.code}.pdf"'
    return response


# --- staff pages ------------------------------------------------------------------


@login_required
@permission_required("cadres.view_checkin", raise_exception=True)
@require_GET
def checkin_index(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    filters = StatusFilterForm(request.GET or None, scope=scope)
    checkins = filters.filter(checkin_list(scope=scope).select_related("area", "compound"))
    waiting_first = models.Case(
        models.When(status=CheckIn.Status.PENDING, then=models.Value(0)),
        default=models.Value(1),
        output_field=models.IntegerField(),
    )
    checkins = checkins.order_by(waiting_first, "-created_at", "-pk")
    page = Paginator(checkins, PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    return render(
        request,
        "cadres/checkin_list.html",
        {
            "page": page,
            "filters": filters,
            "can_add": user.has_perm("cadres.add_checkin"),
        },
    )


def _detail(
    request: ScopedRequest,
    checkin: CheckIn,
    *,
    confirm_form: ConfirmForm | None = None,
    reject_form: RejectForm | None = None,
    reveal: bool = False,
) -> HttpResponse:
    scope = request.scope
    user = request.user
    pending = checkin.status == CheckIn.Status.PENDING
    can_decide = pending and user.has_perm("cadres.change_checkin")
    existing = services.checkin_matching_cadre(scope=scope, checkin=checkin) if pending else None
    if can_decide and existing is None and confirm_form is None:
        initial = {
            "residence": checkin.compound or checkin.area,
            **services.id_number_defaults(checkin.id_number),
        }
        confirm_form = ConfirmForm(scope=scope, checkin=checkin, initial=initial)
    return render(
        request,
        "cadres/checkin_detail.html",
        {
            "checkin": checkin,
            "identity": services.checkin_identity_display(
                actor=user, checkin=checkin, reveal=reveal, ip=client_ip(request)
            ),
            "specialties": list(checkin.specialties.all()),
            "service_kinds": list(checkin.service_kinds.all()),
            "existing": existing,
            "can_decide": can_decide,
            "can_reveal": bool(checkin.id_number or checkin.mobile)
            and not reveal
            and user.has_perm("accounts.view_sensitive"),
            "confirm_form": confirm_form if existing is None else None,
            "reject_form": reject_form or RejectForm(),
        },
    )


@login_required
@scoped_object(CheckIn)
@permission_required("cadres.view_checkin", raise_exception=True)
@require_GET
def checkin_detail(request: ScopedRequest, checkin: CheckIn) -> HttpResponse:
    return _detail(request, checkin)


@login_required
@scoped_object(CheckIn)
@permission_required("cadres.view_checkin", raise_exception=True)
@require_POST
def checkin_reveal(request: ScopedRequest, checkin: CheckIn) -> HttpResponse:
    """The ID number and mobile in full, once, audited (a refusal too: the service checks
    ``accounts.view_sensitive`` and records either outcome)."""
    return _detail(request, checkin, reveal=True)


def _decided_already(request: ScopedRequest, checkin: CheckIn) -> HttpResponse:
    messages.error(request, _("This check-in has been decided already."))
    return redirect("cadres:checkin_detail", pk=checkin.pk)


@login_required
@scoped_object(CheckIn)
@permission_required("cadres.change_checkin", raise_exception=True)
@require_POST
def checkin_confirm(request: ScopedRequest, checkin: CheckIn) -> HttpResponse:
    scope = request.scope
    if checkin.status != CheckIn.Status.PENDING:
        return _decided_already(request, checkin)
    existing = services.checkin_matching_cadre(scope=scope, checkin=checkin)
    form = None if existing else ConfirmForm(request.POST, scope=scope, checkin=checkin)
    if form is not None and not form.is_valid():
        return _detail(request, checkin, confirm_form=form)
    data: dict[str, Any] = form.cleaned_data if form is not None else {}
    try:
        checkin = services.checkin_confirm(
            scope=scope,
            actor=request.user,
            checkin=checkin,
            residence=data.get("residence"),
            gender=data.get("gender", ""),
            birth_date=data.get("birth_date"),
            political_status=data.get("political_status", ""),
            ip=client_ip(request),
        )
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect("cadres:checkin_detail", pk=checkin.pk)
        add_service_errors(form, error)
        return _detail(request, checkin, confirm_form=form)
    messages.success(
        request,
        _("Check-in of %(name)s confirmed and recorded in the registry.") % {"name": checkin.name},
    )
    return redirect("cadres:checkin_detail", pk=checkin.pk)


@login_required
@scoped_object(CheckIn)
@permission_required("cadres.change_checkin", raise_exception=True)
@require_POST
def checkin_reject(request: ScopedRequest, checkin: CheckIn) -> HttpResponse:
    if checkin.status != CheckIn.Status.PENDING:
        return _decided_already(request, checkin)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            checkin = services.checkin_reject(
                scope=request.scope,
                actor=request.user,
                checkin=checkin,
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Check-in of %(name)s rejected.") % {"name": checkin.name})
            return redirect("cadres:checkin_detail", pk=checkin.pk)
    return _detail(request, checkin, reject_form=form)


@login_required
@permission_required("cadres.add_checkin", raise_exception=True)
@require_http_methods(["GET", "POST"])
def checkin_create(request: ScopedRequest) -> HttpResponse:
    """Register a check-in on someone's behalf (at the community office, by phone)."""
    scope = request.scope
    form = StaffCheckInForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            checkin = services.checkin_register(
                scope=scope,
                actor=request.user,
                residence=data["residence"],
                name=data["name"],
                mobile=data["mobile"],
                id_number=data["id_number"],
                former_unit=data["former_unit"],
                retirement_date=data["retirement_date"],
                specialties=data["specialties"],
                service_kinds=data["service_kinds"],
                note=data["note"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Check-in of %(name)s registered.") % {"name": checkin.name}
            )
            return redirect("cadres:checkin_detail", pk=checkin.pk)
    return render(request, "cadres/checkin_form.html", {"form": form, "retirement": False})


@login_required
@permission_required("cadres.add_checkin", raise_exception=True)
@require_http_methods(["GET", "POST"])
def checkin_retirement(request: ScopedRequest) -> HttpResponse:
    """Hand a newly retired cadre over to the community of residence."""
    scope = request.scope
    form = RetirementForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            checkin = services.checkin_route_retirement(
                scope=scope,
                actor=request.user,
                name=data["name"],
                mobile=data["mobile"],
                id_number=data["id_number"],
                residence=data["residence"],
                former_unit=data["former_unit"],
                retirement_date=data["retirement_date"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s handed over to %(community)s for check-in.")
                % {"name": checkin.name, "community": checkin.area.name},
            )
            return redirect("cadres:checkin_detail", pk=checkin.pk)
    return render(request, "cadres/checkin_form.html", {"form": form, "retirement": True})


urlpatterns: list[URLPattern] = [
    path("checkin/<str:code>/<str:signature>/", checkin_public, name="checkin_public"),
    path("cadres/checkin/posters/", checkin_posters, name="checkin_posters"),
    path("cadres/checkin/poster/<str:code>/", checkin_poster, name="checkin_poster"),
    path("cadres/checkins/", checkin_index, name="checkin_list"),
    path("cadres/checkins/new/", checkin_create, name="checkin_create"),
    path("cadres/checkins/retirement/", checkin_retirement, name="checkin_retirement"),
    path("cadres/checkins/<int:pk>/", checkin_detail, name="checkin_detail"),
    path("cadres/checkins/<int:pk>/reveal/", checkin_reveal, name="checkin_reveal"),
    path("cadres/checkins/<int:pk>/confirm/", checkin_confirm, name="checkin_confirm"),
    path("cadres/checkins/<int:pk>/reject/", checkin_reject, name="checkin_reject"),
]
