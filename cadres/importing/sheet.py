"""Reading a workbook's first sheet: its header row, then its rows (merged cells, hostile XML)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse  # noqa: S405 - see below  # nosec B405

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from .cells import CellError, clean_text, compact
from .layout import COLUMNS

HEADER_SCAN_ROWS = 10
# What one sheet may hold, refused before it is parsed: more rows than any office keeps
# (the benchmark imports 50,000), and no more XML than such a sheet unpacks to. A small
# zip of millions of rows would otherwise take the server's memory.
MAX_ROWS = 60_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def _merged_cells(workbook: Any, worksheet: Any) -> dict[tuple[int, int], tuple[int, int]]:
    """Each cell covered by a merge → its merge's top-left cell (read-only mode hides them)."""
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    archive = getattr(workbook, "_archive", None)
    path = getattr(worksheet, "_worksheet_path", None)
    if not isinstance(archive, zipfile.ZipFile) or not path:
        return covered
    from openpyxl.utils.cell import range_boundaries

    with archive.open(path) as source:
        # An uploaded file, but expat (2.4.1+) refuses entity amplification (billion laughs)
        # and ElementTree never fetches external entities (XXE); a test uploads both.
        for _event, element in iterparse(source):  # noqa: S314  # nosec B314
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "mergeCell":
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                for row in range(min_row, (max_row or min_row) + 1):
                    for col in range(min_col, (max_col or min_col) + 1):
                        if (row, col) != (min_row, min_col):
                            covered[(row, col)] = (min_row, min_col)
            elif tag == "row":
                element.clear()  # keep memory flat on a large sheet
    return covered


def header_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in COLUMNS:
        for text in (column.header, *column.synonyms):
            lookup.setdefault(header_key(text), column.key)
    return lookup


def header_key(value: Any) -> str:
    text = compact(clean_text(value))
    return re.sub(r"[*＊]|[（(]必填[）)]|[（(]选填[）)]", "", text)


def too_many_rows() -> str:
    return _("The sheet has more than %(count)s rows: split it into several files.") % {
        "count": f"{MAX_ROWS:,}"
    }


def _refuse_oversized(path: Path) -> None:
    """Refuse a workbook that unpacks to more than MAX_UNPACKED_BYTES before any XML of it
    is read (the row limit is applied while the rows stream by)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: openpyxl says so in its own words below
    if unpacked > MAX_UNPACKED_BYTES:
        raise CellError(
            _("The workbook is too large when unpacked (%(size)s MB): split it into several files.")
            % {"size": unpacked // (1024 * 1024)}
        )


class SheetReader:
    """The first sheet of a workbook, read in read-only mode: its header, then its rows.

    The header is found among the first rows (the bureau's sheet has a title and a line
    for the unit above it). Cells under a vertical merge (a street written once for many
    rows) read as the merge's value.
    """

    def __init__(self, path: Path) -> None:
        _refuse_oversized(path)
        try:
            self.workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise CellError(_("This is not an Excel workbook (.xlsx).")) from None
        except ParseError:  # a zip whose XML is broken or hostile (entity bombs)
            raise CellError(_("This is not an Excel workbook (.xlsx).")) from None
        self.worksheet = self.workbook.worksheets[0]
        self.worksheet.reset_dimensions()  # some writers leave a wrong dimension
        self._rows = self.worksheet.iter_rows(values_only=True)
        self._top = list(enumerate(islice(self._rows, HEADER_SCAN_ROWS), start=1))
        self.header_row, self.columns = _find_header(self._top, header_lookup())
        self.notices: list[str] = []
        if self.header_row:
            for index, value in enumerate(self._top[self.header_row - 1][1]):
                text = header_key(value)
                if text and index not in self.columns:
                    self.notices.append(_("The column %(name)s is not imported.") % {"name": text})

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        if not self.header_row:
            return
        merged = _merged_cells(self.workbook, self.worksheet)
        tops = set(merged.values())
        kept: dict[tuple[int, int], Any] = {}
        after_header = self._top[self.header_row :]
        rest = enumerate(self._rows, start=HEADER_SCAN_ROWS + 1)
        for number, values in chain(after_header, rest):
            if number - self.header_row > MAX_ROWS:
                raise CellError(too_many_rows())
            row: dict[str, Any] = {}
            for index, key in self.columns.items():
                value = values[index] if index < len(values) else None
                cell = (number, index + 1)
                if cell in tops:
                    kept[cell] = value
                if value is None and cell in merged:
                    value = kept.get(merged[cell])
                row[key] = value
            yield number, row

    def close(self) -> None:
        self.workbook.close()


def _find_header(
    top: list[tuple[int, tuple[Any, ...]]], lookup: dict[str, str]
) -> tuple[int, dict[int, str]]:
    best: tuple[int, dict[int, str]] = (0, {})
    for number, values in top:
        columns: dict[int, str] = {}
        for index, value in enumerate(values):
            key = lookup.get(header_key(value))
            if key and key not in columns.values():
                columns[index] = key
        if "name" in columns.values() and len(columns) >= 3 and len(columns) > len(best[1]):
            best = (number, columns)
    return best
