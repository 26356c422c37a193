"""Excel import and export of the registry in the bureau's sheet layout (登记表)."""

from __future__ import annotations

import json
import re
import secrets
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError, iterparse  # noqa: S405 - see below  # nosec B405

import openpyxl
from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import scope_for_user
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.crypto import blind_index
from laoshan_portal.scoping import Scope
from laoshan_portal.signals import bulk_change

from .models import Cadre, CadreEvent, ServiceKind, SpecialtyTag
from .pinyin import name_initials, name_pinyin
from .validators import (
    MOBILE_PATTERN,
    id_birth_date,
    normalise_mobile,
    validate_id_number,
)

# The column headers are the bureau's file format, a data contract shared with the sheets
# that streets and communities already keep: they are these Chinese words whatever the
# interface language, so they are data here and not translatable text.


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    width: int = 12
    sensitive: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("serial", "序号", ("编号",), width=6),
    Column("name", "姓名", ("名字",), required=True, width=10),
    Column("gender", "性别", (), required=True, width=6),
    Column("ethnicity", "民族", (), width=8),
    Column("birth_date", "出生年月", ("出生日期", "出生年月日", "生日"), required=True),
    Column("id_number", "身份证号", ("身份证号码", "公民身份号码", "身份证"), width=21,
           sensitive=True),
    Column("political_status", "政治面貌", (), required=True),
    Column("party_join_date", "入党时间", ("入党日期", "入党年月")),
    Column("former_unit", "原工作单位", ("原单位", "工作单位", "离退休前单位"), width=24),
    Column("former_post", "原职务", ("职务", "离退休前职务")),
    Column("rank", "职级", ("级别", "职级待遇")),
    Column("retirement_date", "离退休时间", ("退休时间", "离休时间", "退休日期", "离退休日期")),
    Column("retirement_kind", "离退休类别", ("离退休类型", "离退休", "类别")),
    Column("area_code", "区域代码", ("居住区域代码", "区划代码")),
    Column("street", "居住街道", ("街道", "所在街道")),
    Column("community", "居住社区", ("社区", "社区/村", "居住社区/村", "所在社区", "村")),
    Column("compound", "居住小区", ("小区", "所在小区")),
    Column("address", "家庭住址", ("住址", "居住地址", "地址", "现住址"), width=28),
    Column("mobile", "联系电话", ("手机", "手机号", "手机号码", "电话", "联系方式"), width=14,
           sensitive=True),
    Column("landline", "固定电话", ("座机", "家庭电话", "住宅电话"), width=14, sensitive=True),
    Column("party_relation", "组织关系所在", ("党组织关系", "组织关系", "党组织关系所在")),
    Column("living_arrangement", "家庭情况", ("居住情况", "居住状况"), sensitive=True),
    Column("family_notes", "家庭备注", ("家庭情况备注",), sensitive=True),
    Column("spouse", "配偶", ("配偶姓名",), sensitive=True),
    Column("emergency_contact", "紧急联系人", ("紧急联系人及电话",), width=16, sensitive=True),
    Column("health_notes", "身体状况", ("健康状况", "身体情况"), width=14, sensitive=True),
    Column("self_care", "自理能力", ("生活自理能力",), sensitive=True),
    Column("mobility", "行动能力", ("行动情况",), sensitive=True),
    Column("chronic_conditions", "慢性病", ("慢性病情况", "患病情况"), sensitive=True),
    Column("specialties", "爱好特长", ("特长", "专长", "兴趣特长", "爱好"), width=20),
    Column("specialty_notes", "特长补充说明", ("特长说明",), width=16),
    Column("service_kinds", "发挥作用意向", ("作用发挥意向", "服务意向", "意向"), width=20),
    Column("available_time", "可服务时间", ("服务时间",)),
    Column("max_distance", "服务范围", ("服务距离",)),
)  # fmt: skip
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
EXAMPLE_MARK = "示例"
EXAMPLE_ID = "37021219580315123"  # 17 digits; the check character is computed
HEADER_SCAN_ROWS = 10
CHUNK = 1000
MAX_SHOWN_ERRORS = 1000
IMPORT_MAX_BYTES = 50 * 1024 * 1024
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

