"""The care list and the visit list as .xlsx files: scoped, filtered like their pages,
personal data masked for everyone, audited."""

from __future__ import annotations

from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadres.services import masked
from laoshan_portal import clock
from laoshan_portal.exports import list_export
from laoshan_portal.scoping import Scope
from laoshan_portal.spreadsheets import Column

from .selectors import care_filtered, care_rows, visit_filtered


@transaction.atomic
def care_list_export(
    *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
) -> int:
    """The care list with each person's reasons; phones masked, health never written."""
    today = clock.today()
    columns: list[Column] = [
        (_("Full name"), lambda row: row.cadre.name),
        (_("Age"), lambda row: row.age),
        (_("Residence"), lambda row: row.cadre.area.name),
        (_("Address"), lambda row: row.cadre.address),
        (_("Mobile"), lambda row: masked(row.cadre, "mobile")),
        (_("Why on the care list"), lambda row: "、".join(row.reason_labels)),
    ]
    people = care_filtered(scope=scope, today=today, params=params).qs

    def rows() -> Any:
        for chunk in _chunks(people.iterator(chunk_size=500), 500):
            yield from care_rows(chunk, today)

    return list_export(
        out,
        title=_("Care list"),
        columns=columns,
        rows=rows(),
        scope=scope,
        actor=actor,
        params=params,
        ip=ip,
        what="care list",
    )


def _chunks(items: Any, size: int) -> Any:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@transaction.atomic
def visit_export(
    *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
) -> int:
    """The visit list; the health found on a visit is never written."""
    columns: list[Column] = [
        (_("Date"), lambda visit: visit.date),
        (_("Kind"), lambda visit: visit.get_kind_display()),
        (_("Person visited"), lambda visit: visit.cadre.name),
        (_("Area"), lambda visit: visit.area.name),
        (_("Items given"), lambda visit: visit.items),
        (_("Amount (yuan)"), lambda visit: visit.amount),
        (_("Needs raised"), lambda visit: visit.needs_raised),
        (_("Follow up by"), lambda visit: visit.follow_up_by),
    ]
    return list_export(
        out,
        title=_("Care visits"),
        columns=columns,
        rows=visit_filtered(scope=scope, params=params).qs.iterator(chunk_size=2000),
        scope=scope,
        actor=actor,
        params=params,
        ip=ip,
        what="care visits",
    )
