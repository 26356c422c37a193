"""Small SVG charts for the PDF reports (WeasyPrint draws SVG; it runs no JavaScript).

WeasyPrint draws an SVG ``<text>`` one character at a time, each laid out on its own: a
report's sixty chart labels cost more than the rest of its pages' text. In a PDF the
values and labels are therefore written as a row of HTML table cells under the bars
(``text_in_svg=False``); a browser page keeps them inside the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from laoshan_portal.pdf import FONT_FAMILIES

BAR = "#9b1c1c"
LINE = "#2563eb"
TEXT = "#333"


def _scale(values: Sequence[float]) -> float:
    top = max([float(value) for value in values] + [0.0])
    return top if top > 0 else 1.0


def _number(value: float | int | Decimal) -> str:
    number = float(value)
    return f"{number:.0f}" if number == int(number) else f"{number:.1f}"


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | int | Decimal],
    *,
    line: Sequence[float | int | Decimal] | None = None,
    width: int = 640,
    height: int = 220,
    text_in_svg: bool = True,
) -> SafeString:
    """Bars with their values on top and their labels below, and optionally a line on its
    own scale. Without ``text_in_svg``, the values and labels are two rows of a table
    (``table.bar-labels``, one cell a bar) after the picture, which then has bars alone."""
    left, right, top, bottom = (10, 10, 18, 46) if text_in_svg else (10, 10, 4, 2)
    plot_width, plot_height = width - left - right, height - top - bottom
    count = max(len(values), 1)
    step = plot_width / count
    scale = _scale([float(value) for value in values])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="10" fill="{TEXT}" '
        f'font-family="{escape(FONT_FAMILIES)}">',
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - right}" '
        f'y2="{top + plot_height}" stroke="#999" stroke-width="0.5"/>',
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_height = plot_height * float(value) / scale
        x = left + index * step + step * 0.15
        y = top + plot_height - bar_height
        centre = left + index * step + step / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" '
            f'height="{bar_height:.1f}" fill="{BAR}"/>'
        )
        if text_in_svg:
            parts.append(
                f'<text x="{centre:.1f}" y="{y - 3:.1f}" text-anchor="middle">'
                f"{_number(value)}</text>"
            )
            parts.append(
                f'<text x="{centre:.1f}" y="{top + plot_height + 14}" text-anchor="middle" '
                f'font-size="9">{escape(label)}</text>'
            )
    if line:
        line_scale = _scale([float(value) for value in line])
        points = " ".join(
            f"{left + index * step + step / 2:.1f},"
            f"{top + plot_height - plot_height * float(value) / line_scale:.1f}"
            for index, value in enumerate(line)
        )
        parts.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    parts.append("</svg>")
    if not text_in_svg:
        # The cells line up with the bars: the plot's width and left margin, one equal
        # cell a bar.
        margins = f"width: {100 * plot_width / width:.3f}%; margin-left: {100 * left / width:.3f}%"
        numbers = "".join(f"<td>{_number(value)}</td>" for value in values)
        names = "".join(f"<td>{escape(label)}</td>" for label in labels)
        parts.append(
            f'<table class="bar-labels" style="{margins}">'
            f'<tr class="values">{numbers}</tr><tr class="names">{names}</tr></table>'
        )
    # Every label is escaped above; the rest is numbers and constants.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
