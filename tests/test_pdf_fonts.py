"""The PDFs' two faces: the common characters, numbered from one, and the whole Simplified
Chinese face for any other character (scripts/pdf_common_font.py)."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from types import ModuleType

from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from laoshan_portal import pdf

POSTER = "cadres/checkin_poster.html"
SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "pdf_common_font.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pdf_common_font", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _poster(name: str) -> tuple[bytes, str, set[str]]:
    written = pdf.render_pdf(POSTER, {"community": {"name": name}})
    page = PdfReader(io.BytesIO(written)).pages[0]
    fonts = {
        str(font["/BaseFont"]).split("+", 1)[-1]
        for font in page["/Resources"]["/Font"].values()  # type: ignore[union-attr]
    }
    return written, page.extract_text(), fonts


def test_a_pdf_of_common_characters_embeds_the_common_face_alone() -> None:
    written, text, fonts = _poster("瑞都社区")
    assert "瑞都社区" in text
    assert {font.removesuffix("-Bold") for font in fonts} == {"Laoshan-Portal-Sans"}
    assert len(written) < 120_000  # the full face's subset alone was over 150 KB


def test_a_rarer_character_is_drawn_from_the_full_face() -> None:
    _written, text, fonts = _poster("喆园社区")  # 喆 is not in GB 2312
    assert "喆园社区" in text
    assert {font.removesuffix("-Bold") for font in fonts} == {
        "Laoshan-Portal-Sans", "Noto-Sans-CJK-SC",
    }  # fmt: skip


def test_the_common_face_has_every_character_it_promises() -> None:
    script = _script()
    promised = script.characters()
    found = set(map(chr, TTFont(str(script.COMMON))["cmap"].getBestCmap()))
    drawn_by_full = set(map(chr, TTFont(str(script.FULL))["cmap"].getBestCmap()))
    assert len(promised & drawn_by_full) > 7_500
    assert "崂" in promised and "喆" not in promised
    # All that the full face draws, the translation's characters among them.
    assert not (promised & drawn_by_full) - found, "run scripts/pdf_common_font.py"


def test_its_glyphs_are_the_simplified_chinese_face_s_own() -> None:
    script = _script()
    common, full = TTFont(str(script.COMMON)), TTFont(str(script.FULL))
    common_glyphs, full_glyphs = common.getGlyphSet(), full.getGlyphSet()
    common_cmap, full_cmap = common["cmap"].getBestCmap(), full["cmap"].getBestCmap()
    # Characters whose Japanese and Chinese shapes differ, and a Latin letter.
    for char in "直骨海底崂A":
        drawn = []
        for glyphs, cmap in ((common_glyphs, common_cmap), (full_glyphs, full_cmap)):
            pen = RecordingPen()
            glyphs[cmap[ord(char)]].draw(pen)
            drawn.append(pen.value)
        assert drawn[0] == drawn[1] and drawn[0], char


def test_the_script_builds_the_shipped_face_again(tmp_path: Path) -> None:
    script = _script()
    built = tmp_path / "common.otf"
    script.build(target=built)
    assert built.read_bytes() == script.COMMON.read_bytes(), "run scripts/pdf_common_font.py"
