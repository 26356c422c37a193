"""Registry workbooks as the bureau fills them in, and the pages that take and give them."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories.cadres import id_number_for

HEADERS = ["序号", "姓名", "性别", "出生年月", "身份证号", "政治面貌", "居住街道", "居住社区",
           "居住小区", "联系电话", "爱好特长", "发挥作用意向"]  # fmt: skip


def person(
    serial: Any = 1,
    name: str = "王建国",
    gender: str = "男",
    birth: str = "19550312",
    serial_no: str = "135",
    street: str = "金家岭街道",
    community: str = "瑞都社区",
    compound: str = "",
    mobile: str = "13912345678",
    specialties: str = "法律、书法",
    kinds: str = "建言献策",
    political: str = "中共党员",
) -> list[Any]:
    born = f"{birth[:4]}.{birth[4:6]}"
    id_number = id_number_for(birth, serial_no)
    return [serial, name, gender, born, id_number, political, street, community, compound,
            mobile, specialties, kinds]  # fmt: skip


def workbook_bytes(rows: list[list[Any]], headers: list[str] = HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client: Client, content: bytes, name: str = "登记表.xlsx") -> Any:
    return client.post(reverse("cadres:import"), {"file": SimpleUploadedFile(name, content)})


def confirm(client: Client, token: str) -> Any:
    return client.post(reverse("cadres:import_confirm"), {"token": token})


def errors_of(response: Any) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in response.context["result"].errors]


def exported(response: Any) -> Any:
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(BytesIO(content)).worksheets[0]
