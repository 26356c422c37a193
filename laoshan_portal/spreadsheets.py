"""Cells for spreadsheets and CSV files that a spreadsheet program opens safely, and the
one writer of every list exported as an .xlsx file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import IO, Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

# A cell starting with one of these is read as a formula by Excel and WPS.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A column of an export: its heading, and the value of a row in it.
Column = tuple[str, Callable[[Any], Any]]


def safe_cell(value: Any) -> Any:
    """Text that would start a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _quoted_cell(sheet: Any, value: Any) -> Any:
    """Text that would start a formula as a text cell, unchanged but marked as Excel marks
    a typed apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # stored as a string, never as a formula
        cell.quotePrefix = True
        return cell
    return value


def workbook_write(
    out: IO[bytes],
    *,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
    dates: str | None = "%Y-%m-%d",
    quote_prefix: bool = False,
    header_fill: str | None = None,
    widths: Sequence[int] = (),
    freeze: str | None = None,
) -> int:
    """A write-only workbook of one sheet: bold header, one line per row, text that would
    start a formula escaped, empty values ("" or None) as empty cells; returns the row count.

    ``dates``: how dates are written as text (``None``: as date cells). ``quote_prefix``:
    formula-like text kept unchanged in a text cell marked with a quote prefix, instead of
    a leading apostrophe, so the file reads back as it was written. ``header_fill``
    colours the header, ``widths`` sets the columns' widths, ``freeze`` freezes the panes
    above and left of that cell.
    """
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        sheet.freeze_panes = freeze
    header = []
    for heading, _value in columns:
        cell = WriteOnlyCell(sheet, value=str(heading))
        cell.font = Font(bold=True)
        if header_fill:
            cell.fill = PatternFill("solid", fgColor=header_fill)
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        count += 1
        cells: list[Any] = []
        for _heading, value_of in columns:
            value = value_of(row)
            if dates and isinstance(value, date):
                value = value.strftime(dates)
            if value is None or value == "":
                cells.append(None)
            else:
                cells.append(_quoted_cell(sheet, value) if quote_prefix else safe_cell(value))
        sheet.append(cells)
    workbook.save(out)
    return count
