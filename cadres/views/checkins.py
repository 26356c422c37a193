"""Pages of community check-ins: the public QR form, posters, the staff list and decisions."""

from __future__ import annotations

import io
from collections.abc import Callable

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.audit.services import client_ip
from laoshan_portal.pages import PAGE_SIZE, can, service_kwargs
from laoshan_portal.pdf import render_pdf
from laoshan_portal.ratelimit import Verdict, ratelimit
from laoshan_portal.scoping import ScopedRequest, public_object, public_url, staff_view

from ..checkins import links, selectors, services
from ..checkins.forms import (
    ConfirmForm,
    PublicCheckInForm,
    RejectForm,
    RetirementForm,
    StaffCheckInForm,
    StatusFilterForm,
)
from ..models import CheckIn
from .saving import acted, saved

# Per client IP and ten minutes: enough for a family at one phone, not for a script.
PAGE_VIEWS_PER_WINDOW = 60
SUBMISSIONS_PER_WINDOW = 5
WINDOW_SECONDS = 600


# --- the public page ---------------------------------------------------------------


def _rate_limited(request: HttpRequest, verdict: Verdict) -> HttpResponse:
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
    community = links.checkin_public_community(code=code, signature=signature)
    if community is None:
        raise Http404
    compounds = selectors.community_compounds(community)
    form = PublicCheckInForm(request.POST or None, compounds=compounds)
    checkin = saved(
        request,
        form,
        lambda: services.checkin_submit(
            community=community,
            compound=form.cleaned_data["compound"],
            name=form.cleaned_data["name"],
            mobile=form.cleaned_data["mobile"],
            id_number=form.cleaned_data["id_number"],
            specialties=form.cleaned_data["specialties"],
            service_kinds=form.cleaned_data["service_kinds"],
            note=form.cleaned_data["note"],
            ip=client_ip(request),
        ),
    )
    if checkin is not None:
        # Only the name typed and the community: nothing else is echoed back.
        return render(
            request, "public/checkin_done.html", {"name": checkin.name, "community": community}
        )
    return render(
        request,
        "public/checkin_form.html",
        {"form": form, "community": community, "has_compounds": compounds.exists()},
    )


# --- posters -----------------------------------------------------------------------


