"""The audit trail for administrators: a filtered list and its CSV export."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from laoshan_portal.scoping import ScopedRequest, staff_view
from laoshan_portal.spreadsheets import safe_cell

from .models import AuditEvent
from .selectors import audit_filtered

app_name = "audit"
HEADINGS = ["时间", "用户", "IP地址", "操作", "对象类型", "对象编号", "对象", "结果"]


@staff_view("accounts.manage_staff")
def event_list(request: ScopedRequest) -> HttpResponse:
    events = audit_filtered(scope=request.scope, params=request.GET)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/event_list.html",
        {"page": page, "actions": AuditEvent.Action.choices, "params": request.GET},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@staff_view("accounts.manage_staff")
def event_export(request: ScopedRequest) -> StreamingHttpResponse:
    events = audit_filtered(scope=request.scope, params=request.GET)
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(HEADINGS)  # BOM: Excel opens it as UTF-8
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    safe_cell(timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S")),
                    safe_cell(event.username),
                    safe_cell(event.ip or ""),
                    safe_cell(event.get_action_display()),
                    safe_cell(event.object_type),
                    safe_cell(event.object_id),
                    safe_cell(event.object_repr),
                    "成功" if event.succeeded else "失败",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response


urlpatterns = [
    path("audit/", event_list, name="event_list"),
    path("audit/export.csv", event_export, name="event_export"),
]