# Spellings found in the bureau's sheets for values of the managed lists.
SPECIALTY_SYNONYMS = {
    "党务": "党建工作",
    "文艺": "文化艺术",
    "宣讲": "红色宣讲",
    "调解": "矛盾调解",
}
SERVICE_SYNONYMS = {
    "社区治理": "小区治理",
    "红色宣讲": "政策宣讲",
    "宣讲": "政策宣讲",
    "矛盾调解": "矛盾纠纷调解",
    "调解": "矛盾纠纷调解",
}
CHOICE_SYNONYMS: dict[str, dict[str, str]] = {
    "gender": {"男性": "M", "女性": "F"},
    "political_status": {
        "党员": "party_member",
        "共产党员": "party_member",
        "中国共产党党员": "party_member",
        "预备党员": "probationary",
        "民革": "democratic_party",
        "民盟": "democratic_party",
        "民建": "democratic_party",
        "民进": "democratic_party",
        "农工党": "democratic_party",
        "致公党": "democratic_party",
        "九三学社": "democratic_party",
        "台盟": "democratic_party",
        "无党派": "masses",
        "无党派人士": "masses",
    },
    "retirement_kind": {"离休干部": "lixiu", "退休干部": "tuixiu"},
    "living_arrangement": {
        "空巢": "empty_nest",
        "与配偶同住": "empty_nest",
        "夫妻同住": "empty_nest",
        "与老伴同住": "empty_nest",
        "与子女同住": "with_children",
        "随子女居住": "with_children",
        "养老院": "care_home",
        "养老机构": "care_home",
    },
    "self_care": {"自理": "full", "能自理": "full", "部分自理": "partial", "需照护": "none"},
    "mobility": {"行动便利": "good", "便利": "good", "不便": "limited", "轮椅": "wheelchair"},
    "party_relation": {"原单位": "former_unit", "居住地": "residence", "社区": "residence"},
    "available_time": {"随时可以": "any", "双休日": "weekends"},
    "max_distance": {
        "小区": "compound",
        "社区": "community",
        "街道": "street",
        "全区范围": "district",
    },
}
CHOICE_FIELDS = (
    "gender", "political_status", "retirement_kind", "party_relation", "living_arrangement",
    "self_care", "mobility", "available_time", "max_distance",
)  # fmt: skip
RESIDENCE_LEVELS = (Area.Level.COMMUNITY, Area.Level.COMPOUND, Area.Level.BUILDING)
LANDLINE_PATTERN = re.compile(r"^(0\d{2,3})?[2-9]\d{6,7}$")
LIST_SEPARATORS = re.compile(r"[、,，;；/|\n]+")
DATE_TEXT = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*(?:月|[./\-])?\s*(?:(\d{1,2})\s*日?)?$")
DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


class CellError(Exception):
    """A value that cannot be read; the message is shown on its row and column."""


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


# ---------------------------------------------------------------- reading cells


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


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def clean_name(value: Any) -> str:
    text = clean_text(value)
    # Chinese names carry no spaces; stray ones (typed to align "王  伟") are dropped.
    if all("\u4e00" <= ch <= "\u9fff" or ch.isspace() for ch in text):
        return _compact(text)
    return re.sub(r"\s+", " ", text)


def parse_date(value: Any) -> tuple[date, bool]:
    """A date cell or text, and whether it named a day (True) or only a month (False)."""
    if isinstance(value, datetime):
        return value.date(), True
    if isinstance(value, date):
        return value, True
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _date_from_number(value)
    text = _compact(clean_text(value))
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


def _choice_lookup(field_name: str) -> dict[str, str]:
    """Chinese label (and the bureau's other spellings) → stored value."""
    model_field = Cadre._meta.get_field(field_name)
    with translation.override("zh-hans"):
        labels = {_compact(str(label)): value for value, label in model_field.choices}
    labels.update({_compact(str(value)): value for value, _label in model_field.choices})
    if field_name == "gender":
        labels.update({"男": "M", "女": "F"})
    if field_name == "retirement_kind":
        labels.update({"离休": "lixiu", "退休": "tuixiu"})
    labels.update(CHOICE_SYNONYMS.get(field_name, {}))
    return labels


def choice_labels(field_name: str) -> list[str]:
    model_field = Cadre._meta.get_field(field_name)
    with translation.override("zh-hans"):
        return [_compact(str(label)) for _value, label in model_field.choices]


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
        for test in (lambda n: text in n or n in text, lambda n: _is_subsequence(text, n)):
            found = [pk for name, pk in self.by_name.items() if len(text) >= 2 and test(name)]
            if len(found) == 1:
                return found[0]
        return None

    def parse(self, value: Any) -> tuple[list[int], list[str]]:
        found: list[int] = []
        unknown: list[str] = []
        for part in LIST_SEPARATORS.split(clean_text(value)):
            part = _compact(part)
            if not part:
                continue
            pk = self.find(part)
            if pk is None:
                unknown.append(part)
            elif pk not in found:
                found.append(pk)
        return found, unknown


