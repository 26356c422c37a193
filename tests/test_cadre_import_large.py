"""A large spreadsheet is checked in the worker, not in the request: the page shows its
progress, then the same preview a small file gets at once, and the import goes on from it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cadres.models import Cadre
from tests.conftest import client_for
from tests.excel_helpers import confirm, person, upload, workbook_bytes


@pytest.fixture(autouse=True)
def _media_and_eager(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the worker's task runs in the caller here
    settings.IMPORT_PREVIEW_IN_REQUEST_BYTES = 100  # every test file counts as large


def test_a_large_file_is_checked_in_the_worker_then_previewed(tree: Any, roles: Any) -> None:
    client = client_for(roles.street_staff)
    bad = person(2, "刘芳", gender="男", birth="19580226", serial_no="124")  # a woman's ID
    page = upload(client, workbook_bytes([person(1, "王建国"), bad]))
    assert page.templates[0].name == "cadres/excel_progress.html"
    assert "result" not in page.context  # nothing was checked in the request
    token = page.context["token"]
    status = reverse("cadres:import_status") + f"?token={token}"

    polled = client.get(status, HTTP_HX_REQUEST="true")  # the page's progress fragment
    assert polled["HX-Redirect"] == status

    preview = client.get(status)
    result = preview.context["result"]
    assert (result["total"], result["good"], result["bad_rows"]) == (2, 1, 1)
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(3, "性别")]
    assert "性别与身份证号中的性别不一致。" in preview.content.decode()
    assert Cadre.objects.count() == 0


def test_the_import_goes_on_from_a_preview_made_in_the_worker(tree: Any, roles: Any) -> None:
    client = client_for(roles.street_staff)
    page = upload(
        client, workbook_bytes([person(1, "王建国"), person(2, "陈志远", serial_no="155")])
    )
    token = page.context["token"]
    preview = client.get(reverse("cadres:import_status") + f"?token={token}")
    assert "全部行均正确：将新建 2 条记录" in preview.content.decode()
    done = confirm(client, token)
    assert "已导入 2 条记录" in done.content.decode()
    assert Cadre.objects.count() == 2


def test_another_user_cannot_read_the_preview(tree: Any, roles: Any) -> None:
    page = upload(client_for(roles.street_staff), workbook_bytes([person(1)]))
    status = reverse("cadres:import_status") + f"?token={page.context['token']}"
    assert client_for(roles.district_admin).get(status).status_code == 404
