"""The report's bar charts: bars drawn in SVG, their values and labels written as text
under them in the PDF (one cell a bar), inside the picture on a browser page."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from reports import services
from reports.models import MonthlyReport
from reports.services import pdf_chart
from reports.svg import bar_chart
from tests.reports_world import OCTOBER, build, eager_tasks
from tests.test_reports_dashboard import pdf_text

__all__ = ["eager_tasks"]  # the fixture, used by name
LABELS = ["10月", "<b>&11月"]
VALUES = [Decimal("12.5"), 30]


def test_a_page_chart_keeps_its_values_and_labels_in_the_picture() -> None:
    chart = bar_chart(LABELS, VALUES)
    assert chart.count("<rect") == 2 and chart.count("<text") == 4
    assert ">12.5</text>" in chart and "&lt;b&gt;&amp;11月</text>" in chart
    assert "<table" not in chart


def test_a_pdf_chart_writes_them_in_cells_under_the_bars() -> None:
    chart = pdf_chart(LABELS, VALUES, line=[3, 4])
    picture, table = chart.split("</svg>")
    assert picture.count("<rect") == 2 and "<polyline" in picture and "<text" not in picture
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table)
    assert [re.findall(r"<td>(.*?)</td>", row) for row in rows] == [
        ["12.5", "30"],
        ["10月", "&lt;b&gt;&amp;11月"],
    ]
    # The cells span the plot, not the margins: as wide as the bars' part of the picture.
    assert 'style="width: 96.875%; margin-left: 1.562%"' in table


@pytest.mark.usefixtures("eager_tasks")
def test_the_report_prints_every_bars_value_and_label(tree: Any) -> None:
    build(tree)
    report, _ = services.report_request(area=tree.jinjialing, month=OCTOBER)
    assert report.status == MonthlyReport.Status.DONE
    context = services.report_context(tree.jinjialing, OCTOBER)
    text = pdf_text(report)
    board = context["board"]
    squeezed = re.sub(r"\s+", "", text)
    for month_label in board.trend["months"]:
        assert month_label in text
    for row in board.stars:
        assert re.sub(r"\s+", "", str(row["label"])) in squeezed
    assert "瑞都社区" in text and "苗岭社区" in text  # the areas below, under their bars
