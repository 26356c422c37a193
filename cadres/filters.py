"""Filters of the registry list, applied inside the selector (never on an unscoped query)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import django_filters
from django.db import connections, models
from django.db.models.functions import Collate
from django.forms import ModelChoiceField
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from laoshan_portal.forms import ANY_CHOICE, label_empty_choices
from laoshan_portal.kept import kept

from .models import Cadre, ServiceKind, SpecialtyTag
from .specialty_words import specialty_names_for

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

AGE_BANDS = [
    ("60-69", _("60–69")),
    ("70-79", _("70–79")),
    ("80-89", _("80–89")),
    ("90-", _("90 and over")),
    ("-59", _("Under 60")),
]
ASCII_QUERY = re.compile(r"^[a-z]+$")


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def age_band_range(band: str, today: date) -> tuple[date | None, date | None]:
    """Birth dates (after, up to) of people whose age is in the band today."""
    low_text, _sep, high_text = band.partition("-")
    low = int(low_text) if low_text else None
    high = int(high_text) if high_text else None
    born_after = _years_ago(today, high + 1) if high is not None else None
    born_by = _years_ago(today, low) if low is not None else None
    return born_after, born_by


class HasCharacters(models.Func):
    """PostgreSQL: ``string_to_array(field, NULL) @> chars``, the text holds every character.

    The expression GIN-indexed by migrations 0006 (``name``) and 0011 (``former_unit``,
    ``former_post``).
    """

    output_field = models.BooleanField()

    def __init__(self, field: str, chars: list[str]) -> None:
        super().__init__(models.F(field))
        self.chars = chars

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"string_to_array({sql}, NULL) @> %s::text[]", [*params, self.chars]


def contains(queryset: models.QuerySet[Cadre], field: str, text: str) -> models.Q:
    """The condition that ``field`` contains ``text``. A Chinese fragment is mostly one or
    two characters, too short for a trigram index, so on PostgreSQL "has these characters"
    narrows it down from its GIN index, and the LIKE still decides."""
    condition = models.Q(**{f"{field}__contains": text})
    if connections[queryset.db].vendor == "postgresql":
        condition &= models.Q(HasCharacters(field, sorted(set(text))))
    return condition


def search_cadres(queryset: models.QuerySet[Cadre], text: str) -> models.QuerySet[Cadre]:
    """Name, full pinyin ("zhangxiaosong") or pinyin initials ("zxs")."""
    text = text.strip()
    if not text:
        return queryset
    lowered = text.lower().replace(" ", "")
    if ASCII_QUERY.match(lowered):
        # Prefix LIKEs: answered by the varchar_pattern_ops ("_like") indexes on PostgreSQL.
        return queryset.filter(
            models.Q(name_initials__startswith=lowered) | models.Q(name_pinyin__startswith=lowered)
        )
    return queryset.filter(contains(queryset, "name", text))


def search_registry(queryset: models.QuerySet[Cadre], text: str) -> models.QuerySet[Cadre]:
    """The registry's search: a name or its pinyin, and in Chinese also a former work unit
    or post, or a specialty by its tag's name or an everyday word for it (律师 → 法律).

    The name, the unit and the post are one condition, which PostgreSQL answers by
    combining their three indexes (a bitmap OR); the specialty, a join, joins them as a
    union of record ids (in the same OR it would make the database read every record).
    """
    text = text.strip()
    if not text or ASCII_QUERY.match(text.lower().replace(" ", "")):
        return search_cadres(queryset, text)
    tags = specialties_named(text)
    written = (
        contains(queryset, "name", text)
        | contains(queryset, "former_unit", text)
        | contains(queryset, "former_post", text)
    )
    if not tags:
        return queryset.filter(written)
    # Only then: the planner would expect a tag's thousands of records.
    tagged = Cadre.specialties.through.objects.filter(specialtytag__in=tags)
    ids = Cadre.objects.order_by().filter(written).values_list("pk", flat=True)
    return queryset.filter(pk__in=ids.union(tagged.order_by().values_list("cadre_id", flat=True)))


def searched_in_areas(records: models.QuerySet[Cadre], ids: list[int]) -> models.QuerySet[Cadre]:
    """``records`` of the areas ``ids``, for a search: its own indexes find few rows, and
    on the area key PostgreSQL would also read the area index for a street's hundreds of
    thousands, to combine the two."""
    return records.alias(area_number=models.F("area_id") + 0).filter(area_number__in=ids)


def specialties_named(text: str) -> list[int]:
    """The specialties a Chinese search also finds: the tags whose name holds the text, or
    that an everyday word in it stands for (律师 → 法律)."""
    words = set(specialty_names_for(text))
    return [pk for pk, name in tag_lists()["specialty"] if text in name or name in words]


@dataclass(frozen=True)
class PlainSearch:
    """A search with nothing else narrowing the list but the status and the areas: what
    ``ordered_search`` answers from its indexes."""

    text: str
    status: str
    area_ids: list[int] | None  # None: every area
    descending: bool


# The fields a plain search may have besides its text.
PLAIN_SEARCH_FIELDS = {"q", "status", "street", "community", "sort"}


class CadreFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name, pinyin, former unit or specialty"), method="filter_search"
    )
    street = django_filters.ModelChoiceFilter(
        label=_("Street"), queryset=Area.objects.none(), method="filter_within"
    )
    community = django_filters.ModelChoiceFilter(
        label=_("Community"), queryset=Area.objects.none(), method="filter_within"
    )
    specialty = django_filters.ModelChoiceFilter(
        label=_("Specialty"), queryset=SpecialtyTag.objects.all(), field_name="specialties"
    )
    willing = django_filters.ModelChoiceFilter(
        label=_("Willing to serve as"),
        queryset=ServiceKind.objects.all(),
        field_name="service_kinds",
    )
    party_member = django_filters.ChoiceFilter(
        label=_("Party member"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        method="filter_party_member",
    )
    age = django_filters.ChoiceFilter(label=_("Age"), choices=AGE_BANDS, method="filter_age")
    self_care = django_filters.ChoiceFilter(label=_("Self-care"), choices=Cadre.SelfCare.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[c for c in Cadre.Status.choices if c[0] != "merged"],
        empty_label=None,
        method="filter_status",
    )
    # Set by the dashboards' links: the records on file at a month's end.
    registered_to = django_filters.DateFilter(
        label=_("Registered by"), field_name="created_at", lookup_expr="date__lte"
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name_pinyin", "name"),
            ("birth_date", "birth_date"),
            ("area__path", "area"),
            ("retirement_date", "retirement_date"),
            ("created_at", "created_at"),
        ),
    )

    class Meta:
        model = Cadre
        fields: list[str] = []

    def __init__(
        self,
        *args: Any,
        areas: models.QuerySet[Area],
        area_rows: list[Any] | None = None,
        area_ids: list[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # (pk, path, name, level) of every area in scope, in path order, when the caller
        # fetched them (the list page does, see cadre_filtered), and the ids the records
        # were narrowed to (None: the scope holds every area).
        self.area_rows = area_rows
        self.area_ids = area_ids
        self.filters["street"].queryset = areas.filter(level=Area.Level.STREET)
        self.filters["community"].queryset = areas.filter(level=Area.Level.COMMUNITY)
        self.today = clock.today()
        for field in self.form.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if hasattr(field.widget, "choices") else "form-control"
            )
        label_empty_choices(self.form.fields.values(), str(ANY_CHOICE))

    def filter_search(self, queryset: Any, name: str, value: str) -> Any:
        return search_registry(queryset, value)

    def suggested_specialties(self) -> list[tuple[int, str]]:
        """(pk, name) of the specialties the search words stand for that someone in scope
        has: the filters to offer when the search finds nothing."""
        text = str(self.data.get("q", "")).strip()[:64]
        if not text:
            return []
        named = specialty_names_for(text)
        wanted = [
            (pk, name)
            for pk, name in self.tag_lists["specialty"]
            if name in named or text in name or name in text
        ]
        held = set(
            self.queryset.filter(specialties__in=[pk for pk, _name in wanted]).values_list(
                "specialties", flat=True
            )
        )
        return [(pk, name) for pk, name in wanted if pk in held]

    def filter_within(self, queryset: Any, name: str, value: Area | None) -> Any:
        if not value:
            return queryset
        if self.area_rows is not None:
            # The ids of the chosen subtree, from the areas in scope already fetched: a
            # list of ids lets PostgreSQL count from the (status, area, …) index.
            return queryset.filter(area_id__in=self._ids_below(value))
        return queryset.filter(area__path__startswith=value.path)

    def _ids_below(self, area: Area) -> list[int]:
        """The ids of ``area`` and the areas under it, from the areas in scope fetched."""
        return [row.pk for row in self.area_rows or [] if row.path.startswith(area.path)]

    def select_options(self) -> list[tuple[Any, SafeString]]:
        """Each select of the form, with its ``<option>`` elements, escaped.

        Written out here rather than by the Select widget, which renders a template per
        option, or by the list's template, which spends three variable lookups on each of a
        hundred options on every page; the streets and communities come from the areas in scope
        already fetched, when they were, instead of a query each, and the specialties and
        kinds of service from ``tag_lists``.
        """
        levels = {"street": Area.Level.STREET, "community": Area.Level.COMMUNITY}
        selects = []
        for bound in self.form:
            if bound.name in {"q", "sort", "registered_to"}:
                continue
            current = bound.value()
            current = "" if current is None else str(current)
            if bound.name in levels and self.area_rows is not None:
                choices: Any = [("", bound.field.empty_label)] + [
                    (row.pk, row.name) for row in self.area_rows if row.level == levels[bound.name]
                ]
            elif bound.name in self.tag_lists:
                choices = [("", bound.field.empty_label), *self.tag_lists[bound.name]]
            elif isinstance(bound.field, ModelChoiceField):
                # Areas not fetched already show their name: plain values are read faster
                # than model instances.
                queryset = bound.field.queryset
                choices = [("", bound.field.empty_label)]
                choices += [] if queryset is None else queryset.values_list("pk", "name")
            else:
                choices = bound.field.choices
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (value, " selected" if str(value) == current else "", label)
                    for value, label in choices
                ),
            )
            selects.append((bound, options))
        return selects

    def is_unfiltered(self) -> bool:
        """Nothing narrows the list: no search and no filter (the order does not count)."""
        if not self.form.is_valid():
            return False
        return not any(value for name, value in self.form.cleaned_data.items() if name != "sort")

    def is_search(self) -> bool:
        """Something was typed in the search box (its matches are costly to find)."""
        return self.form.is_valid() and bool((self.form.cleaned_data.get("q") or "").strip())

    def plain_search(self) -> PlainSearch | None:
        """The search as a ``PlainSearch`` when nothing but the status, a street or a
        community narrows it and it is sorted by name; None otherwise."""
        if self.area_rows is None or not self.is_search():
            return None
        cleaned = self.form.cleaned_data
        if any(value for name, value in cleaned.items() if name not in PLAIN_SEARCH_FIELDS):
            return None
        sort = cleaned.get("sort") or []
        if sort not in ([], ["name"], ["-name"]):
            return None
        area_ids = self.area_ids
        for level in ("street", "community"):
            if chosen := cleaned.get(level):
                below = self._ids_below(chosen)
                area_ids = below if area_ids is None else [pk for pk in area_ids if pk in below]
        return PlainSearch(
            text=cleaned["q"].strip(),
            status=cleaned.get("status") or Cadre.Status.ACTIVE,
            area_ids=area_ids,
            descending=sort == ["-name"],
        )

    @cached_property
    def tag_lists(self) -> dict[str, list[tuple[int, str]]]:
        """(pk, name) of every specialty and of every kind of service, each in its list's
        order, read in one query and kept in the cache until one of them changes: they give
        the choices of the form and the names of the records' specialties
        (``selectors.specialty_names``)."""
        return tag_lists()

    def filter_party_member(self, queryset: Any, name: str, value: str) -> Any:
        members = models.Q(political_status__in=["party_member", "probationary"])
        if value == "yes":
            return queryset.filter(members)
        return queryset.exclude(members) if value == "no" else queryset

    def filter_age(self, queryset: Any, name: str, value: str) -> Any:
        born_after, born_by = age_band_range(value, self.today)
        if born_after:
            queryset = queryset.filter(birth_date__gt=born_after)
        if born_by:
            queryset = queryset.filter(birth_date__lte=born_by)
        return queryset

    def filter_status(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(status=value or Cadre.Status.ACTIVE)

    @property
    def qs(self) -> Any:
        queryset = super().qs
        cleaned = getattr(self.form, "cleaned_data", {})
        if not cleaned.get("status"):
            queryset = queryset.filter(status=Cadre.Status.ACTIVE)
        # No DISTINCT for the specialty or kind of service: each is one value, and a link
        # table holds a (record, tag) pair once, so its join gives a record once. (DISTINCT
        # over every column, the encrypted ones included, cost more than all the rest.)
        sort = cleaned.get("sort") or []
        if (
            (cleaned.get("q") or "").strip()
            and sort in ([], ["name"], ["-name"])
            and connections[queryset.db].vendor == "postgresql"
        ):
            queryset = _search_order(queryset, descending=sort == ["-name"])
        return queryset


def _search_order(queryset: Any, *, descending: bool) -> Any:
    """The pinyin order, in a form PostgreSQL cannot read off the (status, pinyin) index.

    The matches of a search sit together in pinyin order (张秀… are all at "zhangxiu"), so
    walking that index until 25 of them turn up reads most of the table when they sit near
    its end. Sorted under "C", the same order for lowercase ASCII pinyin, the matches are
    found through the search's own indexes and then sorted, however many there are. (The
    index of migration 0012 orders the pinyin under "POSIX", the same order under another
    name, for the same reason; a plain search reads it in ``ordered_search``.)
    """
    key = Collate("name_pinyin", "C")
    if descending:
        return queryset.order_by(key.desc(), "-pk")
    return queryset.order_by(key.asc(), "pk")


def tag_lists() -> dict[str, list[tuple[int, str]]]:
    """(pk, name) of the specialties and of the kinds of service, kept in the cache until
    one of them changes."""
    return kept(["registry-lists"], "registry-tags", _tag_lists)


def _tag_lists() -> dict[str, list[tuple[int, str]]]:
    """(pk, name) of the specialties and of the kinds of service, by their lists' order."""
    lists: dict[str, list[tuple[int, str]]] = {"specialty": [], "willing": []}
    both = (
        SpecialtyTag.objects.order_by()
        .annotate(which=models.Value("specialty"))
        .values_list("pk", "name", "sort_order", "which")
        .union(
            ServiceKind.objects.order_by()
            .annotate(which=models.Value("willing"))
            .values_list("pk", "name", "sort_order", "which"),
            all=True,
        )
        .order_by("sort_order", "name")
    )
    for pk, name, _order, which in both:
        lists[which].append((pk, name))
    return lists
