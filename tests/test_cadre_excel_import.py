"""The registry's Excel import: the template, the check with its preview, the confirmation,
and the files it refuses."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadres.importing.layout import COLUMNS
from cadres.models import Cadre, CadreEvent, ServiceKind
from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from tests.conftest import client_for
from tests.excel_helpers import confirm, errors_of, person, upload, workbook_bytes
from tests.factories.accounts import AreaFactory
from tests.factories.cadres import IdentifiedCadreFactory, id_number_for

SAMPLE = "/work/shared/samples/registry_sheet_sample.xlsx"
DATE_CELL = datetime(1958, 2, 26)  # noqa: DTZ001 - what openpyxl writes for a date cell


@pytest.fixture(autouse=True)
def _eager(settings: Any) -> None:
    # The confirmation runs the import in the request, as without a worker.
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_it_downloads_a_template_that_imports_cleanly(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    response = client.get(reverse("cadres:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content)))
    sheet, lists = workbook.worksheets
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    allowed = {c.value for row in lists.iter_rows() for c in row if c.value}
    assert {"男", "女", "中共党员", "离休", "退休", "完全自理", "法律", "志愿服务"} <= allowed
    assert tree.ruidu.code in allowed and tree.qiantaiju.code in allowed
    assert tree.wushan.code not in allowed  # another secretary's community

    # A filled-in copy: the example row stays and is skipped, the new row is imported.
    example = [c.value for c in sheet[2]]
    sheet.append(["1", "李秀英", *example[2:]])
    out = BytesIO()
    workbook.save(out)
    preview = upload(client, out.getvalue())
    assert errors_of(preview) == []
    assert preview.context["result"].good == 1
    assert "已跳过模板中的示例行" in preview.content.decode()
    result = confirm(client, preview.context["token"])
    assert "已导入 1 条记录" in result.content.decode()
    cadre = Cadre.objects.get()
    assert (cadre.name, cadre.area, cadre.name_pinyin) == ("李秀英", tree.ruidu, "lixiuying")


def test_it_refuses_the_template_and_import_to_roles_that_cannot_add(clients: Any) -> None:
    assert clients["viewer"].get(reverse("cadres:import_template")).status_code == 403
    assert clients["viewer"].get(reverse("cadres:import")).status_code == 403
    assert clients["anonymous"].get(reverse("cadres:import")).status_code == 302


def test_it_writes_nothing_and_lists_every_bad_row(tree: Any, roles: Any) -> None:
    client = client_for(roles.street_staff)
    bad_id = person(2, name="赵敏", gender="女", birth="19600101", serial_no="246")
    bad_id[4] = bad_id[4][:-1] + ("0" if bad_id[4][-1] != "0" else "1")
    bad_mobile = person(3, name="钱学明", birth="19480520", serial_no="111", mobile="1391234")
    bad_gender = person(4, name="孙丽", gender="男", birth="19520808", serial_no="222")
    bad_date = person(5, name="李强", birth="19570101", serial_no="333")
    bad_date[3] = "1957.13"
    rows = [
        person(1),
        bad_id,
        bad_mobile,
        bad_gender,
        bad_date,
        person(6, "周平", birth="19490909"),
    ]
    preview = upload(client, workbook_bytes(rows))
    found = errors_of(preview)
    assert (3, "身份证号", "身份证号校验位不正确，请逐位核对。") in found
    assert (4, "联系电话", "“1391234”既不是手机号也不是固定电话。") in found
    assert (5, "性别", "性别与身份证号中的性别不一致。") in found
    assert (6, "出生年月", "没有这个日期。") in found
    assert {row for row, _c, _m in found} == {3, 4, 5, 6}
    assert preview.context["result"].good == 2
    page = preview.content.decode()
    assert "尚未保存任何记录" in page and "确认导入" not in page

    # Posting the confirmation anyway saves nothing.
    result = confirm(client, preview.context["token"])
    assert "导入已停止，未保存任何记录" in result.content.decode()
    assert Cadre.objects.count() == 0
    failed = AuditEvent.objects.get(action="import")
    assert failed.succeeded is False and failed.detail["bad_rows"] == 4


def test_it_creates_every_good_row_in_its_area_with_pinyin(tree: Any, roles: Any) -> None:
    client = client_for(roles.street_staff)
    rows = [
        person(1, "王建国"),
        person(2, "刘芳", gender="女", birth="19580226", serial_no="124", community="苗岭社区"),
        person(3, "陈志远", birth="19461103", serial_no="155", compound="千泰居小区"),
    ]
    preview = upload(client, workbook_bytes(rows))
    assert errors_of(preview) == []
    assert "全部行均正确：将新建 3 条记录" in preview.content.decode()
    assert Cadre.objects.count() == 0  # the check alone writes nothing

    response = confirm(client, preview.context["token"])
    assert "已导入 3 条记录" in response.content.decode()
    cadres = {c.name: c for c in Cadre.objects.all()}
    assert cadres["王建国"].area == tree.ruidu
    assert cadres["刘芳"].area == tree.miaoling
    assert cadres["陈志远"].area == tree.qiantaiju
    assert (cadres["刘芳"].name_pinyin, cadres["刘芳"].name_initials) == ("liufang", "lf")
    assert cadres["刘芳"].gender == "F" and cadres["刘芳"].birth_date == date(1958, 2, 26)
    assert {t.name for t in cadres["王建国"].specialties.all()} == {"法律", "书法绘画"}
    assert {k.name for k in cadres["王建国"].service_kinds.all()} == {"建言献策"}
    # The ID number is checked for duplicates through its blind index, as the service does.
    assert Cadre.objects.filter(id_number_hash__isnull=False).count() == 3
    assert CadreEvent.objects.filter(kind="created").count() == 3
    assert AuditEvent.objects.filter(action="create", object_type="cadres.Cadre").count() == 3
    imported = AuditEvent.objects.get(action="import")
    assert imported.succeeded and imported.detail["created"] == 3
    assert imported.user == roles.street_staff


def test_it_refuses_an_area_outside_the_importers_scope(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    rows = [person(1), person(2, "周平", birth="19490909", street="中韩街道", community="午山社区")]
    preview = upload(client, workbook_bytes(rows))
    assert errors_of(preview) == [(3, "居住社区", "所选区域不在您的管辖范围内。")]


def test_it_refuses_a_duplicate_id_number_in_the_file_and_in_the_registry(
    tree: Any, roles: Any
) -> None:
    IdentifiedCadreFactory(
        area=tree.ruidu, name="老记录", id_number=id_number_for("19500505", "777")
    )
    IdentifiedCadreFactory(
        area=tree.wushan, name="外区记录", id_number=id_number_for("19510606", "888")
    )
    client = client_for(roles.secretary_a)
    rows = [
        person(1),
        person(2, "王建国"),  # the same ID number as row 2
        person(3, "老记录", birth="19500505", serial_no="777"),
        person(4, "外区记录", birth="19510606", serial_no="888"),
    ]
    found = errors_of(upload(client, workbook_bytes(rows)))
    assert (3, "身份证号", "与第2行的身份证号重复。") in found
    assert (4, "身份证号", "该身份证号已登记，登记人为 老记录。") in found
    # Out of scope: the record is not named.
    assert [m for r, _c, m in found if r == 5] and "外区记录" not in str(found)
    assert Cadre.objects.count() == 2


def test_it_understands_messy_cells(tree: Any, roles: Any) -> None:
    headers = ["姓名", "性别", "出生日期", "身份证号码", "政治面貌", "街道", "社区", "手机"]
    id_a = id_number_for("19550312", "135")
    full_width = id_a.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rows = [
        [" 王  建国 ", "男", "1955年3月", full_width, "党员", "金家岭街道", "瑞都社区",
         "139 1234 5678"],
        ["刘芳", "女", DATE_CELL, id_number_for("19580226", "124"), "群众", None,
         None, "0532-88881234"],
        ["陈志远", "男", "1946.11", float(id_number_for("19461103", "155")), "中共党员",
         "金家岭街道", "苗岭社区", ""],
    ]  # fmt: skip
    content = workbook_bytes(rows, headers)
    workbook = openpyxl.load_workbook(BytesIO(content))
    workbook.active.merge_cells("F2:F3")  # the street written once for two rows
    workbook.active.merge_cells("G2:G3")
    out = BytesIO()
    workbook.save(out)
    preview = upload(client_for(roles.street_staff), out.getvalue())
    found = errors_of(preview)
    assert len(found) == 1 and found[0][:2] == (4, "身份证号")
    assert "Excel 把身份证号存成了数字" in found[0][2]


def test_it_reports_the_bureau_sample_sheet_row_by_row(tree: Any, roles: Any) -> None:
    client = client_for(roles.district_admin)
    with open(SAMPLE, "rb") as sample:
        preview = upload(client, sample.read(), "registry_sheet_sample.xlsx")
    result = preview.context["result"]
    assert result.total == 60  # title, unit line, header and signature line are not rows
    found = errors_of(preview)
    assert (4, "居住社区", "中韩街道下没有名为“中韩社区”的社区。") in found
    assert not any("文化活动" in m for _r, _c, m in found)  # a kind the list offers
    assert "“备注”列不导入。" in result.notices
    assert Cadre.objects.count() == 0


def test_it_imports_the_bureau_sample_once_its_places_exist(tree: Any, roles: Any) -> None:
    AreaFactory(name="中韩社区", parent=tree.zhonghan)
    shazikou = AreaFactory(name="沙子口街道", level=Area.Level.STREET, parent=tree.laoshan)
    AreaFactory(name="沙子口社区", parent=shazikou)
    AreaFactory(name="金家岭社区", parent=tree.jinjialing)
    assert ServiceKind.objects.filter(name="文化活动").exists()
    client = client_for(roles.district_admin)
    with open(SAMPLE, "rb") as sample:
        preview = upload(client, sample.read(), "registry_sheet_sample.xlsx")
    assert errors_of(preview) == []
    confirm(client, preview.context["token"])
    assert Cadre.objects.count() == 60
    gao = Cadre.objects.get(name="高志强")  # "181 5387 0102", compound not in the tree
    assert gao.mobile == "18153870102" and gao.area == tree.wushan
    assert Cadre.objects.get(name="黎凤英").area == tree.qiantaiju


def test_it_is_404_for_another_users_import_token(tree: Any, roles: Any) -> None:
    owner = client_for(roles.street_staff)
    token = upload(owner, workbook_bytes([person(1)])).context["token"]
    other = client_for(roles.district_admin)
    assert confirm(other, token).status_code == 404
    status_url = reverse("cadres:import_status") + f"?token={token}"
    assert other.get(status_url).status_code == 404
    assert other.post(reverse("cadres:import_confirm"), {"token": "../x"}).status_code == 404
    assert Cadre.objects.count() == 0
    assert owner.get(status_url).status_code == 200


def test_it_imports_a_token_only_once(tree: Any, roles: Any) -> None:
    client = client_for(roles.street_staff)
    token = upload(client, workbook_bytes([person(1, specialties="")])).context["token"]
    confirm(client, token)
    confirm(client, token)
    assert Cadre.objects.count() == 1
    status = client.get(reverse("cadres:import_status") + f"?token={token}", HTTP_HX_REQUEST="1")
    assert "已导入 1 条记录" in status.content.decode()


def test_it_explains_a_file_that_is_not_a_workbook(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    page = client.get(reverse("cadres:import"))
    assert reverse("cadres:import_template") in page.content.decode()
    wrong_type = client.post(
        reverse("cadres:import"), {"file": SimpleUploadedFile("名单.csv", b"a,b\n")}
    )
    assert "请上传 .xlsx 格式的 Excel 工作簿" in wrong_type.content.decode()
    not_excel = upload(client, b"not a zip at all")
    assert errors_of(not_excel) == [(0, "", "这不是 Excel 工作簿（.xlsx）文件。")]


def test_it_refuses_a_sheet_with_too_many_rows_before_reading_them_all(
    tree: Any, roles: Any, monkeypatch: Any
) -> None:
    from cadres.importing import sheet

    monkeypatch.setattr(sheet, "MAX_ROWS", 3)  # the real limit is 60,000 rows
    rows = [person(n, name=f"王{n}", serial_no=f"{n:03d}") for n in range(1, 5)]
    response = upload(client_for(roles.secretary_a), workbook_bytes(rows))
    assert errors_of(response) == [(0, "", "表格超过 3 行，请拆分成几个文件后再导入。")]
    assert response.context["result"].good == 0
    assert not Cadre.objects.exists()


def test_it_refuses_a_workbook_that_unpacks_too_large(
    tree: Any, roles: Any, monkeypatch: Any
) -> None:
    from cadres.importing import sheet

    monkeypatch.setattr(sheet, "MAX_UNPACKED_BYTES", 1024)  # the real limit is 200 MB
    response = upload(client_for(roles.secretary_a), workbook_bytes([person()]))
    [(row, column, message)] = errors_of(response)
    assert (row, column) == (0, "") and "解压后过大" in message
    assert not Cadre.objects.exists()


def test_it_names_the_rows_whose_compound_is_not_in_the_tree(tree: Any, roles: Any) -> None:
    rows = [person(1), person(2, name="李明", serial_no="137", compound="不存在小区")]
    preview = upload(client_for(roles.secretary_a), workbook_bytes(rows))
    assert errors_of(preview) == []
    notices = preview.context["result"].notices
    assert any("不存在小区" in n and "瑞都社区" in n and "第 3 行" in n for n in notices), notices
    assert "导入前请核对" in preview.content.decode()
