"""The Excel import of the registry: a sheet with one bad row is previewed, never imported."""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING, Any

import openpyxl

from cadres.models import Cadre
from tests.browser.steps import expect, log_in, open_menu
from tests.factories.cadres import id_number_for

if TYPE_CHECKING:
    from playwright.sync_api import Page

HEADERS = ["序号", "姓名", "性别", "出生年月", "身份证号", "政治面貌", "居住街道", "居住社区",
           "联系电话", "爱好特长"]  # fmt: skip
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def registry_sheet() -> bytes:
    """Two people; the second one's ID number has a wrong check character (row 3)."""
    good_id = id_number_for("19550312", serial="135")
    bad_id = id_number_for("19600101", serial="246")
    bad_id = bad_id[:-1] + ("0" if bad_id[-1] != "0" else "1")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append([1, "王建国", "男", "1955.03", good_id, "中共党员", "金家岭街道", "瑞都社区",
                  "13912345678", "法律"])  # fmt: skip
    sheet.append([2, "赵敏", "女", "1960.01", bad_id, "中共党员", "金家岭街道", "瑞都社区",
                  "13912345679", "书法绘画"])  # fmt: skip
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_it_previews_a_sheet_with_a_bad_row_and_imports_nothing(
    page: Page, tree: Any, roles: Any
) -> None:
    log_in(page, "street")
    open_menu(page, "银龄人才信息库")
    page.get_by_role("link", name="银龄人才信息库").click()
    page.get_by_role("link", name="从Excel导入").click()
    page.get_by_label("填好的登记表（.xlsx）").set_input_files(
        files=[{"name": "金家岭街道登记表.xlsx", "mimeType": XLSX, "buffer": registry_sheet()}]
    )
    page.get_by_role("button", name="上传并检查").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("文件检查结果")
    expect(page.get_by_test_id("total-rows")).to_have_text("2")
    expect(page.get_by_test_id("good-rows")).to_have_text("1")
    expect(page.get_by_test_id("bad-rows")).to_have_text("1")
    errors = page.get_by_test_id("row-errors").locator("tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.locator("td")).to_have_text(
        ["3", "身份证号", "身份证号校验位不正确，请逐位核对。"]
    )
    expect(page.get_by_role("alert")).to_contain_text("尚未保存任何记录")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)

    # Nothing reached the registry, not even the good row.
    open_menu(page, "银龄人才信息库")
    page.get_by_role("link", name="银龄人才信息库").click()
    expect(page.get_by_text("没有找到档案。").filter(visible=True)).to_have_count(1)
    assert Cadre.objects.count() == 0
