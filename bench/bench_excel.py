"""Benchmark of the Excel import (50,000 rows) and export (200,000 rows); run by hand.

    DATABASE_URL=postgres://user:pw@host:port/db .venv/bin/python bench/bench_excel.py

It creates a scratch database next to the one named (``<db>_bench_excel``, dropped at the
end; with no DATABASE_URL a temporary SQLite file), and runs each phase in its own process
so that each peak resident memory (``ru_maxrss``) is that phase's alone.
Options: ``--import-rows N`` (50000), ``--export-rows N`` (200000), ``--keep`` (keep the db).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
GIVEN = "建国秀英志强桂兰海燕春生玉梅立新淑珍长江卫东永刚丽华明学文红军金山凤英树林爱民向阳"
STREETS = ["中韩街道", "沙子口街道", "王哥庄街道", "北宅街道", "金家岭街道"]
SPECIALTIES = ["法律", "书法", "党务", "教育", "医疗", "调解", "文艺", "信息技术"]
KINDS = ["建言献策", "志愿服务", "关心下一代", "矛盾调解", "社区治理"]
HEADERS = ["序号", "姓名", "性别", "民族", "出生年月", "身份证号", "政治面貌", "原工作单位",
           "离退休时间", "离退休类别", "居住街道", "居住社区", "居住小区", "家庭住址", "联系电话",
           "家庭情况", "身体状况", "爱好特长", "发挥作用意向"]  # fmt: skip


def peak_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoshan_portal.settings")
    import django

    django.setup()


def people(count: int, seed: int, communities: list[tuple[str, str, str]]) -> list[list[object]]:
    """Rows of the bureau's sheet with valid, distinct ID numbers."""
    from cadres.validators import id_check_character

    rng = random.Random(seed)
    seen: set[str] = set()
    rows: list[list[object]] = []
    start = date(1935, 1, 1)
    while len(rows) < count:
        born = start + timedelta(days=rng.randrange(30 * 365))
        serial = f"{rng.randrange(1000):03d}"
        first17 = f"370212{born:%Y%m%d}{serial}"
        if first17 in seen:
            continue
        seen.add(first17)
        street, community, compound = rng.choice(communities)
        rows.append([
            len(rows) + 1,
            rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)),
            "男" if int(serial[2]) % 2 else "女",
            "汉族",
            f"{born:%Y.%m}",
            first17 + id_check_character(first17),
            rng.choice(["中共党员", "群众"]),
            "区教育体育局",
            f"{born.year + 60}.{born.month:02d}",
            "退休",
            street,
            community,
            compound,
            f"{compound}{rng.randrange(1, 30)}号楼",
            f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            rng.choice(["独居", "空巢", "与子女同住"]),
            rng.choice(["良好", "一般", "需照护"]),
            "、".join(rng.sample(SPECIALTIES, 2)),
            "、".join(rng.sample(KINDS, 1)),
        ])  # fmt: skip
    return rows


def make_tree() -> list[tuple[str, str, str]]:
    from laoshan_portal.accounts.models import Area

    def add(code: str, name: str, level: str, parent: Area | None) -> Area:
        path = f"{parent.path if parent else '/'}{code}/"
        return Area.objects.create(
            code=code, name=name, level=level, parent=parent, path=path,
            depth=parent.depth + 1 if parent else 0,
        )  # fmt: skip

    district = add("370212", "崂山区", "district", None)
    places = []
    for s, street_name in enumerate(STREETS, start=1):
        street = add(f"370212{s:03d}", street_name, "street", district)
        for c in range(1, 7):
            community = add(
                f"{street.code}{c:03d}", f"{street_name[:2]}{c}社区", "community", street
            )
            for k in range(1, 4):
                name = f"{community.name[:-2]}{k}号小区"
                add(f"{community.code}-{k:02d}", name, "compound", community)
                places.append((street_name, community.name, name))
    return places


