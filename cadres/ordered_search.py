"""A plain search's count and first matches in the list's order, from indexes alone.

Sorting a search's matches by pinyin means reading every one of them first: 建华 is
nearly ten thousand people in a million, each on its own page of the table. On
PostgreSQL the indexes of migrations 0012 to 0014 hold the matches already in pinyin
order, with what a search filters on, so the first pages are read from them in order
and the count from them apart, without visiting a record or sorting the matches:

- a Chinese text: the names from ``cadres_namepiece`` (the index of the names'
  two-character pieces and of each name's last character: for two characters or more,
  the text's first two, and the whole text from the name the index holds; for one, the
  pieces that begin with it where it first appears in the name), and, with them, the
  records whose former work unit or post holds the text and whose name does not;
- a pinyin text: the pinyin prefix as a range of the (status, pinyin) index, and the
  initials that start with it whose pinyin does not.

The two parts of each have no record in common, so they are counted together without
removing doubles. The names holding one character and the pinyin beginning with one
letter, a good part of the registry, are not counted from an index (which took longer the
more records there were) but summed from ``cadres_namecount`` (migration 0015), which
the database keeps by status and area.

Anything else (a specialty the text names, another filter, another order) is left to the
query of the whole list (``registry_matches``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db import connections, models
from django.db.models.functions import Cast, Collate
from django.db.models.lookups import GreaterThanOrEqual, LessThan

from .filters import ASCII_QUERY, PlainSearch, contains, searched_in_areas, specialties_named
from .models import Cadre

PIECE = 2  # the length of the pieces in ``cadres_namepiece``

# Of a name's pieces, those where their first character first appears in the name: the
# predicate of the partial index of migration 0014, written here as it is there so that
# PostgreSQL reads the index for it. Each name holding a character has one such piece
# beginning with it (张建张: 张建 and 建张, not 张).
FIRST_APPEARANCE = 'piece = substr(name, strpos(name, left(piece, 1)), 2) COLLATE "C"'


def indexed_matches(search: PlainSearch, *, first: int) -> tuple[int, list[int]] | None:
    """(how many records match, the ids of the first ``first`` in the list's order), or
    None when the indexes cannot answer this search."""
    connection = connections[Cadre.objects.db]
    if connection.vendor != "postgresql":
        return None
    text = search.text
    pinyin = text.lower().replace(" ", "")
    if ASCII_QUERY.match(pinyin):
        parts = _pinyin_parts(search, pinyin)
    elif not specialties_named(text):
        parts = _written_parts(search, connection.ops.prep_for_like_query(text))
    else:
        return None
    direction = "DESC" if search.descending else "ASC"
    order = f"ORDER BY key {direction}, id {direction}"
    # The count and the first matches are read apart: each part's count without an order
    # (or summed from the kept counts); the first matches of a part whose index is in the
    # list's order read from it as far as ``first`` (not all of them read and sorted);
    # another part read whole and sorted.
    # Given a limit, the planner would read such a part by walking the records in pinyin
    # order until the page is full, which for few matches where it expects many is every
    # record (2.4 s for "z" among a million); ``OFFSET 0`` keeps the limit and the order
    # out of it. The parts are compiled querysets and fixed text; every value is a
    # parameter.
    counts = [part.counted for part in parts]
    counted = " + ".join(f"({count_sql})" for count_sql, _params in counts)
    firsts = " UNION ALL ".join(
        f"(SELECT * FROM ({part.sql}) AS part (id, key) "  # noqa: S608  # nosec B608
        + (f"{order} LIMIT %s)" if part.in_order else "OFFSET 0)")
        for part in parts
    )
    sql = (
        f"SELECT id, {counted} AS counted "  # noqa: S608  # nosec B608
        f"FROM ({firsts}) AS found {order} LIMIT %s"
    )
    params = [param for _sql, count_params in counts for param in count_params]
    for part in parts:
        params += [*part.params, first] if part.in_order else part.params
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, first])
        rows = cursor.fetchall()
    return (rows[0][1] if rows else 0), [pk for pk, _total in rows]


def _records(search: PlainSearch) -> models.QuerySet[Cadre]:
    """The records of the search's status and areas."""
    records = Cadre.objects.order_by().filter(status=search.status)
    if search.area_ids is not None:
        records = searched_in_areas(records, search.area_ids)
    return records


def _pinyin_key() -> Collate:
    """The pinyin in byte order: the expression of the (status, pinyin) index of 0012."""
    return Collate(Cast("name_pinyin", models.TextField()), "POSIX")


@dataclass(frozen=True)
class _Part:
    """One of a search's parts: a query of (id, pinyin) and its parameters; ``in_order``
    when its first matches are read from an index already in the list's order; ``kept``
    when its matches are counted in ``cadres_namecount`` (migration 0015)."""

    sql: str
    params: list[Any]
    in_order: bool = False
    kept: _Kept | None = None

    @classmethod
    def of(cls, records: models.QuerySet[Any], *, in_order: bool = False) -> _Part:
        sql, params = records.query.sql_with_params()
        return cls(sql, list(params), in_order)

    @property
    def counted(self) -> tuple[str, list[Any]]:
        """A query of how many records the part holds, and its parameters."""
        if self.kept is not None:
            return self.kept.sql, self.kept.params
        return f"SELECT COUNT(*) FROM ({self.sql}) AS part", self.params  # noqa: S608  # nosec B608


@dataclass(frozen=True)
class _Kept:
    """A count kept in ``cadres_namecount``: the names holding a character (``CHARACTER``)
    or whose pinyin begins with a letter (``LETTER``), of a search's status and areas,
    summed over the areas' rows."""

    kind: str
    key: str
    search: PlainSearch

    @property
    def sql(self) -> str:
        sql = "SELECT COALESCE(SUM(n), 0) FROM cadres_namecount"
        sql += " WHERE kind = %s AND key = %s AND status = %s"
        return sql + ("" if self.search.area_ids is None else " AND area_id = ANY(%s)")

    @property
    def params(self) -> list[Any]:
        params: list[Any] = [self.kind, self.key, self.search.status]
        return params if self.search.area_ids is None else [*params, self.search.area_ids]


CHARACTER, LETTER = "c", "p"  # the kinds of ``cadres_namecount``'s keys


def _written_parts(search: PlainSearch, escaped: str) -> list[_Part]:
    text = search.text
    if len(text) < PIECE:
        # The pieces that begin with the character where it first appears in the name:
        # one per name, in the list's order in the partial index of 0014.
        named = (
            "SELECT cadre_id, pinyin FROM cadres_namepiece"  # noqa: S608  # nosec B608
            f" WHERE left(piece, 1) = %s AND status = %s AND {FIRST_APPEARANCE}"
        )
        params: list[Any] = [text, search.status]
    else:
        named = "SELECT cadre_id, pinyin FROM cadres_namepiece WHERE piece = %s AND status = %s"
        params = [text[:PIECE], search.status]
    if len(text) > PIECE:
        named += " AND name LIKE %s"
        params.append(f"%{escaped}%")
    if search.area_ids is not None:
        named += " AND area_id = ANY(%s)"
        params.append(search.area_ids)
    records = _records(search)
    elsewhere = (
        records.filter(
            contains(records, "former_unit", text) | contains(records, "former_post", text)
        )
        .exclude(name__contains=text)
        .values_list("pk", _pinyin_key())
    )
    kept = _Kept(CHARACTER, text, search) if len(text) < PIECE else None
    return [_Part(named, params, in_order=True, kept=kept), _Part.of(elsewhere)]


def _pinyin_parts(search: PlainSearch, pinyin: str) -> list[_Part]:
    # In byte order the names whose pinyin starts with "zhangx" are those from "zhangx" up
    # to "zhangy", not included.
    key = _pinyin_key()
    prefix = models.Q(
        GreaterThanOrEqual(key, pinyin), LessThan(key, pinyin[:-1] + chr(ord(pinyin[-1]) + 1))
    )
    records = _records(search)
    by_pinyin = _Part.of(records.filter(prefix).values_list("pk", key), in_order=True)
    if len(pinyin) == 1:
        # A name's initials begin with its pinyin's first letter: no name has initials
        # that begin with the letter and pinyin that does not.
        return [replace(by_pinyin, kept=_Kept(LETTER, pinyin, search))]
    by_initials = (
        records.filter(name_initials__startswith=pinyin).exclude(prefix).values_list("pk", key)
    )
    return [by_pinyin, _Part.of(by_initials)]
