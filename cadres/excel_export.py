"""The registry as an Excel sheet: the blank template to fill in, and the export."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.audit.services import audit_export
from laoshan_portal.scoping import Scope
from laoshan_portal.spreadsheets import workbook_write

from .importing.cells import choice_labels
from .importing.layout import CHOICE_FIELDS, COLUMN_BY_KEY, COLUMNS, EXAMPLE_ID, EXAMPLE_MARK
from .models import Cadre, ServiceKind, SpecialtyTag, cadre_field
from .selectors import RESIDENCE_LEVELS, cadre_filtered
from .services import SENSITIVE_FIELDS, masked
from .validators import id_check_character


def _area_names(area: Area, areas: dict[int, Area]) -> dict[str, str]:
    names = {"street": "", "community": "", "compound": ""}
    current: Area | None = area
    while current is not None:
        if current.level == Area.Level.STREET:
            names["street"] = current.name
        elif current.level == Area.Level.COMMUNITY:
            names["community"] = current.name
        elif current.level == Area.Level.COMPOUND:
            names["compound"] = current.name
        current = areas.get(current.parent_id) if current.parent_id else None
    return names


def _areas_for(scope: Scope) -> dict[int, Area]:
    areas = {a.pk: a for a in area_list(scope=scope).only("code", "name", "level", "parent")}
    if scope.area is not None:
        # The streets above a community's scope still name the rows.
        codes = scope.area.path.strip("/").split("/")
        for area in Area.objects.filter(code__in=codes).only("code", "name", "level", "parent"):
            areas[area.pk] = area
    return areas


def template_workbook(*, scope: Scope, out: IO[bytes]) -> None:
    """The blank sheet to fill in: headers, an example row, and the allowed values."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "登记表"
    lists = workbook.create_sheet("可选值")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        # Required columns in red, as the bureau's own forms mark them.
        cell.font = Font(bold=True, color="C00000" if column.required else None)
        sheet.column_dimensions[get_column_letter(index)].width = column.width + 2
    sheet.freeze_panes = "C2"
    for index, column in enumerate(COLUMNS, start=1):
        value = _example(scope).get(column.key, "")
        cell = sheet.cell(row=2, column=index, value=value)
        cell.number_format = "@"  # ID numbers and dates stay text when edited

    list_columns: list[tuple[str, list[str]]] = [
        (COLUMN_BY_KEY[key].header, choice_labels(key)) for key in CHOICE_FIELDS
    ]
    list_columns.append(
        (
            COLUMN_BY_KEY["specialties"].header,
            list(SpecialtyTag.objects.values_list("name", flat=True)),
        )
    )
    list_columns.append(
        (
            COLUMN_BY_KEY["service_kinds"].header,
            list(ServiceKind.objects.values_list("name", flat=True)),
        )
    )
    areas = _areas_for(scope)
    residences = sorted(
        (a for a in areas.values() if a.level in RESIDENCE_LEVELS and scope.contains(a)),
        key=lambda a: a.path,
    )
    list_columns.append((COLUMN_BY_KEY["area_code"].header, [a.code for a in residences]))
    list_columns.append(
        (
            _("Area"),
            ["/".join(filter(None, _area_names(a, areas).values())) or a.name for a in residences],
        )
    )
    for col, (title, values) in enumerate(list_columns, start=1):
        lists.cell(row=1, column=col, value=title).font = Font(bold=True)
        lists.column_dimensions[get_column_letter(col)].width = 16
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=col, value=value)
        key = next((c.key for c in COLUMNS if c.header == title), None)
        if key in ("gender", "political_status", "retirement_kind", "self_care", "mobility"):
            target = get_column_letter(COLUMNS.index(COLUMN_BY_KEY[key]) + 1)
            letter = get_column_letter(col)
            check = DataValidation(
                type="list", formula1=f"'可选值'!${letter}$2:${letter}${len(values) + 1}",
                allow_blank=True,
            )  # fmt: skip
            check.add(f"{target}2:{target}5000")
            sheet.add_data_validation(check)
    workbook.save(out)


def _example(scope: Scope) -> dict[str, str]:
    areas = _areas_for(scope)
    home = next(
        (
            a
            for a in sorted(areas.values(), key=lambda a: a.path)
            if a.level == Area.Level.COMMUNITY and scope.contains(a)
        ),
        None,
    )
    names = _area_names(home, areas) if home else {}
    return {
        "serial": EXAMPLE_MARK,
        "name": "张晓松",
        "gender": "男",
        "ethnicity": "汉族",
        "birth_date": "1958.03",
        "id_number": EXAMPLE_ID + id_check_character(EXAMPLE_ID),
        "political_status": "中共党员",
        "party_join_date": "1980.07",
        "former_unit": "区教育体育局",
        "former_post": "科长",
        "retirement_date": "2018.03",
        "retirement_kind": "退休",
        "area_code": home.code if home else "",
        "street": names.get("street", ""),
        "community": names.get("community", ""),
        "address": "1号楼2单元301",
        "mobile": "13912345678",
        "living_arrangement": "与配偶同住",
        "health_notes": "良好",
        "self_care": "完全自理",
        "specialties": "法律、书法绘画",
        "service_kinds": "矛盾纠纷调解、建言献策",
        "available_time": "工作日",
        "max_distance": "本社区",
    }


