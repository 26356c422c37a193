"""Certificates and monthly reports as official documents: the star level on the
certificate, the issuing unit with its seal area, the date in Chinese, the seal image."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.urls import reverse

from laoshan_portal.official import chinese_date
from laoshan_portal.pdf import render_pdf
from reports import services as reports
from reports.periods import Month
from tests.factories.cadres import CadreFactory
from tests.factories.campaigns import png_bytes
from tests.factories.volunteering import ServiceRecordFactory, TeamFactory
from volunteering.models import Certificate, ServiceActivity

TODAY_IN_CHINESE = "二〇二六年十二月四日"  # the tests' fixed clock: 2026-12-04 Beijing


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _images(pdf: bytes) -> int:
    """Distinct images in the PDF (one image may be listed in every page's resources)."""
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return len({image.data for page in pages for image in page.images})


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 12, 4), "二〇二六年十二月四日"),
        (date(2027, 1, 10), "二〇二七年一月十日"),
        (date(2030, 10, 31), "二〇三〇年十月三十一日"),
        (date(2028, 2, 29), "二〇二八年二月二十九日"),
    ],
)
def test_dates_are_written_as_official_documents_write_them(day: date, text: str) -> None:
    assert chinese_date(day) == text


@pytest.fixture
def certificate_pdf(clients: Any, tree: Any, settings: Any) -> Any:
    settings.VOLUNTEER_STAR_THRESHOLDS = (5, 10, 20, 40, 80)
    cadre = CadreFactory(area=tree.qiantaiju, name="于通海")
    team = TeamFactory(area=tree.ruidu, name="康城小区平安巡逻队")
    for day, hours in [(date(2026, 3, 2), "4.5"), (date(2026, 5, 9), "8")]:
        activity = ServiceActivity.objects.create(team=team, date=day, title="治安巡逻")
        ServiceRecordFactory(activity=activity, cadre=cadre, hours=Decimal(hours))
    client = clients["district_admin"]
    issued = client.post(
        reverse("volunteering:certificate_issue", args=[cadre.pk]),
        {"period_start": "2026-01-01", "period_end": "2026-06-30"},
    )
    assert issued.status_code == 302

    def pdf() -> bytes:
        url = reverse("volunteering:certificate_pdf", args=[Certificate.objects.get().pk])
        return bytes(client.get(url).content)

    return pdf


@pytest.mark.clock("2026-12-04T10:00+08:00")  # the date line below reads this day
def test_the_certificate_shows_the_star_level_issuer_seal_area_and_date(
    certificate_pdf: Any,
) -> None:
    text = _text(certificate_pdf())
    assert "星级" in text and "二星级志愿者" in text  # 12.5 hours: two of the thresholds
    assert "崂山区委老干部局" in text
    assert "盖章处" in text
    assert TODAY_IN_CHINESE in text


def test_the_seal_image_is_placed_on_the_certificate(
    certificate_pdf: Any, settings: Any, tmp_path: Path
) -> None:
    assert _images(certificate_pdf()) == 0
    seal = tmp_path / "seal.png"
    seal.write_bytes(png_bytes("red"))
    settings.SEAL_IMAGE = str(seal)
    pdf = certificate_pdf()
    assert _images(pdf) == 1
    assert "盖章处" not in _text(pdf) and "崂山区委老干部局" in _text(pdf)


def _report(area: Any) -> bytes:
    return render_pdf("reports/report_pdf.html", reports.report_context(area, Month(2026, 11)))


@pytest.mark.clock("2026-12-04T10:00+08:00")  # the date line below reads this day
def test_the_monthly_report_has_the_issuing_unit_seal_area_and_date(tree: Any) -> None:
    text = _text(_report(tree.ruidu))
    assert "崂山区委老干部局" in text
    assert "盖章处" in text
    assert TODAY_IN_CHINESE in text


def test_the_seal_image_is_placed_on_the_monthly_report(
    tree: Any, settings: Any, tmp_path: Path
) -> None:
    without = _images(_report(tree.ruidu))
    seal = tmp_path / "seal.png"
    seal.write_bytes(png_bytes("red"))
    settings.SEAL_IMAGE = str(seal)
    pdf = _report(tree.ruidu)
    assert _images(pdf) == without + 1
    assert "盖章处" not in _text(pdf)
