"""The dry run of a whole file: every row checked, and its ID numbers against the registry."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError  # noqa: S405 - the exception only  # nosec B405

from django.utils.translation import gettext as _

from laoshan_portal.scoping import Scope

from ..models import Cadre
from .cells import CellError, clean_text
from .layout import COLUMN_BY_KEY, EXAMPLE_MARK
from .rows import ImportRow, RowChecker, RowError
from .sheet import SheetReader

CHUNK = 1000
MAX_SHOWN_ERRORS = 1000
SHOWN_ROWS = 20  # row numbers listed under a notice


@dataclass
class CheckResult:
    """What a dry run found: good rows (when kept), every error, and notes on the file."""

    total: int = 0
    good: int = 0
    skipped_example: bool = False
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors if error.row})

    @property
    def is_valid(self) -> bool:
        return not self.errors and self.good > 0

    def summary(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "good": self.good,
            "bad_rows": self.bad_rows,
            "errors": [
                {"row": e.row, "column": e.column, "message": e.message}
                for e in self.errors[:MAX_SHOWN_ERRORS]
            ],
            "error_count": len(self.errors),
            "notices": self.notices,
            "skipped_example": self.skipped_example,
        }


def check_file(
    path: Path,
    *,
    scope: Scope,
    keep_rows: bool = False,
    progress: Callable[[int], None] | None = None,
) -> CheckResult:
    """Dry run: read and check every row, and duplicates against the registry."""
    result = CheckResult()
    try:
        reader = SheetReader(path)
    except CellError as error:
        result.errors.append(RowError(0, "", str(error)))
        return result
    try:
        result.notices.extend(reader.notices)
        if not reader.header_row:
            result.errors.append(
                RowError(0, "", _("No header row with 姓名 and the other columns was found."))
            )
            return result
        checker = RowChecker(scope)
        hashes = _check_rows(reader, checker, result, keep_rows=keep_rows, progress=progress)
    except CellError as error:  # too many rows: stop reading, say why
        result.errors = [RowError(0, "", str(error))]
        result.rows, result.good = [], 0
        return result
    except (zipfile.BadZipFile, ValueError, KeyError, OSError, ParseError):
        result.errors.append(RowError(0, "", _("The file cannot be read.")))
        return result
    finally:
        reader.close()
    for number, message in _registered(hashes, scope):
        result.errors.append(RowError(number, COLUMN_BY_KEY["id_number"].header, message))
    if result.errors:
        bad = {e.row for e in result.errors}
        result.good = result.total - len(bad - {0})
        result.rows = [r for r in result.rows if r.row not in bad]
    result.errors.sort(key=lambda e: e.row)
    if result.total == 0 and not result.errors:
        result.errors.append(RowError(0, "", _("The sheet has no rows to import.")))
    return result


def _check_rows(
    reader: SheetReader,
    checker: RowChecker,
    result: CheckResult,
    *,
    keep_rows: bool,
    progress: Callable[[int], None] | None,
) -> dict[str, int]:
    hashes: dict[str, int] = {}
    for number, row in reader.rows():
        if not any(clean_text(v) for k, v in row.items() if k != "serial"):
            continue  # blank, or a signature line under the table
        if clean_text(row.get("serial")) == EXAMPLE_MARK:
            result.skipped_example = True
            continue
        result.total += 1
        parsed, errors = checker.check(number, row)
        result.errors.extend(errors)
        if parsed is not None:
            result.good += 1
            if parsed.cadre.id_number_hash:
                hashes[parsed.cadre.id_number_hash] = number
            if keep_rows:
                result.rows.append(parsed)
        if progress and result.total % CHUNK == 0:
            progress(result.total)
    for note, numbers in checker.notes.items():
        shown = ", ".join(str(n) for n in numbers[:SHOWN_ROWS])
        if len(numbers) > SHOWN_ROWS:
            shown += " …"
        result.notices.append(
            _("%(note)s (%(count)s rows: %(rows)s)")
            % {"note": note, "count": len(numbers), "rows": shown}
        )
    return hashes


def _registered(hashes: dict[str, int], scope: Scope) -> Iterator[tuple[int, str]]:
    """The row of each ID number of ``hashes`` registered already, and what to say."""
    keys = list(hashes)
    for start in range(0, len(keys), CHUNK):
        found = Cadre.objects.filter(id_number_hash__in=keys[start : start + CHUNK])
        for hash_, name, path in found.values_list("id_number_hash", "name", "area__path"):
            if scope.unrestricted or (scope.area and path.startswith(scope.area.path)):
                msg = _("This ID number is registered already, for %(name)s.") % {"name": name}
            else:
                msg = _(
                    "This ID number is registered already in an area outside yours; "
                    "ask the administrator above you."
                )
            yield hashes[str(hash_)], msg
