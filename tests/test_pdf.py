"""PDFs made one after another keep one font configuration per thread, and stay right."""

from __future__ import annotations

import io
import threading
from typing import Any

from pypdf import PdfReader

from laoshan_portal import pdf

POSTER = "cadres/checkin_poster.html"


def _poster(name: str) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(pdf.render_pdf(POSTER, {"community": {"name": name}})))
    page = reader.pages[0]
    fonts = {
        str(font["/BaseFont"]).split("+", 1)[-1]
        for font in page["/Resources"]["/Font"].values()  # type: ignore[union-attr]
    }
    return page.extract_text(), fonts


def test_each_pdf_of_a_thread_has_its_own_text_in_the_shipped_font(monkeypatch: Any) -> None:
    first_text, first_fonts = _poster("瑞都社区")
    kept = pdf._thread_fonts.kept
    second_text, second_fonts = _poster("苗岭社区")
    assert pdf._thread_fonts.kept is kept  # the same configuration, not loaded again
    assert "瑞都社区" in first_text and "苗岭社区" not in first_text
    assert "苗岭社区" in second_text and "瑞都社区" not in second_text
    assert first_fonts == second_fonts and "Laoshan-Portal-Sans" in first_fonts

    # Once kept long enough, the next PDF makes a new configuration, and prints as well.
    monkeypatch.setattr(pdf, "FONTS_KEPT_SECONDS", -1)
    third_text, third_fonts = _poster("午山社区")
    assert pdf._thread_fonts.kept is not kept
    assert "午山社区" in third_text and third_fonts == first_fonts


def test_another_thread_gets_a_configuration_of_its_own() -> None:
    _poster("瑞都社区")
    mine = pdf._thread_fonts.kept
    found: dict[str, Any] = {}

    def other() -> None:
        found["text"], _fonts = _poster("团岛社区")
        found["kept"] = pdf._thread_fonts.kept

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert "团岛社区" in found["text"]
    assert found["kept"] is not mine and pdf._thread_fonts.kept is mine
