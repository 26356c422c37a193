"""The trees synthetic data live in: Laoshan's (the demo's areas) or a synthetic province
(codes starting with 99, which no Chinese province has), built level by level."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from laoshan_portal.accounts.demo import DISTRICT, seed_areas
from laoshan_portal.accounts.models import Area

from .cadres import CHUNK

PROVINCE_CODE, PROVINCE_NAME = "990000", "合成省"
# cities, districts per city, streets per district, communities per street, compounds.
DEFAULT_SHAPE = (16, 10, 8, 10, 3)
SHAPE_LIMITS = (99, 99, 999, 999, 99)  # what the codes below have room for
# An area's code from its parent and its numbers on the way down (1-2-3: city 1, ...).
CodeOf = Callable[[Area, tuple[int, ...]], str]


def laoshan_tree() -> Area:
    root = Area.objects.filter(code=DISTRICT[0]).first()
    if root is None:
        seed_areas()
        root = Area.objects.get(code=DISTRICT[0])
    return root


def province_tree(shape: tuple[int, ...]) -> Area:
    """The synthetic province, built level by level; an existing one is kept as it is."""
    root = Area.objects.filter(code=PROVINCE_CODE).first()
    if root is not None:
        return root
    levels: list[tuple[str, CodeOf, str]] = [
        (Area.Level.CITY, lambda parent, n: f"99{n[-1]:02d}00", "合成市"),
        (Area.Level.DISTRICT, lambda parent, n: f"99{n[-2]:02d}{n[-1]:02d}", "合成区"),
        (Area.Level.STREET, lambda parent, n: f"{parent.code}{n[-1]:03d}", "合成街道"),
        (Area.Level.COMMUNITY, lambda parent, n: f"{parent.code}{n[-1]:03d}", "合成社区"),
        (Area.Level.COMPOUND, lambda parent, n: f"{parent.code}-{n[-1]:02d}", "合成小区"),
    ]
    with transaction.atomic():
        root = Area.objects.create(
            code=PROVINCE_CODE,
            name=PROVINCE_NAME,
            level=Area.Level.PROVINCE,
            parent=None,
            path=f"/{PROVINCE_CODE}/",
            depth=0,
        )
        parents: list[tuple[Area, tuple[int, ...]]] = [(root, ())]
        for (level, code_of, prefix), count in zip(levels, shape, strict=True):
            numbers = [
                (parent, (*numbered, n))
                for parent, numbered in parents
                for n in range(1, count + 1)
            ]
            rows = []
            for parent, numbered in numbers:
                code = code_of(parent, numbered)
                rows.append(
                    Area(
                        code=code,
                        name=prefix + "-".join(map(str, numbered)),
                        level=level,
                        parent=parent,
                        path=f"{parent.path}{code}/",
                        depth=parent.depth + 1,
                    )
                )
            made = Area.objects.bulk_create(rows, batch_size=CHUNK)
            parents = [(area, numbered) for area, (_p, numbered) in zip(made, numbers, strict=True)]
    return root
