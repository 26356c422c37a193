"""Pages of volunteers: a person's hours and stars, the ranking, the certificates and the
public page that verifies one."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cadres.models import Cadre
from laoshan_portal import clock
from laoshan_portal.forms import query_text
from laoshan_portal.official import chinese_number, issuing
from laoshan_portal.pages import form_page, paged, pdf_response, service_kwargs, url_by_pk
from laoshan_portal.pdf import render_pdf
from laoshan_portal.ratelimit import ratelimit, too_many_requests_page
from laoshan_portal.scoping import ScopedRequest, public_object, staff_view
from laoshan_portal.verification import masked_name, qr_svg

from .. import services
from ..forms import CertificateForm, RankingForm, RevokeForm
from ..models import Certificate, TeamMember
from ..selectors import (
    RankingRow,
    certificate_list,
    ranking_page,
    volunteer_hours,
    volunteer_records,
)
from ..stars import next_threshold, star_level, star_thresholds

# Per client IP and ten minutes: plenty for people checking a certificate, not for a script.
VERIFY_PER_WINDOW = 30
WINDOW_SECONDS = 600


def _volunteer_page(
    request: ScopedRequest, *, cadre: Cadre | None = None, member: TeamMember | None = None
) -> HttpResponse:
    scope = request.scope
    today = clock.today()
    hours = volunteer_hours(cadre=cadre, member=member, today=today)
    records = paged(request, volunteer_records(scope=scope, cadre=cadre, member=member))
    person: dict[str, Cadre | TeamMember | None] = (
        {"cadre": cadre} if cadre is not None else {"member": member}
    )
    certificates = certificate_list(scope=scope).filter(**person)
    issue_url = (
        reverse("volunteering:certificate_issue", args=[cadre.pk])
        if cadre is not None
        else reverse("volunteering:member_certificate_issue", args=[member.pk])  # type: ignore[union-attr]
    )
    return render(
        request,
        "volunteering/volunteer_detail.html",
        {
            "cadre": cadre,
            "member": member,
            "name": cadre.name if cadre is not None else member.resident_name,  # type: ignore[union-attr]
            "area": cadre.area if cadre is not None else member.team.area,  # type: ignore[union-attr]
            "hours": hours,
            "stars": range(hours.stars),
            "next_threshold": next_threshold(hours.total),
            "thresholds": star_thresholds(),
            "page": records,
            "certificates": certificates,
            "issue_url": issue_url,
            "can_issue": request.user.has_perm("volunteering.add_certificate"),
            "can_correct": request.user.has_perm("volunteering.change_servicerecord"),
        },
    )


@staff_view("volunteering.view_servicerecord", scoped=Cadre, methods=("GET",))
def volunteer_detail(request: ScopedRequest, cadre: Cadre) -> HttpResponse:
    return _volunteer_page(request, cadre=cadre)


@staff_view("volunteering.view_servicerecord", scoped=TeamMember, methods=("GET",))
def member_volunteer_detail(request: ScopedRequest, member: TeamMember) -> HttpResponse:
    """A resident member's page; a cadre member's hours live on the cadre's page."""
    if member.cadre_id:
        return redirect("volunteering:volunteer_detail", pk=member.cadre_id)
    return _volunteer_page(request, member=member)


@staff_view("volunteering.view_servicerecord", methods=("GET",))
def ranking(request: ScopedRequest) -> HttpResponse:
    """The top volunteers in scope for a period (this year unless chosen)."""
    scope = request.scope
    today = clock.today()
    form = RankingForm(request.GET or None, scope=scope)
    start, end, area = date(today.year, 1, 1), today, None
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["date_from"] or start
        end = form.cleaned_data["date_to"] or end
        area = form.cleaned_data["area"]
    rows, totals = ranking_page(scope=scope, start=start, end=end, area=area)
    return render(
        request,
        "volunteering/ranking.html",
        {
            "form": form,
            "rows": rows,
            "shown": ranking_rows(rows),
            "start": start,
            "end": end,
            "totals": totals,
        },
    )


def ranking_rows(rows: list[RankingRow]) -> list[dict[str, Any]]:
    """The ranking's rows with their links and stars, worked out in Python rather than
    by the template engine (fifty rows, each with a link and five stars to consider)."""
    cadre_url = url_by_pk("volunteering:volunteer_detail")
    member_url = url_by_pk("volunteering:member_volunteer_detail")
    return [
        {
            "row": row,
            "url": cadre_url(row.cadre_id) if row.cadre_id else member_url(row.member_id),
            "stars": "★" * max(min(row.stars, 5), 0),
        }
        for row in rows
    ]


def _issue(
    request: ScopedRequest, *, cadre: Cadre | None = None, member: TeamMember | None = None
) -> HttpResponse:
    today = clock.today()
    form = CertificateForm(
        request.POST or None, initial={"period_start": date(today.year, 1, 1), "period_end": today}
    )
    name = cadre.name if cadre is not None else member.resident_name  # type: ignore[union-attr]
    return form_page(
        request,
        form,
        save=lambda: services.certificate_issue(
            cadre=cadre, member=member, **form.cleaned_data, **service_kwargs(request)
        ),
        done=lambda _certificate: reverse("volunteering:certificate_list"),
        message=lambda certificate: (
            _("Certificate %(number)s issued.") % {"number": certificate.number}
        ),
        context={"name": name},
        template="volunteering/certificate_form.html",
    )


