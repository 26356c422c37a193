"""Reading one cell: text, names, dates, choices, and names from the managed lists."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from laoshan_portal import clock

from ..models import cadre_field
from .layout import CHOICE_SYNONYMS

LIST_SEPARATORS = re.compile(r"[、,，;；/|\n]+")
DATE_TEXT = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*(?:月|[./\-])?\s*(?:(\d{1,2})\s*日?)?$")
DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


class CellError(Exception):
    """A value that cannot be read; the message is shown on its row and column."""


def clean_text(value: Any) -> str:
    """A cell as text: full-width digits and letters made half-width, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def clean_name(value: Any) -> str:
    text = clean_text(value)
    # Chinese names carry no spaces; stray ones (typed to align "王  伟") are dropped.
    if all("\u4e00" <= ch <= "\u9fff" or ch.isspace() for ch in text):
        return compact(text)
    return re.sub(r"\s+", " ", text)


def parse_date(value: Any) -> tuple[date, bool]:
    """A date cell or text, and whether it named a day (True) or only a month (False)."""
    if isinstance(value, datetime):
        return value.date(), True
    if isinstance(value, date):
        return value, True
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _date_from_number(value)
    text = compact(clean_text(value))
    match = DATE_TEXT.match(text) or DATE_DIGITS.match(text)
    if match is None:
        if re.fullmatch(r"\d{4}年?", text):
            raise CellError(_("Give the month as well as the year, e.g. 1955.03."))
        raise CellError(_("Write the date as 1955.03, 1955年3月 or 1955-03-12."))
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3)) if match.group(3) else None
    return _real_date(year, month, day), day is not None


def _date_from_number(value: float) -> tuple[date, bool]:
    if isinstance(value, float) and 1890 <= value < 2100:
        # 1955.03 typed into a number cell; 1955.1 is October (Excel drops the trailing 0).
        year = int(value)
        month = round((value - year) * 100)
        if month == 0:
            raise CellError(_("Give the month as well as the year, e.g. 1955.03."))
        return _real_date(year, month, None), False
    number = int(value)
    text = str(number)
    if len(text) in (6, 8) and text[:2] in {"18", "19", "20"}:
        match = DATE_DIGITS.match(text)
        if match:
            day = int(match.group(3)) if match.group(3) else None
            return _real_date(int(match.group(1)), int(match.group(2)), day), day is not None
    if 1890 <= number < 2100:
        raise CellError(_("Give the month as well as the year, e.g. 1955.03."))
    if 1 <= value < 80000:  # an Excel serial day number in a cell not formatted as a date
        converted = from_excel(value)
        return (converted.date() if isinstance(converted, datetime) else converted), True
    raise CellError(_("Write the date as 1955.03, 1955年3月 or 1955-03-12."))


def _real_date(year: int, month: int, day: int | None) -> date:
    try:
        result = date(year, month, day or 1)
    except ValueError:
        raise CellError(_("This date does not exist.")) from None
    if year < 1890 or result > clock.today():
        raise CellError(_("This date is impossible."))
    return result


def choice_lookup(field_name: str) -> dict[str, str]:
    """Chinese label (and the bureau's other spellings) → stored value."""
    model_field = cadre_field(field_name)
    with translation.override("zh-hans"):
        labels = {compact(str(label)): value for value, label in model_field.flatchoices}
    labels.update({compact(str(value)): value for value, _label in model_field.flatchoices})
    if field_name == "gender":
        labels.update({"男": "M", "女": "F"})
    if field_name == "retirement_kind":
        labels.update({"离休": "lixiu", "退休": "tuixiu"})
    labels.update(CHOICE_SYNONYMS.get(field_name, {}))
    return labels


def choice_labels(field_name: str) -> list[str]:
    model_field = cadre_field(field_name)
    with translation.override("zh-hans"):
        return [compact(str(label)) for _value, label in model_field.flatchoices]


def _overlaps(short: str, long: str) -> bool:
    return short in long or long in short


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(ch in chars for ch in short)


class NameList:
    """A managed list (specialties, kinds of service) matched by name, loosely but uniquely."""

    def __init__(self, items: Iterable[tuple[int, str]], synonyms: dict[str, str]) -> None:
        self.by_name = {name: pk for pk, name in items}
        self.synonyms = synonyms
        self._cache: dict[str, int | None] = {}

    def find(self, text: str) -> int | None:
        if text not in self._cache:
            self._cache[text] = self._find(text)
        return self._cache[text]

    def _find(self, text: str) -> int | None:
        if text in self.by_name:
            return self.by_name[text]
        if self.synonyms.get(text) in self.by_name:
            return self.by_name[self.synonyms[text]]
        for test in (_overlaps, _is_subsequence):
            found = [pk for name, pk in self.by_name.items() if len(text) >= 2 and test(text, name)]
            if len(found) == 1:
                return found[0]
        return None

    def parse(self, value: Any) -> tuple[list[int], list[str]]:
        found: list[int] = []
        unknown: list[str] = []
        for part in LIST_SEPARATORS.split(clean_text(value)):
            part = compact(part)
            if not part:
                continue
            pk = self.find(part)
            if pk is None:
                unknown.append(part)
            elif pk not in found:
                found.append(pk)
        return found, unknown
