"""A list's Excel export in one call: its workbook (``spreadsheets.workbook_write``) and its
audit event (``audit.services.audit_export``: rows and filter names, never values)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO, Any

from laoshan_portal.audit.services import audit_export
from laoshan_portal.scoping import Scope
from laoshan_portal.spreadsheets import Column, workbook_write


def list_export(
    out: IO[bytes],
    *,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
    scope: Scope,
    actor: Any,
    params: Any,
    ip: str | None = None,
    dates: str | None = "%Y-%m-%d",
    **detail: Any,
) -> int:
    """Write ``rows`` to ``out`` and record the export with ``detail`` and the names of the
    filters that were set; returns how many rows were written."""
    count = workbook_write(out, title=title, columns=columns, rows=rows, dates=dates)
    audit_export(
        actor=actor,
        ip=ip,
        scope=scope,
        count=count,
        params=params,
        set_filters_only=True,
        **detail,
    )
    return count