@staff_view("volunteering.add_certificate", scoped=Cadre, methods=("GET", "POST"))
def certificate_issue(request: ScopedRequest, cadre: Cadre) -> HttpResponse:
    return _issue(request, cadre=cadre)


@staff_view("volunteering.add_certificate", scoped=TeamMember, methods=("GET", "POST"))
def member_certificate_issue(request: ScopedRequest, member: TeamMember) -> HttpResponse:
    if member.cadre_id:
        return redirect("volunteering:certificate_issue", pk=member.cadre_id)
    return _issue(request, member=member)


@staff_view("volunteering.view_certificate", methods=("GET",))
def certificate_index(request: ScopedRequest) -> HttpResponse:
    certificates = certificate_list(scope=request.scope).select_related("area")
    query = query_text(request.GET, "q", 32)
    if query:
        certificates = certificates.filter(number__icontains=query) | certificates.filter(
            holder_name__contains=query
        )
    return render(
        request,
        "volunteering/certificate_list.html",
        {
            "page": paged(request, certificates),
            "query": query,
            "can_revoke": request.user.has_perm("volunteering.change_certificate"),
        },
    )


def certificate_context(request: ScopedRequest, certificate: Certificate) -> dict[str, Any]:
    url = request.build_absolute_uri(services.certificate_verify_path(certificate))
    stars = star_level(certificate.total_hours)
    return {
        "certificate": certificate,
        "stars": stars,
        "star_marks": range(stars),
        "stars_text": chinese_number(stars),
        "issuing": issuing(certificate.issuer_name, certificate.issued_on),
        "verify_url": url,
        "qr_svg": qr_svg(url),
    }


@staff_view("volunteering.view_certificate", scoped=Certificate, methods=("GET",))
def certificate_pdf(request: ScopedRequest, certificate: Certificate) -> HttpResponse:
    """The printable certificate, drawn from the figures frozen at issue time."""
    pdf = render_pdf("volunteering/certificate_pdf.html", certificate_context(request, certificate))
    return pdf_response(pdf, f"{certificate.number}.pdf")


@staff_view("volunteering.change_certificate", scoped=Certificate, methods=("GET", "POST"))
def certificate_revoke(request: ScopedRequest, certificate: Certificate) -> HttpResponse:
    form = RevokeForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.certificate_revoke(
            certificate=certificate,
            reason=form.cleaned_data["reason"],
            **service_kwargs(request),
        ),
        done=lambda _certificate: reverse("volunteering:certificate_list"),
        message=lambda _certificate: (
            _("Certificate %(number)s revoked.") % {"number": certificate.number}
        ),
        context={"certificate": certificate},
        template="volunteering/certificate_revoke.html",
    )


@public_object(
    "The target of a certificate's printed QR code: anyone holding the paper may check it. "
    "The link is signed, so certificates cannot be enumerated, and the page shows only "
    "the number, the masked name, the hours, the period, the issuer and the status."
)
@never_cache
@ratelimit(
    "certificate-verify",
    limit=VERIFY_PER_WINDOW,
    window=WINDOW_SECONDS,
    limited=too_many_requests_page,
)
@require_GET
def certificate_verify(request: ScopedRequest, number: str, signature: str) -> HttpResponse:
    certificate = services.certificate_from_link(number=number, signature=signature)
    if certificate is None:
        raise Http404
    return render(
        request,
        "volunteering/certificate_verify.html",
        {
            "number": certificate.number,
            "holder": masked_name(certificate.holder_name),
            "total_hours": certificate.total_hours,
            "period_start": certificate.period_start,
            "period_end": certificate.period_end,
            "issuer": certificate.issuer_name,
            "issued_on": certificate.issued_on,
            "valid": certificate.is_valid,
        },
    )


urlpatterns: list[URLPattern] = [
    path("volunteering/volunteers/<int:pk>/", volunteer_detail, name="volunteer_detail"),
    path("volunteering/members/<int:pk>/", member_volunteer_detail, name="member_volunteer_detail"),
    path("volunteering/ranking/", ranking, name="ranking"),
    path(
        "volunteering/volunteers/<int:pk>/certificate/",
        certificate_issue,
        name="certificate_issue",
    ),
    path(
        "volunteering/members/<int:pk>/certificate/",
        member_certificate_issue,
        name="member_certificate_issue",
    ),
    path("volunteering/certificates/", certificate_index, name="certificate_list"),
    path("volunteering/certificates/<int:pk>/pdf/", certificate_pdf, name="certificate_pdf"),
    path(
        "volunteering/certificates/<int:pk>/revoke/",
        certificate_revoke,
        name="certificate_revoke",
    ),
    path(
        "v/certificate/<str:number>/<str:signature>/",
        certificate_verify,
        name="certificate_verify",
    ),
]
