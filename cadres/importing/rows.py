"""Checking one sheet row: an unsaved Cadre, or errors on its columns."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from laoshan_portal.crypto import blind_index
from laoshan_portal.scoping import Scope

from ..models import Cadre, ServiceKind, SpecialtyTag, cadre_field
from ..pinyin import name_initials, name_pinyin
from ..validators import (
    MOBILE_PATTERN,
    id_birth_date,
    normalise_mobile,
    validate_id_number,
)
from .areas import AreaError, AreaResolver
from .cells import (
    LIST_SEPARATORS,
    CellError,
    NameList,
    choice_labels,
    choice_lookup,
    clean_name,
    clean_text,
    compact,
    parse_date,
)
from .layout import CHOICE_FIELDS, COLUMN_BY_KEY, SERVICE_SYNONYMS, SPECIALTY_SYNONYMS

LANDLINE_PATTERN = re.compile(r"^(0\d{2,3})?[2-9]\d{6,7}$")


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportRow:
    row: int
    cadre: Cadre
    specialties: list[int]
    service_kinds: list[int]


class RowChecker:
    """Turns one sheet row into an unsaved Cadre, or into errors on its columns."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.areas = AreaResolver(scope)
        self.choices = {name: choice_lookup(name) for name in CHOICE_FIELDS}
        self.specialties = NameList(
            SpecialtyTag.objects.values_list("pk", "name"), SPECIALTY_SYNONYMS
        )
        self.service_kinds = NameList(
            ServiceKind.objects.values_list("pk", "name"), SERVICE_SYNONYMS
        )
        self.seen_ids: dict[str, int] = {}
        self.seen_people: dict[tuple[str, date], tuple[int, bool]] = {}
        # What the import does on its own (a compound not in the tree), with the rows.
        self.notes: dict[str, list[int]] = {}

    def check(self, number: int, row: dict[str, Any]) -> tuple[ImportRow | None, list[RowError]]:
        errors: list[RowError] = []

        def fail(key: str, message: str) -> None:
            errors.append(RowError(number, COLUMN_BY_KEY[key].header, message))

        def read(key: str, parse: Callable[[Any], Any]) -> Any:
            value = row.get(key)
            if value is None or clean_text(value) == "":
                return None
            try:
                return parse(value)
            except CellError as error:
                fail(key, str(error))
                return None

        data: dict[str, Any] = {}
        data["name"] = clean_name(row.get("name"))
        if not data["name"]:
            fail("name", _("The name is missing."))
        for key in ("ethnicity", "former_unit", "former_post", "rank", "address", "spouse",
                    "emergency_contact", "family_notes", "chronic_conditions",
                    "specialty_notes"):  # fmt: skip
            data[key] = clean_text(row.get(key))
        if data["ethnicity"] and not data["ethnicity"].endswith("族"):
            data["ethnicity"] += "族"
        data["ethnicity"] = data["ethnicity"] or "汉族"

        for key in CHOICE_FIELDS:
            if key != "living_arrangement":
                value = read(key, partial(self._choice, key))
                if value is not None:
                    data[key] = value
        living_text = compact(clean_text(row.get("living_arrangement")))
        if living_text:
            living = self.choices["living_arrangement"].get(living_text)
            if living is None:
                # Free text such as 与孙子同住: kept word for word, as "other".
                living = Cadre.Living.OTHER
                data["family_notes"] = "；".join(filter(None, [living_text, data["family_notes"]]))
            data["living_arrangement"] = living
        health = clean_text(row.get("health_notes"))
        data["health_notes"] = health
        if health:
            data.setdefault("self_care", _self_care_from(health))
            data.setdefault("mobility", _mobility_from(health))
        for key in ("self_care", "mobility", "retirement_kind"):
            data.setdefault(key, cadre_field(key).default)

        birth = read("birth_date", parse_date)
        id_number = self._id_number(row.get("id_number"), birth, fail)
        data["birth_date"] = self._birth_date(birth, id_number, fail)
        data["id_number"] = id_number or ""
        if id_number:
            from_id = "M" if int(id_number[16]) % 2 else "F"
            if "gender" not in data and not clean_text(row.get("gender")):
                data["gender"] = from_id
            elif data.get("gender") and data["gender"] != from_id:
                fail("gender", _("The gender differs from the one in the ID number."))
        if "gender" not in data and not clean_text(row.get("gender")):
            fail("gender", _("The gender is missing."))
        if "political_status" not in data and not clean_text(row.get("political_status")):
            fail("political_status", _("The political status is missing."))

        for key in ("party_join_date", "retirement_date"):
            value = read(key, parse_date)
            data[key] = value[0] if value else None
            if data[key] and data["birth_date"] and data[key] <= data["birth_date"]:
                fail(key, _("This date is before the birth date."))

        self._phones(row, data, fail)
        try:
            area, note = self.areas.resolve(
                compact(clean_text(row.get("area_code"))),
                compact(clean_text(row.get("street"))),
                compact(clean_text(row.get("community"))),
                compact(clean_text(row.get("compound"))),
            )
            data["area"] = area
            if note:
                self.notes.setdefault(note, []).append(number)
        except AreaError as error:
            fail(error.column, str(error))

        specialties, unknown = self.specialties.parse(row.get("specialties"))
        if unknown:
            fail("specialties", _not_in_list(unknown))
        service_kinds, unknown = self.service_kinds.parse(row.get("service_kinds"))
        if unknown:
            fail("service_kinds", _not_in_list(unknown))

        self._duplicates(number, data, fail)
        if errors:
            return None, errors
        cadre = Cadre(**data)
        cadre.name_pinyin = name_pinyin(cadre.name)
        cadre.name_initials = name_initials(cadre.name)
        cadre.id_number_hash = blind_index(cadre.id_number) if cadre.id_number else None
        cadre.mobile_hash = blind_index(cadre.mobile) if cadre.mobile else ""
        try:
            # The area was fetched and checked above, uniqueness is checked for the whole
            # file at once, and the status is "active": the per-row queries are not needed.
            cadre.full_clean(exclude=["area"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                key = name if name in COLUMN_BY_KEY else "name"
                for message in messages:
                    fail(key, message)
            return None, errors
        return ImportRow(number, cadre, specialties, service_kinds), []

    def _choice(self, key: str, value: Any) -> str:
        text = compact(clean_text(value))
        found = self.choices[key].get(text)
        if found is None:
            raise CellError(
                _("%(value)s is not one of: %(allowed)s.")
                % {"value": text, "allowed": "、".join(choice_labels(key))}
            )
        return found

    def _id_number(self, value: Any, birth: tuple[date, bool] | None, fail: Any) -> str | None:
        if value is None or clean_text(value) == "":
            return None
        as_number = isinstance(value, int | float) and not isinstance(value, bool)
        if isinstance(value, float):
            fail("id_number", _lost_digits())
            return None
        text = re.sub(r"[\s\-]", "", clean_text(value))
        day_given = birth[0] if birth and birth[1] else None
        try:
            return validate_id_number(text, birth_date=day_given)
        except ValidationError as error:
            message = " ".join(error.messages)
            if as_number:
                message = f"{message} {_lost_digits()}"
            fail("id_number", message)
            return None

    def _birth_date(self, birth: tuple[date, bool] | None, id_number: str | None, fail: Any) -> Any:
        from_id = id_birth_date(id_number) if id_number else None
        if birth is None:
            if from_id is None:
                fail("birth_date", _("The birth date is missing."))
            return from_id
        value, has_day = birth
        if not has_day and from_id is not None:
            if (from_id.year, from_id.month) != (value.year, value.month):
                fail(
                    "birth_date",
                    _(
                        "The birth date in the ID number (%(born)s) differs "
                        "from the birth date given."
                    )
                    % {"born": from_id.isoformat()},
                )
            return from_id
        return value

    def _phones(self, row: dict[str, Any], data: dict[str, Any], fail: Any) -> None:
        mobiles: list[str] = []
        landlines: list[str] = []
        for key in ("mobile", "landline"):
            for part in LIST_SEPARATORS.split(clean_text(row.get(key))):
                digits = normalise_mobile(re.sub(r"[()（）]", "", part))
                if not digits:
                    continue
                if MOBILE_PATTERN.match(digits):
                    mobiles.append(digits)
                elif LANDLINE_PATTERN.match(digits):
                    landlines.append(digits)
                else:
                    fail(key, _("%(value)s is neither a mobile nor a landline number.")
                         % {"value": part.strip()})  # fmt: skip
        data["mobile"] = mobiles[0] if mobiles else ""
        data["landline"] = "、".join(landlines + mobiles[1:])

    def _duplicates(self, number: int, data: dict[str, Any], fail: Any) -> None:
        if data.get("id_number"):
            earlier = self.seen_ids.setdefault(data["id_number"], number)
            if earlier != number:
                fail(
                    "id_number",
                    _("The same ID number is on row %(row)s already.") % {"row": earlier},
                )
        if data.get("name") and data.get("birth_date"):
            person = (data["name"], data["birth_date"])
            has_id = bool(data.get("id_number"))
            earlier_row, earlier_has_id = self.seen_people.setdefault(person, (number, has_id))
            if earlier_row != number and not (has_id and earlier_has_id):
                fail(
                    "name",
                    _("Row %(row)s has the same name and birth date: the same person twice?")
                    % {"row": earlier_row},
                )


def _lost_digits() -> str:
    return _(
        "Excel stored the ID number as a number and lost its last digits: format the column "
        "as text and type the number again."
    )


def _not_in_list(values: list[str]) -> str:
    return _("%(values)s is not in the list: use the names on the sheet of allowed values.") % {
        "values": "、".join(values)
    }


def _self_care_from(text: str) -> str:
    if any(word in text for word in ("不能自理", "需照护", "需要照护", "卧床", "失能")):
        return Cadre.SelfCare.NONE
    if any(word in text for word in ("半自理", "部分自理", "较差")):
        return Cadre.SelfCare.PARTIAL
    return Cadre.SelfCare.FULL


def _mobility_from(text: str) -> str:
    if "轮椅" in text:
        return Cadre.Mobility.WHEELCHAIR
    if any(word in text for word in ("行动不便", "行走困难", "卧床")):
        return Cadre.Mobility.LIMITED
    return Cadre.Mobility.GOOD
