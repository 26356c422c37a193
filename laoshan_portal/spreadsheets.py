"""Cells for spreadsheets and CSV files that a spreadsheet program opens safely."""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is read as a formula by Excel and WPS.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that would start a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