def write_sheet(rows: list[list[object]], path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("登记表")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def phase_import(rows: int) -> dict[str, object]:
    setup_django()
    from cadres.importing.checking import check_file
    from cadres.importing.uploads import imports_dir, update_meta
    from cadres.importing.writing import import_run
    from cadres.models import Cadre
    from laoshan_portal.accounts.models import Role, User
    from laoshan_portal.accounts.roles import role_group
    from laoshan_portal.accounts.selectors import scope_for_user

    places = make_tree()
    from laoshan_portal.accounts.models import Area

    admin = User.objects.create(
        username="bench", area=Area.objects.get(code="370212"), role=Role.ADMIN
    )
    admin.groups.set([role_group(Role.ADMIN)])
    scope = scope_for_user(admin)
    data = people(rows, 1, places)
    folder = imports_dir()
    token = "bench" + "x" * 30
    sheet = folder / f"{token}.xlsx"
    started = time.perf_counter()
    write_sheet(data, sheet)
    written = time.perf_counter() - started
    del data
    update_meta(token, user=admin.pk, filename="bench.xlsx", state="checked")
    size_mb = sheet.stat().st_size / 1e6
    started = time.perf_counter()
    check = check_file(sheet, scope=scope)
    dry = time.perf_counter() - started
    if not check.is_valid:
        raise SystemExit(f"the generated sheet has errors: {check.errors[:5]}")
    started = time.perf_counter()
    meta = import_run(token=token, user_id=admin.pk)
    confirm = time.perf_counter() - started
    if meta["state"] != "done":
        raise SystemExit(f"the import failed: {meta}")
    return {
        "rows": rows,
        "sheet_mb": round(size_mb, 1),
        "write_sheet_s": round(written, 1),
        "dry_run_s": round(dry, 1),
        "confirm_s (check again + write)": round(confirm, 1),
        "records": Cadre.objects.count(),
        "peak_rss_mb": round(peak_mb(), 1),
    }


def phase_per_row(rows: int) -> dict[str, object]:
    """cadre_create once per row on a sample, to compare with the bulk path."""
    setup_django()
    from cadres import services
    from cadres.importing.rows import RowChecker
    from laoshan_portal.accounts.models import User
    from laoshan_portal.accounts.selectors import scope_for_user

    admin = User.objects.get(username="bench")
    scope = scope_for_user(admin)
    checker = RowChecker(scope)
    sample = people(rows, 3, [(s, c, k) for s, c, k in _places()])
    parsed = []
    for number, values in enumerate(sample, start=2):
        row = dict(zip(_keys(), values, strict=True))
        item, errors = checker.check(number, row)
        if item is None:
            raise SystemExit(f"the generated row has errors: {errors}")
        parsed.append(item)
    parsed = not_yet_registered(parsed)
    fields = services.EDITABLE_FIELDS
    started = time.perf_counter()
    for item in parsed:
        services.cadre_create(
            scope=scope,
            actor=admin,
            data={f: getattr(item.cadre, f) for f in fields},
            specialties=item.specialties,
            service_kinds=item.service_kinds,
        )
    elapsed = time.perf_counter() - started
    done = len(parsed)
    return {"rows": done, "cadre_create_s": round(elapsed, 2),
            "extrapolated_50000_s": round(elapsed / done * 50000)}  # fmt: skip


def not_yet_registered(items: list[Any]) -> list[Any]:
    """The checked rows whose ID number the registry does not hold yet."""
    from cadres.models import Cadre

    hashes = [item.cadre.id_number_hash for item in items]
    taken = set(
        Cadre.objects.filter(id_number_hash__in=hashes).values_list("id_number_hash", flat=True)
    )
    return [item for item in items if item.cadre.id_number_hash not in taken]


def _places() -> list[tuple[str, str, str]]:
    from laoshan_portal.accounts.models import Area

    found = []
    for compound in Area.objects.filter(level="compound").select_related("parent__parent"):
        found.append((compound.parent.parent.name, compound.parent.name, compound.name))
    return found


def _keys() -> list[str]:
    from cadres.importing.sheet import header_key, header_lookup

    lookup = header_lookup()
    return [lookup[header_key(h)] for h in HEADERS]


def phase_fill(total: int) -> dict[str, object]:
    """Top the registry up to ``total`` records through the bulk path (not timed)."""
    setup_django()
    from cadres.importing.rows import RowChecker
    from cadres.importing.writing import cadre_import_rows
    from cadres.models import Cadre
    from laoshan_portal.accounts.models import User
    from laoshan_portal.accounts.selectors import scope_for_user

    admin = User.objects.get(username="bench")
    scope = scope_for_user(admin)
    missing = total - Cadre.objects.count()
    places = _places()
    keys = _keys()
    seed = 10
    while missing > 0:
        batch = min(missing, 25000)
        checker = RowChecker(scope)
        items = []
        for number, values in enumerate(people(batch, seed, places), start=2):
            item, _errors = checker.check(number, dict(zip(keys, values, strict=True)))
            if item is not None:
                items.append(item)
        items = not_yet_registered(items)
        cadre_import_rows(scope=scope, actor=admin, rows=items)
        missing -= len(items)
        seed += 1
    return {"records": Cadre.objects.count()}


def phase_export(full: bool) -> dict[str, object]:
    setup_django()
    from cadres.excel_export import export_workbook
    from cadres.models import Cadre
    from laoshan_portal.accounts.models import User
    from laoshan_portal.accounts.selectors import scope_for_user

    admin = User.objects.get(username="bench")
    scope = scope_for_user(admin)
    before = peak_mb()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        count = export_workbook(
            queryset=Cadre.objects.filter(status="active").select_related("area"),
            scope=scope,
            full=full,
            out=out,
        )
        size = out.tell() / 1e6
    return {
        "rows": count,
        "sensitive_in_full": full,
        "seconds": round(time.perf_counter() - started, 1),
        "file_mb": round(size, 1),
        "rss_before_mb": round(before, 1),
        "peak_rss_mb": round(peak_mb(), 1),
    }


def run_child(phase: str, arg: str, env: dict[str, str]) -> dict[str, object]:
    finished = subprocess.run(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, "--phase", phase, "--arg", arg],
        env=env,
        capture_output=True,
        text=True,
    )
    if finished.returncode:
        raise SystemExit(f"phase {phase} failed:\n{finished.stderr[-3000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--import-rows", type=int, default=50000)
    parser.add_argument("--export-rows", type=int, default=200000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--phase")
    parser.add_argument("--arg", default="")
    args = parser.parse_args()
    if args.phase:
        phases = {
            "import": lambda: phase_import(int(args.arg)),
            "per_row": lambda: phase_per_row(int(args.arg)),
            "fill": lambda: phase_fill(int(args.arg)),
            "export": lambda: phase_export(args.arg == "full"),
        }
        print(json.dumps(phases[args.phase](), ensure_ascii=False))
        return

    env = dict(os.environ)
    media = tempfile.mkdtemp(prefix="bench-excel-media-")
    env["MEDIA_ROOT"] = media
    url = env.get("DATABASE_URL", "")
    scratch = None
    if url.startswith("postgres"):
        parts = urlsplit(url)
        scratch = parts.path.lstrip("/") + "_bench_excel"
        env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + scratch))
        _admin_sql(url, f'DROP DATABASE IF EXISTS "{scratch}"')
        _admin_sql(url, f'CREATE DATABASE "{scratch}"')
    else:
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench-excel-')}/bench.sqlite3"
    print(f"database: {env['DATABASE_URL'].rsplit('@', 1)[-1]}")
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    try:
        print("import:", run_child("import", str(args.import_rows), env))
        print("cadre_create per row:", run_child("per_row", "500", env))
        print("fill:", run_child("fill", str(args.export_rows), env))
        print("export masked:", run_child("export", "masked", env))
        print("export full:", run_child("export", "full", env))
    finally:
        shutil.rmtree(media, ignore_errors=True)  # the generated sheet holds fake people only
        if scratch and not args.keep:
            _admin_sql(url, f'DROP DATABASE IF EXISTS "{scratch}"')


def _admin_sql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


if __name__ == "__main__":
    main()