# ---------------------------------------------------------------- areas


class AreaError(CellError):
    """An area that cannot be found or is out of scope, with the column to show it on."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


class AreaResolver:
    """Finds a row's residence by area code or by street/community/compound names.

    Names are looked up once per distinct combination: a sheet has thousands of rows but
    only a few dozen places.
    """

    SUFFIXES = {
        "street": ("街道", "街道办事处", "镇"),
        "community": ("社区", "村", "社区居委会", "村委会"),
        "compound": ("小区",),
    }
    LEVELS = {
        "street": (Area.Level.STREET,),
        "community": (Area.Level.COMMUNITY,),
        "compound": (Area.Level.COMPOUND, Area.Level.BUILDING),
    }

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._cache: dict[tuple[str, ...], tuple[Area, str] | AreaError] = {}

    def resolve(self, code: str, street: str, community: str, compound: str) -> tuple[Area, str]:
        """The area and a note for the preview (or ``AreaError``)."""
        key = (code, street, community, compound)
        if key not in self._cache:
            try:
                self._cache[key] = self._resolve(*key)
            except AreaError as error:
                self._cache[key] = error
        found = self._cache[key]
        if isinstance(found, AreaError):
            raise found
        return found

    def _variants(self, name: str, kind: str) -> set[str]:
        names = {name}
        for suffix in self.SUFFIXES[kind]:
            if name.endswith(suffix) and len(name) > len(suffix):
                names.add(name[: -len(suffix)])
            else:
                names.add(name + suffix)
        return names

    def _resolve(self, code: str, street: str, community: str, compound: str) -> tuple[Area, str]:
        if code:
            area = Area.objects.filter(code=code).first()
            if area is None:
                raise AreaError("area_code", _("No area has this code."))
            return self._checked(area, "area_code"), ""
        if not community and not compound:
            raise AreaError(
                "community", _("Give the community (or the area code) where the person lives.")
            )
        parents = [("street", street)] if street else []
        if not community:
            found = self._find("compound", compound, parents)
            if found is None:
                raise AreaError("compound", _("No compound named %(name)s.") % {"name": compound})
            return self._checked(found, "compound"), ""
        home = self._find("community", community, parents)
        if compound:
            place = self._find("compound", compound, [*parents, ("community", community)])
            if place is not None:
                return self._checked(place, "compound"), ""
        if home is None:
            message = (
                _("No community named %(name)s in %(street)s.")
                if street
                else _("No community named %(name)s.")
            )
            raise AreaError("community", message % {"name": community, "street": street})
        note = ""
        if compound:
            # Real sheets name compounds the tree does not have yet; the community is sure.
            note = _(
                "The compound %(compound)s is not in the area tree: the record goes to "
                "%(community)s."
            ) % {"compound": compound, "community": home.name}
        return self._checked(home, "community"), note

    def _find(self, kind: str, name: str, parents: list[tuple[str, str]]) -> Area | None:
        candidates = Area.objects.filter(
            name__in=self._variants(name, kind), level__in=self.LEVELS[kind]
        )
        matches = []
        for candidate in candidates:
            above = {a.name for a in _ancestors(candidate)}
            if all(above & self._variants(pname, pkind) for pkind, pname in parents):
                matches.append(candidate)
        if len(matches) > 1:
            in_scope = [m for m in matches if self.scope.contains(m)]
            if len(in_scope) == 1:
                return in_scope[0]
            raise AreaError(
                kind,
                _("Several areas are called %(name)s: give the street or the area code.")
                % {"name": name},
            )
        return matches[0] if matches else None

    def _checked(self, area: Area, column: str) -> Area:
        if not self.scope.contains(area):
            raise AreaError(column, _("The chosen area is outside your area."))
        if area.level not in RESIDENCE_LEVELS:
            raise AreaError(
                column, _("A residence is a community, a compound or a building, not a street.")
            )
        return area


def _ancestors(area: Area) -> list[Area]:
    codes = area.path.strip("/").split("/")[:-1]
    return list(Area.objects.filter(code__in=codes)) if codes else []


# ---------------------------------------------------------------- reading a sheet


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


def _header_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in COLUMNS:
        for text in (column.header, *column.synonyms):
            lookup.setdefault(_header_key(text), column.key)
    return lookup


def _header_key(value: Any) -> str:
    text = _compact(clean_text(value))
    return re.sub(r"[*＊]|[（(]必填[）)]|[（(]选填[）)]", "", text)


class SheetReader:
    """The first sheet of a workbook, read in read-only mode: its header, then its rows.

    The header is found among the first rows (the bureau's sheet has a title and a line
    for the unit above it). Cells under a vertical merge (a street written once for many
    rows) read as the merge's value.
    """

    def __init__(self, path: Path) -> None:
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
        self.header_row, self.columns = _find_header(self._top, _header_lookup())
        self.notices: list[str] = []
        if self.header_row:
            for index, value in enumerate(self._top[self.header_row - 1][1]):
                text = _header_key(value)
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
            key = lookup.get(_header_key(value))
            if key and key not in columns.values():
                columns[index] = key
        if "name" in columns.values() and len(columns) >= 3 and len(columns) > len(best[1]):
            best = (number, columns)
    return best


# ---------------------------------------------------------------- checking rows


class RowChecker:
    """Turns one sheet row into an unsaved Cadre, or into errors on its columns."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.areas = AreaResolver(scope)
        self.choices = {name: _choice_lookup(name) for name in CHOICE_FIELDS}
        self.specialties = NameList(
            SpecialtyTag.objects.values_list("pk", "name"), SPECIALTY_SYNONYMS
        )
        self.service_kinds = NameList(
            ServiceKind.objects.values_list("pk", "name"), SERVICE_SYNONYMS
        )
        self.seen_ids: dict[str, int] = {}
        self.seen_people: dict[tuple[str, date], tuple[int, bool]] = {}
        self.notes: dict[str, int] = {}

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
                value = read(key, lambda v, k=key: self._choice(k, v))
                if value is not None:
                    data[key] = value
        living_text = _compact(clean_text(row.get("living_arrangement")))
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
            data.setdefault(key, Cadre._meta.get_field(key).default)

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
                _compact(clean_text(row.get("area_code"))),
                _compact(clean_text(row.get("street"))),
                _compact(clean_text(row.get("community"))),
                _compact(clean_text(row.get("compound"))),
            )
            data["area"] = area
            if note:
                self.notes[note] = self.notes.get(note, 0) + 1
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
        text = _compact(clean_text(value))
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
    except (zipfile.BadZipFile, ValueError, KeyError, OSError, ParseError):
        result.errors.append(RowError(0, "", _("The file cannot be read.")))
        return result
    finally:
        reader.close()
    for existing in _registered(hashes, scope):
        number = hashes[existing["hash"]]
        result.errors.append(RowError(number, COLUMN_BY_KEY["id_number"].header, existing["msg"]))
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
    for note, count in checker.notes.items():
        result.notices.append(_("%(note)s (%(count)s rows)") % {"note": note, "count": count})
    return hashes


