"""At 1366 px nothing short wraps: a post and its End button, a figure and its unit."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import pytest

from cadres.models import Post
from tests.browser.layout import wrapped
from tests.browser.steps import log_in
from tests.factories.cadres import CadreFactory
from tests.reports_world import OCTOBER, build

if TYPE_CHECKING:
    from tests.browser.conftest import Browsing

pytestmark = pytest.mark.clock("2026-11-20T10:00:00+08:00")
LAPTOP = {"width": 1366, "height": 900}


def test_posts_and_figures_stay_on_one_line_at_1366_px(
    browsing: Browsing, tree: Any, roles: Any
) -> None:
    build(tree)
    cadre = CadreFactory(area=tree.qiantaiju, name="于通海")
    Post.objects.create(
        cadre=cadre,
        area=tree.qiantaiju,
        kind=Post.Kind.BUILDING_LEADER,
        organisation="千泰居小区业主委员会及第一网格党小组联合服务站点",
        start_date=datetime.date(2023, 3, 1),
    )
    page = browsing.new_page()
    page.set_viewport_size(LAPTOP)
    log_in(page, "street")
    page.goto(f"/cadres/{cadre.pk}/")
    table = '[data-testid="post-table"]'
    assert wrapped(page, f"{table} td:first-child, {table} .btn") == []
    page.goto(f"/dashboard/?month={OCTOBER}")
    assert wrapped(page, "[data-kpi]") == []