class ExportRow:
    """The values of one record for the sheet; choice labels translated once, not per row."""

    def __init__(self, *, full: bool, areas: dict[int, Area]) -> None:
        self.full = full
        self.areas = areas
        self.labels = {
            name: {value: str(label) for value, label in cadre_field(name).flatchoices}
            for name in ("gender", "political_status", "retirement_kind", *CHOICE_FIELDS)
        }

    def values(self, cadre: Cadre) -> dict[str, Any]:
        labels = self.labels
        values: dict[str, Any] = {
            "name": cadre.name,
            "gender": labels["gender"].get(cadre.gender, cadre.gender),
            "ethnicity": cadre.ethnicity,
            "birth_date": cadre.birth_date,
            "political_status": labels["political_status"].get(cadre.political_status, ""),
            "party_join_date": cadre.party_join_date,
            "former_unit": cadre.former_unit,
            "former_post": cadre.former_post,
            "rank": cadre.rank,
            "retirement_date": cadre.retirement_date,
            "retirement_kind": labels["retirement_kind"].get(cadre.retirement_kind, ""),
            "area_code": cadre.area.code,
            "address": cadre.address,
            "party_relation": labels["party_relation"].get(cadre.party_relation, ""),
            "specialties": "、".join(t.name for t in cadre.specialties.all()),
            "specialty_notes": cadre.specialty_notes,
            "service_kinds": "、".join(k.name for k in cadre.service_kinds.all()),
            "available_time": labels["available_time"].get(cadre.available_time, ""),
            "max_distance": labels["max_distance"].get(cadre.max_distance, ""),
            **_area_names(cadre.area, self.areas),
        }
        for name in SENSITIVE_FIELDS:
            if not self.full:
                values[name] = masked(cadre, name)
            elif name in labels:
                values[name] = labels[name].get(getattr(cadre, name), "")
            else:
                values[name] = getattr(cadre, name)
        return values


def _present(key: str) -> Callable[[dict[str, Any]], Any]:
    """The value of a record's ``key``; an empty one ("", 0, an empty list) as None."""
    return lambda values: values.get(key) or None


def export_workbook(
    *, queryset: models.QuerySet[Cadre], scope: Scope, full: bool, out: IO[bytes]
) -> int:
    """Write the rows in write-only mode, two thousand records at a time; returns the count.

    Formula-like text stays as typed in a quote-prefixed text cell, so the file imports back.
    """
    export = ExportRow(full=full, areas=_areas_for(scope))
    cadres = queryset.prefetch_related("specialties", "service_kinds").iterator(chunk_size=2000)
    rows = ({**export.values(cadre), "serial": n} for n, cadre in enumerate(cadres, start=1))
    return workbook_write(
        out,
        title="登记表",
        # An empty value is not written at all.
        columns=[(c.header, _present(c.key)) for c in COLUMNS],
        rows=rows,
        dates="%Y.%m.%d",
        quote_prefix=True,
        header_fill="FCE4D6",
        widths=[c.width + 2 for c in COLUMNS],
        freeze="C2",
    )


@transaction.atomic
def cadre_export(
    *,
    scope: Scope,
    actor: Any,
    params: Any,
    out: IO[bytes],
    ip: str | None = None,
    full: bool = False,
    reason: str = "",
) -> int:
    """The registry list as filtered on its page, written to ``out``; always audited.

    ID numbers and phones are masked unless ``full`` is asked for, by a user allowed to see
    them, with a ``reason``: a sensitive export, recorded with its reason.
    """
    reason = (reason or "").strip()
    if full:
        if not actor.has_perm("accounts.view_sensitive"):
            raise PermissionDenied
        if not reason:
            raise ValidationError(
                {"reason": _("Say why the full ID numbers and phones are needed.")}
            )
    # CadreFilter.qs fails on an unbound form (no parameters at all); an empty status is
    # the list's own default (active records), so the export matches the unfiltered page.
    queryset = cadre_filtered(scope=scope, params=params or {"status": ""}).qs
    count = export_workbook(queryset=queryset, scope=scope, full=full, out=out)
    extra: dict[str, Any] = {"sensitive_in_full": full}
    if full:
        extra["reason"] = reason[:200]
    audit_export(actor=actor, ip=ip, scope=scope, count=count, params=params, **extra)
    return count
