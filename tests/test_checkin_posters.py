"""A community's check-in poster: the A4 PDF with its QR code, the PNG, the list of posters."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from tests.conftest import client_for


def test_it_prints_an_a4_poster_with_the_community_name(tree: Any, roles: Any) -> None:
    response = client_for(roles.secretary_a).get(
        reverse("cadres:checkin_poster", args=[tree.ruidu.code])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = page.extract_text()
    assert "瑞都社区" in text and "扫码" in text
    # The common characters of the Simplified Chinese face (tests/test_pdf_fonts.py), not
    # the Japanese first face of the collection nor a font of the server.
    embedded = _embedded_font_names(page)
    assert embedded and all("LaoshanPortalSans" in name for name in embedded), embedded


def _embedded_font_names(page: Any) -> list[str]:
    from fontTools.ttLib import TTFont

    names = []
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        for descendant in font.get("/DescendantFonts", []):
            descriptor = descendant.get_object()["/FontDescriptor"]
            data = descriptor["/FontFile3"].get_object().get_data()
            names.append(TTFont(io.BytesIO(data))["name"].getDebugName(6))
    return names


def test_it_gives_the_qr_code_as_png(tree: Any, roles: Any) -> None:
    response = client_for(roles.secretary_a).get(
        reverse("cadres:checkin_poster", args=[tree.ruidu.code]), {"format": "png"}
    )
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.verify()
    assert image.size[0] == image.size[1] > 200


def test_it_has_no_poster_for_an_area_that_is_not_a_community(tree: Any, roles: Any) -> None:
    url = reverse("cadres:checkin_poster", args=[tree.jinjialing.code])
    assert client_for(roles.street_staff).get(url).status_code == 404


def test_it_lists_the_posters_of_the_communities_in_scope(tree: Any, roles: Any) -> None:
    body = client_for(roles.street_staff).get(reverse("cadres:checkin_posters")).content.decode()
    assert "瑞都社区" in body and "苗岭社区" in body and "午山社区" not in body


def test_it_prints_chinese_with_the_shipped_font_alone(tmp_path: Any) -> None:
    """With no system font at all, the PDF still draws Chinese: from static/fonts/."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path}</cachedir></fontconfig>"
    )
    script = (
        "import django, io; django.setup()\n"
        "from laoshan_portal.pdf import render_pdf\n"
        "from pypdf import PdfReader\n"
        "pdf = render_pdf('cadres/checkin_poster.html', {'community': {'name': '瑞都社区'}})\n"
        "print(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())\n"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "FONTCONFIG_FILE": str(config),
            "DJANGO_SETTINGS_MODULE": "laoshan_portal.settings",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert "瑞都社区" in result.stdout and "扫码" in result.stdout


def test_it_prints_the_public_address_on_the_poster(tree: Any, roles: Any, settings: Any) -> None:
    settings.PUBLIC_BASE_URL = "https://portal.example.org"
    from cadres.checkins.links import checkin_public_path
    from laoshan_portal.scoping import public_url

    request = RequestFactory().get("/", HTTP_HOST="10.0.0.5")
    assert public_url(request, checkin_public_path(tree.ruidu)).startswith(
        "https://portal.example.org/checkin/"
    )