@staff_view("cadres.view_checkin", methods=("GET",))
def checkin_posters(request: ScopedRequest) -> HttpResponse:
    """The communities in scope, each with its QR poster."""
    communities = area_list(scope=request.scope).filter(level=Area.Level.COMMUNITY)
    page = Paginator(communities.select_related("parent"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "cadres/checkin_posters.html", {"page": page})


def _inline(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@staff_view("cadres.view_checkin", scoped=Area, kwarg="code", field="code", methods=("GET",))
def checkin_poster(request: ScopedRequest, area: Area) -> HttpResponse:
    """An A4 PDF to print and put up in the community (``?format=png``: the QR code only)."""
    if area.level != Area.Level.COMMUNITY:
        raise Http404
    qr = segno.make(public_url(request, links.checkin_public_path(area)), error="m", micro=False)
    if request.GET.get("format") == "png":
        buffer = io.BytesIO()
        qr.save(buffer, kind="png", scale=12, border=4)
        return _inline(buffer.getvalue(), "image/png", f"checkin-qr-{area.code}.png")
    pdf = render_pdf(
        "cadres/checkin_poster.html",
        {"community": area, "qr_svg": qr.svg_inline(scale=1, border=0, omitsize=True)},
    )
    return _inline(pdf, "application/pdf", f"checkin-poster-{area.code}.pdf")


# --- staff pages ------------------------------------------------------------------


@staff_view("cadres.view_checkin", methods=("GET",))
def checkin_index(request: ScopedRequest) -> HttpResponse:
    filters = StatusFilterForm(request.GET or None, scope=request.scope)
    checkins = filters.filter(selectors.checkin_queue(scope=request.scope))
    page = Paginator(checkins, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cadres/checkin_list.html",
        {"page": page, "filters": filters, **can(request, "cadres.add_checkin")},
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
    existing = selectors.checkin_matching_cadre(scope=scope, checkin=checkin) if pending else None
    if can_decide and existing is None and confirm_form is None:
        initial = {
            "residence": checkin.compound or checkin.area,
            **selectors.id_number_defaults(checkin.id_number),
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


@staff_view("cadres.view_checkin", scoped=CheckIn, methods=("GET",))
def checkin_detail(request: ScopedRequest, checkin: CheckIn) -> HttpResponse:
    return _detail(request, checkin)


@staff_view("cadres.view_checkin", scoped=CheckIn, methods=("POST",))
def checkin_reveal(request: ScopedRequest, checkin: CheckIn) -> HttpResponse:
    """The ID number and mobile in full, once, audited (a refusal too: the service checks
    ``accounts.view_sensitive`` and records either outcome)."""
    return _detail(request, checkin, reveal=True)


def _decided_already(request: ScopedRequest, checkin: CheckIn) -> HttpResponse:
    messages.error(request, _("This check-in has been decided already."))
    return redirect("cadres:checkin_detail", pk=checkin.pk)


def _done(request: ScopedRequest, checkin: CheckIn, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("cadres:checkin_detail", pk=checkin.pk)


@staff_view("cadres.change_checkin", scoped=CheckIn, methods=("POST",))
def checkin_confirm(request: ScopedRequest, checkin: CheckIn) -> HttpResponse:
    """Link the record with the check-in's ID number, or create one from the form."""
    if checkin.status != CheckIn.Status.PENDING:
        return _decided_already(request, checkin)
    message = _("Check-in of %(name)s confirmed and recorded in the registry.") % {
        "name": checkin.name
    }
    if selectors.checkin_matching_cadre(scope=request.scope, checkin=checkin) is not None:
        acted(
            request,
            lambda: services.checkin_confirm(checkin=checkin, **service_kwargs(request)),
            message,
        )
        return redirect("cadres:checkin_detail", pk=checkin.pk)
    form = ConfirmForm(request.POST, scope=request.scope, checkin=checkin)
    confirmed = saved(
        request,
        form,
        lambda: services.checkin_confirm(
            checkin=checkin, **form.cleaned_data, **service_kwargs(request)
        ),
    )
    if confirmed is None:
        return _detail(request, checkin, confirm_form=form)
    return _done(request, checkin, message)


@staff_view("cadres.change_checkin", scoped=CheckIn, methods=("POST",))
def checkin_reject(request: ScopedRequest, checkin: CheckIn) -> HttpResponse:
    if checkin.status != CheckIn.Status.PENDING:
        return _decided_already(request, checkin)
    form = RejectForm(request.POST)
    rejected = saved(
        request,
        form,
        lambda: services.checkin_reject(
            checkin=checkin, reason=form.cleaned_data["reason"], **service_kwargs(request)
        ),
    )
    if rejected is None:
        return _detail(request, checkin, reject_form=form)
    return _done(request, checkin, _("Check-in of %(name)s rejected.") % {"name": checkin.name})


def _staff_checkin_page(
    request: ScopedRequest,
    form: BaseForm,
    *,
    register: Callable[..., CheckIn],
    message: Callable[[CheckIn], str],
    retirement: bool,
) -> HttpResponse:
    """A staff form whose fields are ``register``'s arguments; then the new check-in."""
    checkin = saved(request, form, lambda: register(**form.cleaned_data, **service_kwargs(request)))
    if checkin is None:
        return render(request, "cadres/checkin_form.html", {"form": form, "retirement": retirement})
    return _done(request, checkin, message(checkin))


@staff_view("cadres.add_checkin", methods=("GET", "POST"))
def checkin_create(request: ScopedRequest) -> HttpResponse:
    """Register a check-in on someone's behalf (at the community office, by phone)."""
    return _staff_checkin_page(
        request,
        StaffCheckInForm(request.POST or None, scope=request.scope),
        register=services.checkin_register,
        message=lambda checkin: _("Check-in of %(name)s registered.") % {"name": checkin.name},
        retirement=False,
    )


@staff_view("cadres.add_checkin", methods=("GET", "POST"))
def checkin_retirement(request: ScopedRequest) -> HttpResponse:
    """Hand a newly retired cadre over to the community of residence."""
    return _staff_checkin_page(
        request,
        RetirementForm(request.POST or None, scope=request.scope),
        register=services.checkin_route_retirement,
        message=lambda checkin: (
            _("%(name)s handed over to %(community)s for check-in.")
            % {"name": checkin.name, "community": checkin.area.name}
        ),
        retirement=True,
    )


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
