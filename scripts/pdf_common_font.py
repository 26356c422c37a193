#!/usr/bin/env python
"""Build static/fonts/LaoshanPortalSans-Common.otf: the common characters of the PDF font.

Usage: .venv/bin/python scripts/pdf_common_font.py

The PDF font (Noto Sans CJK SC, 65,535 glyphs) is embedded in every PDF as a subset that
keeps each glyph's number, so a PDF carries tens of thousands of empty glyphs up to the
highest one it uses, and WeasyPrint spends a good part of each PDF cutting and compressing
them. This face holds the same glyphs for the characters of GB 2312 (the 6,763 hanzi of
both levels and its symbols), ASCII, Latin-1, the general and CJK punctuation, the
full-width forms and every character of the portal's Chinese translation (those of them
the face draws), numbered from one: about 7,800 glyphs. The PDFs name it first and the
full face second (``templates/pdf/fonts.css``), so a rarer character, say in a person's
name, is drawn from the full face.

Only the horizontal layout features a Chinese text uses are kept (``LAYOUT_FEATURES``),
and the face is renamed: a modified version of the font may not carry its reserved names.
The same input gives the same file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib
from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FULL = ROOT / "static" / "fonts" / "NotoSansCJKsc-Regular.otf"
COMMON = ROOT / "static" / "fonts" / "LaoshanPortalSans-Common.otf"
CATALOG = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
FAMILY = "Laoshan Portal Sans"
POSTSCRIPT_NAME = "LaoshanPortalSans-Regular"
# What HarfBuzz applies to horizontal text by default, less ``locl`` (the other languages'
# forms: the face's own are Simplified Chinese) and every vertical feature.
LAYOUT_FEATURES = ["ccmp", "calt", "liga", "kern", "mark", "mkmk"]
BLOCKS = [
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xFF),  # Latin-1
    (0x2000, 0x206F),  # general punctuation
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # half-width and full-width forms
]


def gb2312() -> set[str]:
    """Every character of GB 2312: rows 0xA1 to 0xF7, cells 0xA1 to 0xFE."""
    found = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                found.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:  # an empty cell
                continue
    return found


def catalog() -> set[str]:
    """The characters of the portal's Chinese translation."""
    entries = polib.pofile(str(CATALOG))
    texts = [entry.msgstr for entry in entries]
    texts += [text for entry in entries for text in entry.msgstr_plural.values()]
    return {char for text in texts for char in text if char.isprintable()}


def characters() -> set[str]:
    blocks = {chr(code) for first, last in BLOCKS for code in range(first, last + 1)}
    return gb2312() | catalog() | blocks


def build(source: Path = FULL, target: Path = COMMON) -> int:
    """Write the common face; returns its number of glyphs."""
    font = TTFont(str(source), recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = LAYOUT_FEATURES
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(map(ord, characters())))
    subsetter.subset(font)
    _rename(font)
    font.save(str(target))
    return len(font.getGlyphOrder())


def _rename(font: TTFont) -> None:
    names = {
        1: FAMILY, 3: f"{POSTSCRIPT_NAME};common subset", 4: FAMILY,
        6: POSTSCRIPT_NAME, 16: FAMILY, 17: "Regular",
    }  # fmt: skip
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    font["CFF "].cff.fontNames = [POSTSCRIPT_NAME]


if __name__ == "__main__":
    glyphs = build()
    print(f"{COMMON.relative_to(ROOT)}: {glyphs} glyphs, {COMMON.stat().st_size:,} bytes")
    sys.exit(0)
