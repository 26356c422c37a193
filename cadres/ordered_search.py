"""A plain search's count and first matches in the list's order, from indexes alone.

Sorting a search's matches by pinyin means reading every one of them first: 建华 is
nearly ten thousand people in a million, each on its own page of the table. On
PostgreSQL the indexes of migrations 0012 and 0013 hold the matches already in pinyin
order, with what a search filters on, so the count and the first pages are read from
them without visiting a record:

- a Chinese text: the names from ``cadres_namepiece`` (the index of the names'
  two-character pieces and of each name's last character: for two characters or more,
  the text's first two, and the whole text from the name the index holds; for one, the
  pieces that begin with it, each name's where it first appears), and, with them, the
  records whose former work unit or post holds the text and whose name does not;
- a pinyin text: the pinyin prefix as a range of the (status, pinyin) index, and the
  initials that start with it whose pinyin does not.

The two parts of each have no record in common, so they are counted together without
removing doubles. Anything else (a specialty the text names, another filter, another
order) is left to the query of the whole list (``registry_matches``).
"""

from __future__ import annotations

import sys
from typing import Any

from django.db import connections, models
from django.db.models.functions import Cast, Collate
from django.db.models.lookups import GreaterThanOrEqual, LessThan

from .filters import ASCII_QUERY, PlainSearch, contains, searched_in_areas, specialties_named
from .models import Cadre

PIECE = 2  # the length of the pieces in ``cadres_namepiece``


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
    elif (len(text) >= PIECE or ord(text) < sys.maxunicode) and not specialties_named(text):
        parts = _written_parts(search, connection.ops.prep_for_like_query(text))
    else:
        return None
    direction = "DESC" if search.descending else "ASC"
    union = " UNION ALL ".join(f"({sql})" for sql, _params in parts)
    params = [param for _sql, part in parts for param in part]
    # The parts are compiled querysets and fixed text; every value is a parameter.
    sql = (
        f"SELECT id, COUNT(*) OVER () FROM ({union}) AS found (id, key) "  # noqa: S608  # nosec B608
        f"ORDER BY key {direction}, id {direction} LIMIT %s"
    )
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


def _written_parts(search: PlainSearch, escaped: str) -> list[tuple[str, list[Any]]]:
    text = search.text
    if len(text) < PIECE:
        # The pieces that begin with the character, in byte order (the column's "C"):
        # from it up to the next one. Of a name holding it twice, only the piece where it
        # first appears (the index holds the name: no record visited, no doubles removed).
        named = (
            "SELECT cadre_id, pinyin FROM cadres_namepiece"
            " WHERE piece >= %s AND piece < %s AND status = %s"
            " AND piece = substr(name, strpos(name, %s), 2)"
        )
        params: list[Any] = [text, chr(ord(text) + 1), search.status, text]
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
    return [(named, params), _compiled(elsewhere)]


def _pinyin_parts(search: PlainSearch, pinyin: str) -> list[tuple[str, list[Any]]]:
    # In byte order the names whose pinyin starts with "zhangx" are those from "zhangx" up
    # to "zhangy", not included.
    key = _pinyin_key()
    prefix = models.Q(
        GreaterThanOrEqual(key, pinyin), LessThan(key, pinyin[:-1] + chr(ord(pinyin[-1]) + 1))
    )
    records = _records(search)
    by_pinyin = records.filter(prefix).values_list("pk", key)
    by_initials = (
        records.filter(name_initials__startswith=pinyin).exclude(prefix).values_list("pk", key)
    )
    return [_compiled(by_pinyin), _compiled(by_initials)]


def _compiled(records: models.QuerySet[Any]) -> tuple[str, list[Any]]:
    sql, params = records.query.sql_with_params()
    return sql, list(params)
