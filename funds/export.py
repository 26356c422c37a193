"""The 经费使用明细表: approved spending as filtered on the list, in date order, with the
running balance of the allocations drawn on; scoped and audited."""

from __future__ import annotations

from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from laoshan_portal.exports import list_export
from laoshan_portal.scoping import Scope
from laoshan_portal.spreadsheets import Column

from .models import Spending
from .selectors import ledger_rows, spending_filtered

Row = tuple[Spending, Decimal]


def _columns() -> list[Column]:
    return [
        (_("Date"), lambda r: r[0].date),
        (_("Payee"), lambda r: r[0].payee),
        (_("Purpose"), lambda r: f"{r[0].allocation.purpose} · {r[0].description}"),
        (_("Source"), lambda r: r[0].allocation.line.get_source_display()),
        (_("Amount (yuan)"), lambda r: r[0].amount),
        (_("Entered by"), lambda r: str(r[0].created_by or "")),
        (_("Approved by"), lambda r: str(r[0].approved_by or "")),
        (_("Balance (yuan)"), lambda r: r[1]),
    ]


@transaction.atomic
def spending_export(
    *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
) -> int:
    rows = ledger_rows(spending_filtered(scope=scope, params=params).qs)
    return list_export(
        out,
        title=_("Statement of fund use"),
        columns=_columns(),
        rows=rows,
        scope=scope,
        actor=actor,
        params=params,
        ip=ip,
        what="spending records",
    )