def _registered(hashes: dict[str, int], scope: Scope) -> Iterator[dict[str, str]]:
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
            yield {"hash": hash_, "msg": msg}


# ---------------------------------------------------------------- writing


@transaction.atomic
def cadre_import_rows(
    *,
    scope: Scope,
    actor: Any,
    rows: list[ImportRow],
    filename: str = "",
    ip: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create checked rows in bulk: what ``cadre_create`` does, a thousand rows at a time."""
    for row in rows:
        # The scope again, as every service does: the file was checked against it, but
        # a service must not trust its caller.
        if not scope.contains(row.cadre.area):
            raise ValidationError(_("The chosen area is outside your area."))
    user = actor if getattr(actor, "is_authenticated", False) else None
    username = getattr(actor, "username", "") or ""
    summary = _("Record created")
    label = Cadre._meta.label
    specialty_link = Cadre.specialties.through
    service_link = Cadre.service_kinds.through
    done = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        cadres = Cadre.objects.bulk_create([row.cadre for row in chunk])
        specialty_link.objects.bulk_create(
            [
                specialty_link(cadre_id=cadre.pk, specialtytag_id=pk)
                for cadre, row in zip(cadres, chunk, strict=True)
                for pk in row.specialties
            ]
        )
        service_link.objects.bulk_create(
            [
                service_link(cadre_id=cadre.pk, servicekind_id=pk)
                for cadre, row in zip(cadres, chunk, strict=True)
                for pk in row.service_kinds
            ]
        )
        CadreEvent.objects.bulk_create(
            [CadreEvent(cadre=cadre, kind="created", by=user, summary=summary) for cadre in cadres]
        )
        # One audit entry per record, as cadre_create writes, plus the import's own below.
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    user=user,
                    username=username,
                    ip=ip,
                    action=AuditEvent.Action.CREATE,
                    object_type=label,
                    object_id=str(cadre.pk),
                    object_repr=str(cadre)[:200],
                    area=cadre.area,
                    detail={"import": True},
                )
                for cadre in cadres
            ]
        )
        done += len(cadres)
        if progress:
            progress(done)
    bulk_change.send(sender=Cadre)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        area=scope.area,
        ip=ip,
        detail={"created": done, "rows": len(rows), "file": filename[:100]},
    )
    return done


# ---------------------------------------------------------------- uploads kept between steps


def imports_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_save(*, user: Any, upload: IO[bytes] | Any, filename: str) -> str:
    """Keep an upload for its confirmation; returns the token that names it."""
    _sweep_old_uploads()
    token = secrets.token_urlsafe(24)
    folder = imports_dir()
    with (folder / f"{token}.xlsx").open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    _write_meta(token, {"user": user.pk, "filename": filename[:200], "state": "uploaded"})
    return token


def upload_path(token: str, user: Any) -> Path | None:
    """The kept file if the token is well formed and the upload is this user's."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    meta = read_meta(token)
    path = imports_dir() / f"{token}.xlsx"
    if meta is None or meta.get("user") != user.pk or not path.exists():
        return None
    return path


def read_meta(token: str) -> dict[str, Any] | None:
    if not TOKEN_PATTERN.match(token or ""):
        return None
    try:
        return json.loads((imports_dir() / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_meta(token: str, meta: dict[str, Any]) -> None:
    target = imports_dir() / f"{token}.json"
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    temporary.replace(target)  # atomic: a status poll never reads half a file


def update_meta(token: str, **changes: Any) -> dict[str, Any]:
    meta = read_meta(token) or {}
    meta.update(changes)
    _write_meta(token, meta)
    return meta


def _sweep_old_uploads(max_age_seconds: int = 2 * 24 * 3600) -> None:
    """Uploads never confirmed are personal data lying around: drop them after two days."""
    limit = time.time() - max_age_seconds
    for path in imports_dir().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


def progress_key(token: str) -> str:
    return f"cadres-import-progress:{token}"


def import_run(*, token: str, user_id: int, ip: str | None = None) -> dict[str, Any]:
    """Check the kept file again and write it, all or nothing; progress goes to the cache."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=user_id)
    scope = scope_for_user(user)
    path = upload_path(token, user)
    meta = read_meta(token) or {}
    if path is None:
        return update_meta(token, state="failed", message=_("The uploaded file is gone."))

    def report(phase: str, done: int, total: int) -> None:
        cache.set(progress_key(token), {"phase": phase, "done": done, "total": total}, 3600)

    total_hint = int(meta.get("total") or 0)
    report("checking", 0, total_hint)
    result = check_file(
        path,
        scope=scope,
        keep_rows=True,
        progress=lambda n: report("checking", n, total_hint),
    )
    if not result.is_valid:
        audit_record(
            actor=user,
            action=AuditEvent.Action.IMPORT,
            area=scope.area,
            ip=ip,
            succeeded=False,
            detail={"rows": result.total, "bad_rows": result.bad_rows, "created": 0},
        )
        return update_meta(token, state="failed", result=result.summary())
    try:
        created = cadre_import_rows(
            scope=scope,
            actor=user,
            rows=result.rows,
            filename=meta.get("filename", ""),
            ip=ip,
            progress=lambda n: report("writing", n, result.good),
        )
    except (IntegrityError, ValidationError):
        return update_meta(
            token,
            state="failed",
            message=_(
                "Someone registered one of these people while the file was being imported; "
                "nothing was saved. Check the file again."
            ),
        )
    path.unlink(missing_ok=True)
    report("done", created, created)
    return update_meta(token, state="done", created=created)


@shared_task
def cadre_import_task(token: str, user_id: int, ip: str | None = None) -> str:
    return import_run(token=token, user_id=user_id, ip=ip)["state"]
