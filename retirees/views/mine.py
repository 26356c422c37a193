"""The retirees' own pages: activation with a code, sign-in by phone, and 我的."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cadres.models import Cadre, cadre_field
from cadres.services import masked
from laoshan_portal import clock
from laoshan_portal.accounts.views import LoginView
from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import add_service_errors
from laoshan_portal.pages import pdf_response
from laoshan_portal.pdf import render_pdf
from laoshan_portal.ratelimit import ratelimit, too_many_requests_page
from volunteering.views.volunteers import certificate_context

from .. import selectors, services
from ..decorators import RetireeRequest, retiree_view
from ..forms import ActivationForm, CorrectionForm, PhoneLoginForm

# Per client IP and ten minutes: enough for a community's session of activations on one
# network, nothing for guessing among a hundred million codes.
ACTIVATIONS_PER_WINDOW = 30
WINDOW_SECONDS = 600
PHONE_BACKEND = "retirees.backends.PhoneBackend"


@never_cache
@ratelimit(
    "retiree-activate",
    limit=ACTIVATIONS_PER_WINDOW,
    window=WINDOW_SECONDS,
    methods=["POST"],
    limited=too_many_requests_page,
)
@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest) -> HttpResponse:
    """Open one's account (or set a new password) with the code from the slip."""
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.activation_redeem(
                code=form.cleaned_data["code"],
                mobile=form.cleaned_data["mobile"],
                password=form.cleaned_data["password1"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, account.user, backend=PHONE_BACKEND)
            return redirect("retirees:home")
    return render(request, "retirees/activate.html", {"form": form})


class PhoneLoginView(LoginView):
    """Sign-in with the mobile number and password, in large type; audited like staff's."""

    template_name = "retirees/login.html"
    form_class = PhoneLoginForm


@retiree_view
@require_GET
def home(request: RetireeRequest) -> HttpResponse:
    """我的: my record, my hours and stars, my certificates, teams, workrooms, lectures."""
    account = request.retiree
    cadre = selectors.own_record(account=account)
    return render(
        request,
        "retirees/home.html",
        {
            "cadre": cadre,
            "record": record_rows(cadre),
            "hours": selectors.own_hours(account=account, today=clock.today()),
            "certificates": selectors.own_certificates(account=account),
            "teams": selectors.own_teams(account=account),
            "workrooms": selectors.own_workrooms(account=account),
            "lectures": selectors.own_lectures(account=account),
            "corrections": selectors.own_corrections(account=account),
            "concerns": selectors.own_concerns(account=account),
        },
    )


def record_rows(cadre: Cadre) -> list[tuple[str, str]]:
    """The record's fields as the registry shows them, the ID number and phones masked."""
    rows = [(cadre_field("name").verbose_name, cadre.name)]
    rows.append((cadre_field("area").verbose_name, f"{cadre.area.parent or ''} {cadre.area}"))
    rows.append((cadre_field("birth_date").verbose_name, f"{cadre.birth_date:%Y-%m-%d}"))
    for field in ("id_number", "mobile", "landline"):
        rows.append((cadre_field(field).verbose_name, masked(cadre, field)))
    for field in ("former_unit", "former_post", "address"):
        rows.append((cadre_field(field).verbose_name, getattr(cadre, field)))
    rows.append(
        (cadre_field("political_status").verbose_name, cadre.get_political_status_display())
    )
    rows.append(
        (
            cadre_field("specialties").verbose_name,
            "、".join(t.name for t in cadre.specialties.all()),
        )
    )
    return [(str(label), str(value)) for label, value in rows]


@retiree_view
@require_GET
def certificate(request: RetireeRequest) -> HttpResponse:
    """My newest certificate (or the one ``?number=`` names) as the printable PDF."""
    certificates = selectors.own_certificates(account=request.retiree)
    number = request.GET.get("number", "")[:24]
    found = certificates.filter(number=number).first() if number else certificates.first()
    if found is None:
        raise Http404
    pdf = render_pdf("volunteering/certificate_pdf.html", certificate_context(request, found))
    return pdf_response(pdf, f"{found.number}.pdf")


@retiree_view
@require_http_methods(["GET", "POST"])
def correction(request: RetireeRequest) -> HttpResponse:
    """Ask the community to correct a field of my record."""
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_request(
                account=request.retiree, **form.cleaned_data, ip=client_ip(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sent. Your community will look at it."))
            return redirect("retirees:home")
    return render(request, "retirees/correction.html", {"form": form})
