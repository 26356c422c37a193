"""Staff endpoints: the registry, activities and needs, in the caller's scope, with the
pages' filters and masking. Reads go through the apps' selectors; an object outside the
scope is a 404, as on the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from cadres import services as registry
from cadres.filters import CadreFilter
from cadres.models import Cadre, Need
from cadres.needs.selectors import need_assignments, need_filtered
from cadres.selectors import cadre_filtered
from cadres.views.registry import LIST_FIELDS, detail_sections, list_rows
from laoshan_portal.audit.services import client_ip
from laoshan_portal.scoping import Scope, ScopedLookup, get_in_scope_or_404
from volunteering.models import ServiceActivity
from volunteering.selectors import activity_filtered as service_activities
from workrooms.models import Activity
from workrooms.selectors import activity_filtered as workroom_activities

from ..pagination import PagePagination
from ..permissions import staff_with
from ..serializers import (
    CadreDetailSerializer,
    CadreRowSerializer,
    NeedDetailSerializer,
    NeedSerializer,
    ServiceActivitySerializer,
    WorkroomActivitySerializer,
)


def scope_of(request: Request) -> Scope:
    """The caller's scope, as the middleware (or the token's sign-in) built it."""
    return request._request.scope  # type: ignore[attr-defined, no-any-return]


def filter_parameters(filterset: Any) -> list[OpenApiParameter]:
    """The query parameters of a page's FilterSet, for the schema: the API takes the same
    filters as the page, from the same class."""
    kinds = {"ModelChoiceFilter": OpenApiTypes.INT, "DateFilter": OpenApiTypes.DATE}
    parameters = []
    for name, found in filterset.base_filters.items():
        choices = found.extra.get("choices")
        parameters.append(
            OpenApiParameter(
                name,
                kinds.get(type(found).__name__, OpenApiTypes.STR),
                description=str(found.label or ""),
                enum=[str(value) for value, _label in choices] if choices else None,
            )
        )
    return parameters


class CadreList(ListAPIView[Any]):
    """The registry list, filtered as on the registry page (the same FilterSet)."""

    permission_classes = [staff_with("cadres.view_cadre")]
    serializer_class = CadreRowSerializer
    pagination_class = PagePagination

    @extend_schema(parameters=filter_parameters(CadreFilter))
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        found = cadre_filtered(
            scope=scope_of(request), params=request.query_params, resolve_areas=True
        )
        records = found.qs.values_list(*LIST_FIELDS, named=True)
        page = self.paginate_queryset(records) or []
        rows = list_rows(page, found.area_rows or [], found.tag_lists["specialty"])
        body = [
            {"id": record.pk, "area_id": record.area_id, "parent_area": row["parent"], **row}
            for record, row in zip(page, rows, strict=True)
        ]
        return self.get_paginated_response(CadreRowSerializer(body, many=True).data)


class CadreDetail(GenericAPIView[Cadre]):
    """One record, its sensitive fields masked as on its page."""

    permission_classes = [staff_with("cadres.view_cadre")]
    serializer_class = CadreDetailSerializer

    def get(self, request: Request, pk: int) -> Response:
        cadre = get_in_scope_or_404(Cadre, scope_of(request), pk=pk)
        sections = [
            {
                "title": str(title),
                "rows": [
                    {
                        "name": row["name"],
                        "caption": str(row["label"]),
                        "value": "" if row["value"] is None else str(row["value"]),
                        "sensitive": row["sensitive"],
                    }
                    for row in rows
                ],
            }
            for title, rows in detail_sections(cadre)
        ]
        body = {"id": cadre.pk, "area_id": cadre.area_id, "name": cadre.name}
        body |= {"status": cadre.status, "sections": sections}
        return Response(CadreDetailSerializer(body).data)


class CadreReveal(GenericAPIView[Cadre]):
    """The sensitive fields in the clear, for a role that may see them; always audited."""

    permission_classes = [staff_with("cadres.view_cadre")]

    @extend_schema(request=None, responses={200: dict[str, str]})
    def post(self, request: Request, pk: int) -> Response:
        cadre = get_in_scope_or_404(Cadre, scope_of(request), pk=pk)
        values = registry.cadre_reveal(
            actor=request.user, cadre=cadre, ip=client_ip(request._request)
        )
        return Response(values)


class ServiceActivityList(ListAPIView[ServiceActivity]):
    """Volunteer activities, with the activity list's filters, people and hours."""

    permission_classes = [staff_with("volunteering.view_serviceactivity")]
    serializer_class = ServiceActivitySerializer
    pagination_class = PagePagination

    def get_queryset(self) -> QuerySet[ServiceActivity]:
        found = service_activities(scope=scope_of(self.request), params=self.request.query_params)
        return found.qs  # type: ignore[no-any-return]


class WorkroomActivityList(ListAPIView[Activity]):
    """Workroom and cluster activities, with the activity list's filters."""

    permission_classes = [staff_with("workrooms.view_activity")]
    serializer_class = WorkroomActivitySerializer
    pagination_class = PagePagination

    def get_queryset(self) -> QuerySet[Activity]:
        found = workroom_activities(scope=scope_of(self.request), params=self.request.query_params)
        return found.qs  # type: ignore[no-any-return]


class NeedList(ListAPIView[Any]):
    """Governance needs in scope, optionally of one status."""

    permission_classes = [staff_with("cadres.view_need")]
    serializer_class = NeedSerializer
    pagination_class = PagePagination

    @extend_schema(
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=list(Need.Status.values))]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        status = self.request.query_params.get("status", "")
        return need_filtered(scope=scope_of(self.request), status=status)


class NeedDetail(RetrieveAPIView[Need]):
    permission_classes = [staff_with("cadres.view_need")]
    serializer_class = NeedDetailSerializer

    def get_object(self) -> Need:
        scope = scope_of(self.request)
        need = get_in_scope_or_404(Need, scope, pk=self.kwargs["pk"])
        need.assigned = need_assignments(scope=scope, need=need).count()  # type: ignore[attr-defined]
        return need


def scoped(view: Any, model: type[Any]) -> Any:
    """Mark an object endpoint for the URL walks of the tests, as ``@scoped_object`` does."""
    view.scoped_lookup = ScopedLookup(model, "pk", "pk")
    return view
