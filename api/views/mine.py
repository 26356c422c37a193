"""The retiree's own endpoints: their record (masked as on 我的), hours, stars,
certificates and the open needs of their community and street. Each reads through the
``own_*`` selectors of retirees, as the 我的 page does."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cadres.models import Need
from laoshan_portal import clock
from laoshan_portal.pages import pdf_response
from laoshan_portal.pdf import render_pdf
from retirees import selectors
from retirees.models import RetireeAccount
from retirees.selectors import account_by_user
from retirees.views.mine import record_rows
from volunteering.views.volunteers import certificate_context

from ..pagination import PagePagination
from ..permissions import IsRetiree
from ..serializers import (
    CertificateSerializer,
    MyHoursSerializer,
    MyRecordSerializer,
    MyStarsSerializer,
    NeedSerializer,
)


class RetireeView(APIView):
    """An endpoint of a signed-in retiree; ``account`` is theirs."""

    permission_classes = [IsRetiree]

    def account(self) -> RetireeAccount:
        user: Any = self.request.user
        found = account_by_user(user_id=user.pk)
        if found is None:
            raise PermissionDenied
        return found


class MeView(RetireeView):
    @extend_schema(responses=MyRecordSerializer)
    def get(self, request: Request) -> Response:
        """My record as the registry holds it; the ID number and phones masked."""
        cadre = selectors.own_record(account=self.account())
        rows = [{"caption": label, "value": value} for label, value in record_rows(cadre)]
        body = {"name": cadre.name, "area_id": cadre.area_id, "rows": rows}
        return Response(MyRecordSerializer(body).data)


class MyHoursView(RetireeView):
    @extend_schema(responses=MyHoursSerializer)
    def get(self, request: Request) -> Response:
        """My accepted service hours: in all, this year, by month and by year."""
        hours = selectors.own_hours(account=self.account(), today=clock.today())
        body = {
            "total": hours.figures.total,
            "this_year": hours.figures.this_year,
            "by_month": hours.by_month,
            "by_year": [{"year": year, "hours": total} for year, total in hours.by_year],
        }
        return Response(MyHoursSerializer(body).data)


class MyStarsView(RetireeView):
    @extend_schema(responses=MyStarsSerializer)
    def get(self, request: Request) -> Response:
        """My star level and the hours to the next one (none past the last)."""
        hours = selectors.own_hours(account=self.account(), today=clock.today())
        body = {
            "stars": hours.figures.stars,
            "total": hours.figures.total,
            "next_star_at": hours.next_star_at,
            "to_next_star": hours.to_next_star,
        }
        return Response(MyStarsSerializer(body).data)


class MyCertificatesView(RetireeView):
    @extend_schema(responses=CertificateSerializer(many=True))
    def get(self, request: Request) -> Response:
        """My certificates that still hold, newest first, each with its PDF's address."""
        pdf = reverse("api:my_certificate_pdf")
        body = [
            {
                "number": found.number,
                "issued_on": found.issued_on,
                "period_start": found.period_start,
                "period_end": found.period_end,
                "total_hours": found.total_hours,
                "pdf": f"{pdf}?{urlencode({'number': found.number or ''})}",
            }
            for found in selectors.own_certificates(account=self.account())
        ]
        return Response(CertificateSerializer(body, many=True).data)


class MyCertificatePdfView(RetireeView):
    @extend_schema(
        parameters=[OpenApiParameter("number", OpenApiTypes.STR, required=True)],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request) -> HttpResponse:
        """One of my certificates (``?number=``) as the printable PDF of 我的."""
        number = request.query_params.get("number", "")[:24]
        certificates = selectors.own_certificates(account=self.account())
        found = certificates.filter(number=number).first() if number else None
        if found is None:
            raise NotFound
        context = certificate_context(request._request, found)  # type: ignore[arg-type]
        pdf = render_pdf("volunteering/certificate_pdf.html", context)
        return pdf_response(pdf, f"{found.number}.pdf")


class MyNeedsView(RetireeView, ListAPIView[Need]):
    """The open needs of my street (my community's among them) that ask for one of my
    specialties or for none in particular: those 参与 offers me to help with."""

    serializer_class = NeedSerializer
    pagination_class = PagePagination

    def get_queryset(self) -> QuerySet[Need]:
        return selectors.own_matching_needs(account=self.account(), today=clock.today())
